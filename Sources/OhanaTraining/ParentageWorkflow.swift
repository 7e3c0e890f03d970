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
  public let workspace: Workspace
  public let pipeline: PipelineConfig
  let store: ContentStore
  let models: ModelRegistry
  let log: (String) -> Void

  public init(workspace: Workspace, pipeline: PipelineConfig, log: @escaping (String) -> Void = { _ in })
    throws
  {
    guard pipeline.kind == .gedcom else {
      throw TrainingError.wrongKind(pipeline: pipeline.name, expected: "gedcom")
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
    public var datasets: [DatasetCatalog.Entry]
    public var settings: TrainingSettings
    public var alreadyRecorded: Bool

    /// The plan in words, for `--dry-run`.
    public var description: String {
      var lines = ["run \(runID)\(alreadyRecorded ? " (already recorded: nothing to do)" : "")"]
      lines.append(
        "families: \(settings.families.map(\.rawValue).joined(separator: ", ")); seed \(settings.seed); "
          + "mask \(settings.maskFraction); metric \(settings.metric)")
      lines += datasets.map { "  dataset \($0.sha256.prefix(12)) \($0.name)" }
      return lines.joined(separator: "\n")
    }
  }

  /// The plan for the pipeline's current datasets with `overrides` (`key=value`) applied over
  /// the configuration's `training:` settings.
  public func plan(overrides: [String] = []) throws -> Plan {
    let datasets = try DatasetCatalog(registry: workspace.registry, pipeline: pipeline.name).entries
    guard !datasets.isEmpty else { throw TrainingError.noDatasets(pipeline: pipeline.name) }
    var settings = TrainingSettings()
    settings.metric = pipeline.metric
    settings.topK = pipeline.topK
    for (key, value) in pipeline.training.sorted(by: { $0.key < $1.key }) { try settings.apply(key, value) }
    try settings.apply(assignments: overrides)
    let identity: JSONValue = [
      "pipeline": .string(pipeline.name), "datasets": .array(datasets.map { .string($0.sha256) }),
      "settings": settings.json, "code": .string(CodeVersion.current),
      "feature_schema_version": .integer(PairFeatures.schemaVersion),
    ]
    let runID = String(SHA256Hasher.hash(CanonicalJSON.bytes(identity)).prefix(16))
    let recorded = try models.run(pipeline.name, runID) != nil
    return Plan(runID: runID, datasets: datasets, settings: settings, alreadyRecorded: recorded)
  }

  /// What a training command did.
  public typealias Outcome = TrainingRunOutcome

  /// Trains every configured model family, records the run, registers the best model in
  /// staging and promotes it when it passes the gate (and `auto_promote` allows).
  public func train(overrides: [String] = [], trigger: String = "by hand") throws -> Outcome {
    let plan = try plan(overrides: overrides)
    if plan.alreadyRecorded {
      let run = try models.run(pipeline.name, plan.runID)
      log("run \(plan.runID) is already recorded; nothing to train")
      return Outcome(
        runID: plan.runID, version: run?["model_version"]?.stringValue, promoted: false,
        gate: run?["gate"]?["reason"]?.stringValue ?? "", report: run?["report"]?.stringValue, skipped: true)
    }
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
    let now = Timestamp.nowISO8601()
    let datasetSHAs = plan.datasets.map(\.sha256)
    let registration = try models.register(
      pipeline.name,
      manifest: [
        "family": .string(best.rawValue), "run": .string(plan.runID), "metrics": bestResult.metrics.json,
        "artifact": ["sha256": .string(bestArtifact), "path": .string(artifactPath(bestArtifact))],
        "code_version": .string(CodeVersion.current), "created_at": .string(now),
      ],
      artifact: bestArtifact, schema: PairFeatures.schemaVersion, datasets: datasetSHAs, time: now)
    let decision = try gate(
      candidate: bestResult.metrics, outcome: outcome, graphs: graphs, settings: plan.settings)
    var promoted = false
    let channel = try models.channel(pipeline.name)
    var approval: String?
    if decision.promote, pipeline.autoPromote, channel.production != registration.version {
      // With `monitoring.approvals.promotion`, a person decides; the run records the request.
      switch try Approvals(workspace: workspace, log: log).promoteOrRequest(
        pipeline: pipeline, version: registration.version, reason: decision.reason,
        evidence: ["run": .string(plan.runID), "metrics": bestResult.metrics.json, "gate": decision.json],
        now: Timestamp.now())
      {
      case .carriedOut: promoted = true
      case .requested(let id), .pending(let id): approval = id
      case .refused, .decided: break
      }
    }
    let crossFile = try crossFileEvaluation(graphs: graphs, settings: plan.settings)
    let reportPath = "outbox/\(pipeline.name)/reports/run-\(plan.runID).html"
    var record: JSONValue = [
      "schema": "ohana.run/1", "run_id": .string(plan.runID), "pipeline": .string(pipeline.name),
      "kind": "gedcom", "trigger": .string(trigger), "started_at": .string(Timestamp.iso8601(started)),
      "finished_at": .string(Timestamp.nowISO8601()), "duration_seconds": .double(Timestamp.now() - started),
      "code_version": .string(CodeVersion.current), "seed": .int(Int64(bitPattern: plan.settings.seed)),
      "parameters": plan.settings.json, "feature_schema_version": .integer(PairFeatures.schemaVersion),
      "datasets": .array(datasetSHAs.map { .string($0) }), "families": .object(families),
      "best": .string(best.rawValue), "metric": .string(plan.settings.metric),
      "model_version": .string(registration.version.description),
      "gate": decision.json, "promoted": .bool(promoted), "approval": .nullable(approval),
      "report": .string(reportPath),
    ]
    if let crossFile, case .object(var members) = record {
      members["cross_file"] = crossFile
      record = .object(members)
    }
    let reportFolder = workspace.outboxFolder(pipeline: pipeline.name, "reports")
    try Directory.create(reportFolder)
    try DurableFile.write(
      RunReport.html(record, datasets: plan.datasets), to: Path.join(reportFolder, "run-\(plan.runID).html"))
    // The run record is the commit point: written last, it marks the run done.
    try models.recordRun(pipeline.name, plan.runID, record)
    log("run \(plan.runID): best \(best.rawValue), model \(registration.version); \(decision.reason)")
    try refreshPredictions()
    return Outcome(
      runID: plan.runID, version: registration.version.description, promoted: promoted, gate: decision.reason,
      report: reportPath, skipped: false)
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
    let gate = PromotionGate(
      metric: settings.metric, minImprovement: pipeline.minImprovement,
      regressionTolerance: pipeline.regressionTolerance)
    var production: [String: Double]?
    if let version = try models.channel(pipeline.name).production,
      let manifest = try models.model(pipeline.name, version),
      let sha = manifest["artifact"]?["sha256"]?.stringValue
    {
      let model = try ParentageModel(decoding: store.read(sha))
      production = Self.pooledScores(model: model, graphs: graphs, settings: settings)
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

  private func artifactPath(_ sha256: String) -> String {
    "artifacts/" + String(store.path(of: sha256).dropFirst(store.root.count + 1))
  }

  // MARK: - Predictions

  /// The production model and its manifest.
  public func productionModel() throws -> (version: String, artifact: String, model: ParentageModel) {
    guard let version = try models.channel(pipeline.name).production,
      let manifest = try models.model(pipeline.name, version),
      let sha = manifest["artifact"]?["sha256"]?.stringValue
    else { throw TrainingError.noProductionModel(pipeline: pipeline.name) }
    return (version.description, sha, try ParentageModel(decoding: store.read(sha)))
  }

  /// Writes predictions for every dataset of the pipeline that has none from the current
  /// production model. Returns the files written.
  @discardableResult
  public func refreshPredictions() throws -> [String] {
    guard try models.channel(pipeline.name).production != nil else { return [] }
    let production = try productionModel()
    var written: [String] = []
    for entry in try DatasetCatalog(registry: workspace.registry, pipeline: pipeline.name).entries {
      let stem = Self.stem(
        of: entry.name.hasPrefix(pipeline.name + "/")
          ? String(entry.name.dropFirst(pipeline.name.count + 1)) : entry.name)
      // The small provenance file, written last, says what the predictions beside it came
      // from; reading it is cheap, unlike the predictions of a large tree, and tick runs often.
      let provenancePath = Path.join(predictionsFolder, stem + ".parents.provenance.json")
      if let existing = try? JSONParser.parse(DurableFile.read(provenancePath)),
        existing["model_version"]?.stringValue == production.version,
        existing["dataset_sha256"]?.stringValue == entry.sha256
      {
        continue
      }
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

  private var predictionsFolder: String { workspace.outboxFolder(pipeline: pipeline.name, "predictions") }

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
    try Directory.create(predictionsFolder)
    let jsonPath = Path.join(predictionsFolder, stem + ".parents.json")
    let csvPath = Path.join(predictionsFolder, stem + ".parents.csv")
    try DurableFile.write(predictions.csv(), to: csvPath)
    try DurableFile.write(CanonicalJSON.bytes(predictions.json(provenance: provenance)), to: jsonPath)
    let provenancePath = Path.join(predictionsFolder, stem + ".parents.provenance.json")
    try DurableFile.write(CanonicalJSON.bytes(provenance), to: provenancePath)
    log("predictions: \(jsonPath)")
    return [jsonPath, csvPath, provenancePath]
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
