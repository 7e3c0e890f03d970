import Foundation
import OhanaConfig
import OhanaFiles
import OhanaGEDCOM
import OhanaIngest
import OhanaJSON
import OhanaLearn
import OhanaLifecycle
import OhanaParentage
import OhanaStore

/// Training, promotion and predictions of a family-tree pipeline, as files.
///
/// A run's id is a hash of everything that determines its result (datasets, settings, code
/// version, feature schema), so training the same inputs twice finds the run already recorded
/// and does nothing, and a run killed half way is redone from the start and lands on the same
/// artifact, version and files.
public struct ParentageWorkflow {
  let context: PipelineContext

  public var workspace: Workspace { context.workspace }
  public var pipeline: PipelineConfig { context.pipeline }
  var store: ContentStore { context.store }
  var log: (String) -> Void { context.log }

  public init(workspace: Workspace, pipeline: PipelineConfig, log: @escaping (String) -> Void = { _ in })
    throws
  {
    context = try PipelineContext(workspace: workspace, pipeline: pipeline, kind: .gedcom, log: log)
  }

  /// What a run would train on, and with what.
  public struct Plan: Sendable {
    public var runID: String
    public var datasets: [DatasetCatalog.Entry]
    public var settings: TrainingSettings
    public var alreadyRecorded: Bool

    /// The plan in words, for `--dry-run`.
    public var description: String {
      PipelineContext.describe(
        runID: runID, alreadyRecorded: alreadyRecorded,
        training:
          "families: \(settings.families.map(\.rawValue).joined(separator: ", ")); seed \(settings.seed); "
          + "mask \(settings.maskFraction); metric \(settings.metric)",
        datasets: datasets.map { "\($0.sha256.prefix(12)) \($0.name)" })
    }
  }

  /// The plan for the pipeline's current datasets with `overrides` (`key=value`) applied over
  /// the configuration's `training:` settings.
  public func plan(overrides: [String] = []) throws -> Plan {
    let datasets = try context.datasets()
    var defaults = TrainingSettings()
    defaults.topK = pipeline.topK
    let settings = try context.settings(defaults, overrides: overrides)
    let runID = context.runID(
      datasets: datasets, settings: settings.json,
      identity: ["feature_schema_version": .integer(PairFeatures.schemaVersion)])
    return Plan(
      runID: runID, datasets: datasets, settings: settings, alreadyRecorded: try context.isRecorded(runID))
  }

  /// What a training command did.
  public typealias Outcome = TrainingRunOutcome

  /// Trains every configured model family, records the run, registers the best model in
  /// staging and promotes it when it passes the gate (and `auto_promote` allows).
  public func train(overrides: [String] = [], trigger: String = "by hand") throws -> Outcome {
    let plan = try plan(overrides: overrides)
    if plan.alreadyRecorded { return try context.alreadyRecorded(plan.runID) }
    let started = Timestamp.now()
    let graphs = try plan.datasets.map {
      (name: $0.name, graph: try DatasetCatalog.graph(of: $0, store: store))
    }
    log(
      "training \(plan.settings.families.map(\.rawValue).joined(separator: ", ")) on \(graphs.count) tree(s)")
    let outcome = try ParentageTrainer.train(graphs: graphs, settings: plan.settings, progress: log)
    var families: [String: JSONValue] = [:]
    var artifacts: [ModelFamily: String] = [:]
    for (family, result) in outcome.results.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      let artifact = try store.store(bytes: result.model.encoded())
      artifacts[family] = artifact.sha256
      families[family.rawValue] = [
        "artifact": .string(artifact.sha256), "metrics": result.metrics.json,
        "scores": .object(Self.scores(result.metrics).mapValues { .double($0) }),
        "per_dataset": .object(result.metricsByGraph.mapValues(\.json)),
        "history": .array(result.history.map(\.json)), "duration_seconds": .double(result.durationSeconds),
      ]
    }
    let best = outcome.best
    guard let bestResult = outcome.results[best], let bestArtifact = artifacts[best] else {
      throw TrainingError.noDatasets(pipeline: pipeline.name)
    }
    let datasetSHAs = plan.datasets.map(\.sha256)
    let version = try context.register(
      family: best.rawValue, runID: plan.runID, metrics: bestResult.metrics.json, artifact: bestArtifact,
      schema: PairFeatures.schemaVersion, datasets: datasetSHAs)
    let decision = try gate(
      candidate: bestResult.metrics, outcome: outcome, graphs: graphs, settings: plan.settings)
    let promotion = try context.promote(
      version, decision: decision, runID: plan.runID, metrics: bestResult.metrics.json)
    var extra: [String: JSONValue] = [
      "seed": .int(Int64(bitPattern: plan.settings.seed)),
      "feature_schema_version": .integer(PairFeatures.schemaVersion),
    ]
    extra["cross_file"] = try crossFileEvaluation(graphs: graphs, settings: plan.settings)
    let record = context.runRecord(
      runID: plan.runID, trigger: trigger, started: started, parameters: plan.settings.json,
      datasets: datasetSHAs,
      families: families, best: best.rawValue, metric: plan.settings.metric, version: version,
      decision: decision, promotion: promotion, extra: extra)
    try context.commit(
      runID: plan.runID, record: record, report: RunReport.html(record, datasets: plan.datasets))
    log("run \(plan.runID): best \(best.rawValue), model \(version); \(decision.reason)")
    try refreshPredictions()
    return Outcome(
      runID: plan.runID, version: version.description, promoted: promotion.promoted, gate: decision.reason,
      report: context.reportPath(plan.runID), skipped: false)
  }

  /// With two or more trees: models trained on the others, tested on each of the largest
  /// trees in turn (``Evaluation/crossGraph(graphs:settings:progress:)``, bounded by the
  /// `crossFile*` settings), as the run record's `cross_file` section; nil otherwise.
  private func crossFileEvaluation(
    graphs: [(name: String, graph: FamilyGraph)], settings: TrainingSettings
  ) throws -> JSONValue? {
    guard graphs.count >= 2, settings.crossFileTrees > 0 else { return nil }
    let started = Timestamp.now()
    log("cross-file evaluation: holding out up to \(settings.crossFileTrees) of \(graphs.count) trees")
    let rounds = try Evaluation.crossGraph(graphs: graphs, settings: settings, progress: log)
    return [
      "rounds": .array(rounds.map(\.json)), "max_held_out_trees": .integer(settings.crossFileTrees),
      "max_test_people": .integer(settings.crossFileTestPeople),
      "max_training_people": .integer(min(settings.maxTrainingQueries, settings.crossFileTrainingQueries)),
      "duration_seconds": .double(Timestamp.now() - started),
    ]
  }

  /// The gate, with production re-evaluated on this run's masked links when it exists, so both
  /// are judged on the same evaluation; the baseline is this run's heuristic scorer.
  private func gate(
    candidate: EvaluationMetrics, outcome: TrainingOutcome, graphs: [(name: String, graph: FamilyGraph)],
    settings: TrainingSettings
  ) throws -> PromotionGate.Decision {
    let gate = context.gate(metric: settings.metric)
    let production = try context.production().map {
      Self.pooledScores(
        model: try ParentageModel(decoding: store.read($0.artifact)), graphs: graphs, settings: settings)
    }
    let baseline = outcome.results[.heuristic].map { Self.scores($0.metrics) }
    return gate.decide(candidate: Self.scores(candidate), production: production, baseline: baseline)
  }

  /// A model's metrics on the same masked links the trainer used (graph `i` masked with stream
  /// `i`), pooled over the graphs: ranking metrics weighted by masked people, pair metrics by
  /// pairs.
  static func pooledScores(
    model: ParentageModel, graphs: [(name: String, graph: FamilyGraph)], settings: TrainingSettings
  ) -> [String: Double] {
    var sums: [String: Double] = [:]
    var queries = 0.0
    var pairs = 0.0
    for (index, entry) in graphs.enumerated() {
      let masking = LinkMasking(
        graph: entry.graph, fraction: settings.maskFraction, seed: settings.seed, stream: UInt64(index))
      let metrics = Evaluation.evaluate(model: model, graph: entry.graph, masking: masking)
      let people = Double(metrics.queries)
      let pairCount = Double(metrics.pairs)
      queries += people
      pairs += pairCount
      for (name, value) in scores(metrics) {
        sums[name, default: 0] += value * (name == "auc" || name == "brier" ? pairCount : people)
      }
    }
    return sums.reduce(into: [:]) { result, item in
      let weight = item.key == "auc" || item.key == "brier" ? pairs : queries
      result[item.key] = weight > 0 ? item.value / weight : 0
    }
  }

  static func scores(_ metrics: EvaluationMetrics) -> [String: Double] {
    var scores: [String: Double] = [:]
    for name in EvaluationMetrics.metricNames { scores[name] = metrics.score(of: name) }
    return scores
  }

  // MARK: - Predictions

  /// The production model and its manifest.
  public func productionModel() throws -> (version: String, artifact: String, model: ParentageModel) {
    guard let production = try context.production() else {
      throw TrainingError.noProductionModel(pipeline: pipeline.name)
    }
    return (
      production.version.description, production.artifact,
      try ParentageModel(decoding: store.read(production.artifact))
    )
  }

  /// Writes predictions for every dataset of the pipeline that has none from the current
  /// production model. Returns the files written.
  @discardableResult
  public func refreshPredictions() throws -> [String] {
    guard try context.models.channel(pipeline.name).production != nil else { return [] }
    let production = try productionModel()
    var written: [String] = []
    for entry in try DatasetCatalog(registry: workspace.registry, pipeline: pipeline.name).entries {
      let stem = Self.stem(of: entry, pipeline: pipeline.name)
      let files = TreePredictionFiles(workspace: workspace, pipeline: pipeline.name, stem: stem)
      if files.areCurrent(version: production.version, datasetSHA256: entry.sha256) { continue }
      let graph = try DatasetCatalog.graph(of: entry, store: store)
      written += try writePredictions(
        graph: graph, datasetSHA: entry.sha256, stem: stem, production: production)
    }
    return written
  }

  /// Predicts parents for a GEDCOM file given by hand (`ohana predict`).
  public func predict(file: String) throws -> [String] {
    let production = try productionModel()
    let bytes = try DurableFile.read(file)
    let graph = FamilyGraph.build(from: try GEDCOMParser.parse(bytes: bytes))
    return try writePredictions(
      graph: graph, datasetSHA: SHA256Hasher.hash(bytes), stem: Self.stem(of: Path.name(of: file)),
      production: production)
  }

  private func writePredictions(
    graph: FamilyGraph, datasetSHA: String, stem: String,
    production: (version: String, artifact: String, model: ParentageModel)
  ) throws -> [String] {
    let provenance: JSONValue = [
      "pipeline": .string(pipeline.name), "model_version": .string(production.version),
      "model_artifact_sha256": .string(production.artifact),
      "model_family": .string(production.model.family.rawValue),
      "dataset_sha256": .string(datasetSHA), "code_version": .string(CodeVersion.current),
    ]
    let predictions = ParentPredictions.predict(graph: graph, model: production.model, topK: pipeline.topK)
    let files = TreePredictionFiles(workspace: workspace, pipeline: pipeline.name, stem: stem)
    try Directory.create(workspace.outboxFolder(pipeline: pipeline.name, "predictions"))
    try DurableFile.write(predictions.csv(), to: files.csv)
    try DurableFile.write(CanonicalJSON.bytes(predictions.json(provenance: provenance)), to: files.json)
    try DurableFile.write(CanonicalJSON.bytes(provenance), to: files.provenance)
    log("predictions: \(files.json)")
    return [files.json, files.csv, files.provenance]
  }

  /// The output name of a dataset's predictions and reports: its inbox name without the
  /// pipeline's folder, flattened, without `.ged`/`.gz`.
  static func stem(of entry: DatasetCatalog.Entry, pipeline: String) -> String {
    stem(
      of: entry.name.hasPrefix(pipeline + "/") ? String(entry.name.dropFirst(pipeline.count + 1)) : entry.name
    )
  }

  /// An output name from an input name: flattened, without `.ged`/`.gz`.
  static func stem(of name: String) -> String {
    var stem = InboxNames.flatten(name)
    for suffix in [".gz", ".ged", ".GED"] where stem.hasSuffix(suffix) {
      stem = String(stem.dropLast(suffix.count))
    }
    return stem
  }
}
