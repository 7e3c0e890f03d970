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
  public let workspace: Workspace
  public let pipeline: PipelineConfig
  let store: ContentStore
  let models: ModelRegistry
  let log: (String) -> Void

  public init(workspace: Workspace, pipeline: PipelineConfig, log: @escaping (String) -> Void = { _ in })
    throws
  {
    guard pipeline.kind == .tabular else {
      throw TrainingError.wrongKind(pipeline: pipeline.name, expected: "tabular")
    }
    self.workspace = workspace
    self.pipeline = pipeline
    store = workspace.store
    models = ModelRegistry(registry: workspace.registry)
    self.log = log
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
      var lines = ["run \(runID)\(alreadyRecorded ? " (already recorded: nothing to do)" : "")"]
      lines.append(
        "families: \(settings.families.map(\.rawValue).joined(separator: ", ")); \(settings.folds)-fold "
          + "cross-validation; seed \(settings.seed); metric \(settings.metric); schema \(schema.version)")
      lines += datasets.map { "  dataset \($0.sha256.prefix(12)) \($0.name) (\($0.rows) rows)" }
      return lines.joined(separator: "\n")
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
    let datasets = try DatasetCatalog(registry: workspace.registry, pipeline: pipeline.name).entries.filter {
      $0.schemaVersion.map { SchemaCatalog.order($0).first == major } ?? false
    }
    guard !datasets.isEmpty else { throw TrainingError.noDatasets(pipeline: pipeline.name) }
    var settings = ClassifierSettings()
    settings.metric = pipeline.metric
    for (key, value) in pipeline.training.sorted(by: { $0.key < $1.key }) { try settings.apply(key, value) }
    try settings.apply(assignments: overrides)
    let identity: JSONValue = [
      "pipeline": .string(pipeline.name), "datasets": .array(datasets.map { .string($0.sha256) }),
      "settings": settings.json, "code": .string(CodeVersion.current), "schema": schema.json,
      "id_column": .nullable(pipeline.tabular.idColumn),
    ]
    let runID = String(SHA256Hasher.hash(CanonicalJSON.bytes(identity)).prefix(16))
    let recorded = try models.run(pipeline.name, runID) != nil
    return Plan(
      runID: runID, datasets: datasets, schema: schema, settings: settings, alreadyRecorded: recorded)
  }

  /// Cross-validates every configured family, records the run, registers the best model in
  /// staging and promotes it when it passes both gates (and `auto_promote` allows).
  public func train(overrides: [String] = [], trigger: String = "by hand") throws -> TrainingRunOutcome {
    let plan = try plan(overrides: overrides)
    if plan.alreadyRecorded {
      let run = try models.run(pipeline.name, plan.runID)
      log("run \(plan.runID) is already recorded; nothing to train")
      return TrainingRunOutcome(
        runID: plan.runID, version: run?["model_version"]?.stringValue, promoted: false,
        gate: run?["gate"]?["reason"]?.stringValue ?? "", report: run?["report"]?.stringValue, skipped: true)
    }
    let started = Timestamp.now()
    let table = try Self.table(of: plan.datasets, store: store)
    log(
      "training \(plan.settings.families.map(\.rawValue).joined(separator: ", ")) on \(table.rowCount) rows "
        + "of \(plan.datasets.count) dataset(s)")
    let outcome = try ClassifierTrainer.train(
      table: table, schema: plan.schema, idColumn: pipeline.tabular.idColumn, settings: plan.settings,
      progress: log)
    let artifact = try store.store(bytes: outcome.model.encoded())
    let validationGate = validationGate(outcome, metric: plan.settings.metric)
    let now = Timestamp.nowISO8601()
    let datasetSHAs = plan.datasets.map(\.sha256)
    let bestMetrics = outcome.results[outcome.best]!.metrics
    let schemaMajor = SchemaCatalog.order(plan.schema.version).first ?? 1
    let registration = try models.register(
      pipeline.name,
      manifest: [
        "family": .string(outcome.best.rawValue), "run": .string(plan.runID), "metrics": bestMetrics.json,
        "artifact": ["sha256": .string(artifact.sha256), "path": .string(artifactPath(artifact.sha256))],
        "code_version": .string(CodeVersion.current), "created_at": .string(now),
        "table_schema": .string(plan.schema.version), "validation_gate": validationGate.json,
        "latency_ms_per_1000": .double(outcome.latencyMillisecondsPer1000),
      ],
      artifact: artifact.sha256, schema: schemaMajor, datasets: datasetSHAs, time: now)
    let decision = try promotionDecision(
      candidate: bestMetrics, baseline: outcome.baseline, metric: plan.settings.metric)
    var promoted = false
    var approval: String?
    var refusal: String?
    if decision.promote, validationGate.passed, pipeline.autoPromote,
      try models.channel(pipeline.name).production != registration.version
    {
      // With `monitoring.approvals.promotion`, a person decides; the run records the request.
      let evidence: JSONValue = [
        "run": .string(plan.runID), "metrics": bestMetrics.json, "gate": decision.json,
      ]
      switch try Approvals(workspace: workspace, log: log).promoteOrRequest(
        pipeline: pipeline, version: registration.version, reason: decision.reason, evidence: evidence,
        now: Timestamp.now())
      {
      case .carriedOut: promoted = true
      case .requested(let id), .pending(let id): approval = id
      case .refused(let reason): refusal = reason
      case .decided: break
      }
    }
    var families: [String: JSONValue] = [:]
    for (family, result) in outcome.results {
      families[family.rawValue] = [
        "metrics": result.metrics.json, "fold_auc": .array(result.foldAUC.map { .double($0) }),
        "history": .array(result.history.map(\.json)), "duration_seconds": .double(result.durationSeconds),
      ]
    }
    let reportPath = "outbox/\(pipeline.name)/reports/run-\(plan.runID).html"
    let record: JSONValue = [
      "schema": "ohana.run/1", "run_id": .string(plan.runID), "pipeline": .string(pipeline.name),
      "kind": "tabular", "trigger": .string(trigger), "started_at": .string(Timestamp.iso8601(started)),
      "finished_at": .string(Timestamp.nowISO8601()), "duration_seconds": .double(Timestamp.now() - started),
      "code_version": .string(CodeVersion.current), "seed": .string(String(plan.settings.seed)),
      "parameters": plan.settings.json, "table_schema": .string(plan.schema.version),
      "datasets": .array(datasetSHAs.map { .string($0) }), "rows": .integer(outcome.labels.count),
      "rows_without_target": .integer(outcome.rowsWithoutTarget), "families": .object(families),
      "best": .string(outcome.best.rawValue), "metric": .string(plan.settings.metric),
      "baseline": outcome.baseline.json, "model_version": .string(registration.version.description),
      "validation_gate": validationGate.json, "gate": decision.json, "promoted": .bool(promoted),
      "approval": .nullable(approval),
      "report": .string(reportPath),
      "importances": .array(
        outcome.model.importances.prefix(30).map {
          ["column": .string($0.column), "importance": .double($0.importance)]
        }),
    ]
    let reportFolder = workspace.outboxFolder(pipeline: pipeline.name, "reports")
    try Directory.create(reportFolder)
    try DurableFile.write(
      TabularRunReport.html(record, outcome: outcome, datasets: plan.datasets),
      to: Path.join(reportFolder, "run-\(plan.runID).html"))
    // The run record is the commit point: written last, it marks the run done.
    try models.recordRun(pipeline.name, plan.runID, record)
    log(
      "run \(plan.runID): best \(outcome.best.rawValue), model \(registration.version); \(decision.reason)"
        + (validationGate.passed
          ? "" : "; validation gate failed: " + validationGate.reasons.joined(separator: "; ")))
    let waiting =
      (approval.map { "; promotion waits for approval \($0) (outbox/approvals/\($0).json)" } ?? "")
      + (refusal.map { "; promotion refused: \($0)" } ?? "")
    return TrainingRunOutcome(
      runID: plan.runID, version: registration.version.description, promoted: promoted,
      gate: decision.reason + waiting, report: reportPath, skipped: false)
  }

  /// The rows of `datasets` (at least one) in one table, as training reads them.
  static func table(of datasets: [DatasetCatalog.Entry], store: ContentStore) throws -> CSVTable {
    var table = try DatasetCatalog.table(of: datasets[0], store: store)
    for entry in datasets.dropFirst() {
      table = try table.appending(DatasetCatalog.table(of: entry, store: store))
    }
    return table
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

  /// The promotion gate against production's cross-validated metrics (recorded in its
  /// manifest) when production shares the schema's major version; without production, the
  /// majority-class baseline.
  private func promotionDecision(
    candidate: ClassifierMetrics, baseline: ClassifierMetrics, metric: String
  ) throws -> PromotionGate.Decision {
    let gate = PromotionGate(
      metric: metric, minImprovement: pipeline.minImprovement,
      regressionTolerance: pipeline.regressionTolerance)
    var production: [String: Double]?
    if let version = try models.channel(pipeline.name).production,
      let manifest = try models.model(pipeline.name, version), let metrics = manifest["metrics"]?.objectValue
    {
      production = metrics.compactMapValues(\.doubleValue).filter { ClassifierMetrics.names.contains($0.key) }
    }
    return gate.decide(candidate: candidate.scores, production: production, baseline: baseline.scores)
  }

  private func artifactPath(_ sha256: String) -> String {
    "artifacts/" + String(store.path(of: sha256).dropFirst(store.root.count + 1))
  }
}
