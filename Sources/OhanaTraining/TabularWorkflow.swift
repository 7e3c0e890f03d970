import Foundation
import OhanaClassifiers
import OhanaConfig
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaStore
import OhanaTabular

/// Training, promotion and batch predictions of a tabular pipeline, as files.
///
/// As for family trees, a run's id is a hash of everything that determines its result, so the
/// same inputs are never trained twice and a run killed half way is redone to the same files.
public struct TabularWorkflow {
  let context: PipelineContext

  public var workspace: Workspace { context.workspace }
  public var pipeline: PipelineConfig { context.pipeline }
  var log: (String) -> Void { context.log }

  public init(workspace: Workspace, pipeline: PipelineConfig, log: @escaping (String) -> Void = { _ in })
    throws
  {
    context = try PipelineContext(workspace: workspace, pipeline: pipeline, kind: .tabular, log: log)
  }

  /// What a run would train on, and with what.
  public struct Plan: Sendable {
    public var runID: String
    /// The datasets of the current schema's major version (older majors cannot be mixed in).
    public var datasets: [DatasetCatalog.Entry]
    public var schema: TableSchema
    public var settings: ClassifierSettings
    public var alreadyRecorded: Bool

    /// The plan in words, for `--dry-run`.
    public var description: String {
      PipelineContext.describe(
        runID: runID, alreadyRecorded: alreadyRecorded,
        training:
          "families: \(settings.families.map(\.rawValue).joined(separator: ", ")); \(settings.folds)-fold "
          + "cross-validation; seed \(settings.seed); metric \(settings.metric); schema \(schema.version)",
        datasets: datasets.map { "\($0.sha256.prefix(12)) \($0.name) (\($0.rows) rows)" })
    }
  }

  /// The plan for the pipeline's current datasets with `overrides` (`key=value`) applied over
  /// the configuration's `training:` settings.
  public func plan(overrides: [String] = []) throws -> Plan {
    guard let schema = try SchemaCatalog(registry: workspace.registry, pipeline: pipeline.name).current()
    else {
      throw TrainingError.noSchema(pipeline: pipeline.name)
    }
    let major = SchemaCatalog.order(schema.version).first
    let datasets = try context.datasets {
      $0.schemaVersion.map { SchemaCatalog.order($0).first == major } ?? false
    }
    let settings = try context.settings(ClassifierSettings(), overrides: overrides)
    let runID = context.runID(
      datasets: datasets, settings: settings.json,
      identity: ["schema": schema.json, "id_column": .nullable(pipeline.tabular.idColumn)])
    return Plan(
      runID: runID, datasets: datasets, schema: schema, settings: settings,
      alreadyRecorded: try context.isRecorded(runID))
  }

  /// Cross-validates every configured family, records the run, registers the best model in
  /// staging and promotes it when it passes both gates (and `auto_promote` allows).
  public func train(overrides: [String] = [], trigger: String = "by hand") throws -> TrainingRunOutcome {
    let plan = try plan(overrides: overrides)
    if plan.alreadyRecorded { return try context.alreadyRecorded(plan.runID) }
    let started = Timestamp.now()
    let (table, datasetRows) = try Self.tableAndRowCounts(of: plan.datasets, store: context.store)
    log(
      "training \(plan.settings.families.map(\.rawValue).joined(separator: ", ")) on \(table.rowCount) rows "
        + "of \(plan.datasets.count) dataset(s)")
    let outcome = try ClassifierTrainer.train(
      table: table, schema: plan.schema, idColumn: pipeline.tabular.idColumn, settings: plan.settings,
      progress: log)
    let artifact = try context.store.store(bytes: outcome.model.encoded())
    let validationGate = validationGate(outcome, metric: plan.settings.metric)
    let datasetSHAs = plan.datasets.map(\.sha256)
    let bestMetrics = outcome.results[outcome.best]!.metrics
    let schemaMajor = SchemaCatalog.order(plan.schema.version).first ?? 1
    let version = try context.register(
      family: outcome.best.rawValue, runID: plan.runID, metrics: bestMetrics.json, artifact: artifact.sha256,
      schema: schemaMajor, datasets: datasetSHAs,
      extra: [
        "table_schema": .string(plan.schema.version), "validation_gate": validationGate.json,
        "latency_ms_per_1000": .double(outcome.latencyMillisecondsPer1000),
      ])
    let evaluation = TabularEvaluation(
      table: table, datasets: zip(datasetSHAs, datasetRows).map { ($0, $1) }, outcome: outcome)
    let decision = try promotionDecision(evaluation, schemaMajor: schemaMajor, metric: plan.settings.metric)
    let promotion = try context.promote(
      version, decision: decision, runID: plan.runID, metrics: bestMetrics.json,
      allowed: validationGate.passed)
    var families: [String: JSONValue] = [:]
    for (family, result) in outcome.results {
      families[family.rawValue] = [
        "metrics": result.metrics.json, "fold_auc": .array(result.foldAUC.map { .double($0) }),
        "history": .array(result.history.map(\.json)), "duration_seconds": .double(result.durationSeconds),
      ]
    }
    let record = context.runRecord(
      runID: plan.runID, trigger: trigger, started: started, parameters: plan.settings.json,
      datasets: datasetSHAs,
      families: families, best: outcome.best.rawValue, metric: plan.settings.metric, version: version,
      decision: decision, promotion: promotion,
      extra: [
        "seed": .string(String(plan.settings.seed)), "table_schema": .string(plan.schema.version),
        "rows": .integer(outcome.labels.count), "rows_without_target": .integer(outcome.rowsWithoutTarget),
        "baseline": outcome.baseline.json, "validation_gate": validationGate.json,
        "importances": .array(
          outcome.model.importances.prefix(30).map {
            ["column": .string($0.column), "importance": .double($0.importance)]
          }),
      ])
    try context.commit(
      runID: plan.runID, record: record,
      report: TabularRunReport.html(record, outcome: outcome, datasets: plan.datasets))
    log(
      "run \(plan.runID): best \(outcome.best.rawValue), model \(version); \(decision.reason)"
        + (validationGate.passed
          ? "" : "; validation gate failed: " + validationGate.reasons.joined(separator: "; ")))
    return TrainingRunOutcome(
      runID: plan.runID, version: version.description, promoted: promotion.promoted,
      gate: decision.reason + promotion.note, report: context.reportPath(plan.runID), skipped: false)
  }

  /// The rows of `datasets` (at least one) in one table, as training reads them.
  static func table(of datasets: [DatasetCatalog.Entry], store: ContentStore) throws -> CSVTable {
    try tableAndRowCounts(of: datasets, store: store).table
  }

  /// ``table(of:store:)`` with the number of rows each dataset gave, in order.
  static func tableAndRowCounts(of datasets: [DatasetCatalog.Entry], store: ContentStore) throws -> (
    table: CSVTable, rows: [Int]
  ) {
    var table = try DatasetCatalog.table(of: datasets[0], store: store)
    var rows = [table.rowCount]
    for entry in datasets.dropFirst() {
      let next = try DatasetCatalog.table(of: entry, store: store)
      rows.append(next.rowCount)
      table = try table.appending(next)
    }
    return (table, rows)
  }

  /// The configured minimum metric and maximum latency a model must meet to leave staging.
  struct ValidationGate {
    var passed: Bool { reasons.isEmpty }
    var reasons: [String]
    var json: JSONValue { ["passed": .bool(passed), "reasons": .array(reasons.map { .string($0) })] }
  }

  private func validationGate(_ outcome: ClassifierTrainer.Outcome, metric: String) -> ValidationGate {
    var reasons: [String] = []
    let score = outcome.results[outcome.best]?.metrics.score(of: metric) ?? .nan
    if let minimum = pipeline.tabular.minMetric, !(score >= minimum) {
      reasons.append("\(metric) \(PromotionGate.format(score)) is below the minimum \(minimum)")
    }
    if let maximum = pipeline.tabular.maxLatencyMillisecondsPer1000,
      outcome.latencyMillisecondsPer1000 > maximum
    {
      reasons.append(
        "batch prediction takes \(PromotionGate.format(outcome.latencyMillisecondsPer1000)) ms per 1,000 rows, "
          + "above the maximum \(maximum)")
    }
    return ValidationGate(reasons: reasons)
  }

  /// The promotion gate against production judged on the same rows as the candidate (see
  /// ``TabularEvaluation``) when production's model can read this run's table and some rows are
  /// new to it; otherwise against production's recorded cross-validated metrics. The reason
  /// starts by saying which. Without production, the majority-class baseline.
  private func promotionDecision(
    _ evaluation: TabularEvaluation, schemaMajor: Int, metric: String
  ) throws -> PromotionGate.Decision {
    let gate = context.gate(metric: metric)
    let candidate = evaluation.outcome.results[evaluation.outcome.best]!.metrics.scores
    guard let production = try context.production() else {
      return gate.decide(candidate: candidate, production: nil, baseline: evaluation.outcome.baseline.scores)
    }
    let model = try TabularModel(decoding: context.store.read(production.artifact))
    let trainedOn = Set((production.manifest["datasets"]?.arrayValue ?? []).compactMap(\.stringValue))
    switch evaluation.basis(production: model, trainedOn: trainedOn, schemaMajor: schemaMajor) {
    case .holdout(let rows, let datasets, let candidateScores, let productionScores):
      var decision = gate.decide(candidate: candidateScores, production: productionScores, baseline: nil)
      decision.reason =
        "judged with production on the \(rows) rows of \(datasets) dataset(s) it was not trained on: "
        + decision.reason
      return decision
    case .recorded(let why):
      let recorded = (production.manifest["metrics"]?.objectValue ?? [:]).compactMapValues(\.doubleValue)
        .filter { ClassifierMetrics.names.contains($0.key) }
      var decision = gate.decide(candidate: candidate, production: recorded, baseline: nil)
      decision.reason = "judged on production's recorded cross-validated metrics (\(why)): " + decision.reason
      return decision
    }
  }
}
