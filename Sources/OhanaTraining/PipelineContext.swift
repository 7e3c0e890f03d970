import OhanaClassifiers
import OhanaConfig
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaParentage
import OhanaStore

/// What the training workflows of both kinds of pipeline share: the tree, the pipeline, the
/// store and registries, the run id, the registration of the best model, the promotion request,
/// the run record's common fields and the order in which a run's files are written.
struct PipelineContext {
  let workspace: Workspace
  let pipeline: PipelineConfig
  let store: ContentStore
  let models: ModelRegistry
  let log: (String) -> Void

  /// The context of `pipeline`, which must be of `kind`.
  init(workspace: Workspace, pipeline: PipelineConfig, kind: PipelineKind, log: @escaping (String) -> Void)
    throws
  {
    guard pipeline.kind == kind else {
      throw TrainingError.wrongKind(pipeline: pipeline.name, expected: kind.rawValue)
    }
    self.workspace = workspace
    self.pipeline = pipeline
    store = workspace.store
    models = ModelRegistry(registry: workspace.registry)
    self.log = log
  }

  /// The pipeline's accepted datasets that `include` keeps; at least one, or an error saying
  /// where to put files.
  func datasets(where include: (DatasetCatalog.Entry) -> Bool = { _ in true }) throws -> [DatasetCatalog
    .Entry]
  {
    let datasets = try DatasetCatalog(registry: workspace.registry, pipeline: pipeline.name).entries.filter(
      include)
    guard !datasets.isEmpty else { throw TrainingError.noDatasets(pipeline: pipeline.name) }
    return datasets
  }

  /// `settings` with the pipeline's metric, then its `training:` settings (in key order), then
  /// `overrides` (`key=value`) applied.
  func settings<Settings: RunSettings>(_ settings: Settings, overrides: [String]) throws -> Settings {
    var settings = settings
    settings.metric = pipeline.metric
    for (key, value) in pipeline.training.sorted(by: { $0.key < $1.key }) { try settings.apply(key, value) }
    try settings.apply(assignments: overrides)
    return settings
  }

  /// The run id: a hash of everything that decides a run's result (`identity` adds what is
  /// particular to the kind of pipeline).
  func runID(datasets: [DatasetCatalog.Entry], settings: JSONValue, identity: [String: JSONValue]) -> String {
    var fields = identity
    fields["pipeline"] = .string(pipeline.name)
    fields["datasets"] = .array(datasets.map { .string($0.sha256) })
    fields["settings"] = settings
    fields["code"] = .string(CodeVersion.current)
    return String(SHA256Hasher.hash(CanonicalJSON.bytes(.object(fields))).prefix(16))
  }

  /// Whether the run `runID` is recorded (its record is the last file a run writes).
  func isRecorded(_ runID: String) throws -> Bool { try models.run(pipeline.name, runID) != nil }

  /// The outcome of a run found already recorded: nothing is trained again.
  func alreadyRecorded(_ runID: String) throws -> TrainingRunOutcome {
    let run = try models.run(pipeline.name, runID)
    log("run \(runID) is already recorded; nothing to train")
    return TrainingRunOutcome(
      runID: runID, version: run?["model_version"]?.stringValue, promoted: false,
      gate: run?["gate"]?["reason"]?.stringValue ?? "", report: run?["report"]?.stringValue, skipped: true)
  }

  /// A plan in words, for `--dry-run`: the run, how it trains, then one line per dataset.
  static func describe(runID: String, alreadyRecorded: Bool, training: String, datasets: [String]) -> String {
    let run = "run \(runID)\(alreadyRecorded ? " (already recorded: nothing to do)" : "")"
    return ([run, training] + datasets.map { "  dataset " + $0 }).joined(separator: "\n")
  }

  /// Registers the best model of run `runID` in staging; `extra` adds the kind's own manifest
  /// fields to the common ones.
  func register(
    family: String, runID: String, metrics: JSONValue, artifact: String, schema: Int, datasets: [String],
    extra: [String: JSONValue] = [:]
  ) throws -> SemanticVersion {
    let now = Timestamp.nowISO8601()
    var manifest = extra
    manifest["family"] = .string(family)
    manifest["run"] = .string(runID)
    manifest["metrics"] = metrics
    manifest["artifact"] = ["sha256": .string(artifact), "path": .string(artifactPath(artifact))]
    manifest["code_version"] = .string(CodeVersion.current)
    manifest["created_at"] = .string(now)
    return try models.register(
      pipeline.name, manifest: .object(manifest), artifact: artifact, schema: schema, datasets: datasets,
      time: now
    ).version
  }

  /// The production model's version, manifest and artifact, if the channel has one.
  func production() throws -> (version: SemanticVersion, manifest: JSONValue, artifact: String)? {
    guard let version = try models.channel(pipeline.name).production,
      let manifest = try models.model(pipeline.name, version),
      let artifact = manifest["artifact"]?["sha256"]?.stringValue
    else { return nil }
    return (version, manifest, artifact)
  }

  /// The pipeline's promotion gate on `metric`.
  func gate(metric: String) -> PromotionGate {
    PromotionGate(
      metric: metric, minImprovement: pipeline.minImprovement,
      regressionTolerance: pipeline.regressionTolerance)
  }

  /// What the promotion step of a run did.
  struct Promotion {
    var promoted = false
    /// The approval request the promotion waits for.
    var approval: String?
    /// Why the promotion was refused.
    var refusal: String?

    /// The waiting or refusal, as a clause to add to the gate's reason.
    var note: String {
      (approval.map { "; promotion waits for approval \($0) (outbox/approvals/\($0).json)" } ?? "")
        + (refusal.map { "; promotion refused: \($0)" } ?? "")
    }
  }

  /// Promotes `version` when the gate's `decision` says so, `allowed` (the kind's own checks)
  /// holds, `auto_promote` is on and it is not production already; with
  /// `monitoring.approvals.promotion` a person decides, and the run records the request.
  func promote(
    _ version: SemanticVersion, decision: PromotionGate.Decision, runID: String, metrics: JSONValue,
    allowed: Bool = true
  ) throws -> Promotion {
    var promotion = Promotion()
    guard decision.promote, allowed, pipeline.autoPromote,
      try models.channel(pipeline.name).production != version
    else { return promotion }
    let evidence: JSONValue = ["run": .string(runID), "metrics": metrics, "gate": decision.json]
    switch try Approvals(workspace: workspace, log: log).promoteOrRequest(
      pipeline: pipeline, version: version, reason: decision.reason, evidence: evidence, now: Timestamp.now())
    {
    case .carriedOut: promotion.promoted = true
    case .requested(let id), .pending(let id): promotion.approval = id
    case .refused(let reason): promotion.refusal = reason
    case .decided: break
    }
    return promotion
  }

  /// The report of run `runID`, relative to the root.
  func reportPath(_ runID: String) -> String { "outbox/\(pipeline.name)/reports/run-\(runID).html" }

  /// The fields every run record has; `extra` adds the kind's own.
  func runRecord(
    runID: String, trigger: String, started: Double, parameters: JSONValue, datasets: [String],
    families: [String: JSONValue], best: String, metric: String, version: SemanticVersion,
    decision: PromotionGate.Decision, promotion: Promotion, extra: [String: JSONValue]
  ) -> JSONValue {
    var record = extra
    let common: [String: JSONValue] = [
      "schema": "ohana.run/1", "run_id": .string(runID), "pipeline": .string(pipeline.name),
      "kind": .string(pipeline.kind.rawValue), "trigger": .string(trigger),
      "started_at": .string(Timestamp.iso8601(started)), "finished_at": .string(Timestamp.nowISO8601()),
      "duration_seconds": .double(Timestamp.now() - started), "code_version": .string(CodeVersion.current),
      "parameters": parameters, "datasets": .array(datasets.map { .string($0) }),
      "families": .object(families),
      "best": .string(best), "metric": .string(metric), "model_version": .string(version.description),
      "gate": decision.json, "promoted": .bool(promotion.promoted), "approval": .nullable(promotion.approval),
      "report": .string(reportPath(runID)),
    ]
    record.merge(common) { _, shared in shared }
    return .object(record)
  }

  /// Writes the run's report, then its record: the record is the commit point, written last,
  /// so a run killed before it is redone to the same files.
  func commit(runID: String, record: JSONValue, report: String) throws {
    let folder = workspace.outboxFolder(pipeline: pipeline.name, "reports")
    try Directory.create(folder)
    try DurableFile.write(report, to: Path.join(folder, "run-\(runID).html"))
    try models.recordRun(pipeline.name, runID, record)
  }

  /// A store artifact's path relative to the root (`artifacts/sha256/ab/…`).
  func artifactPath(_ sha256: String) -> String {
    "artifacts/" + String(store.path(of: sha256).dropFirst(store.root.count + 1))
  }
}

/// Training settings of either kind, as a pipeline's configuration and `--set` change them.
protocol RunSettings {
  var metric: String { get set }
  var json: JSONValue { get }
  mutating func apply(_ key: String, _ value: String) throws
  mutating func apply(assignments: [String]) throws
}

extension ClassifierSettings: RunSettings {}
extension TrainingSettings: RunSettings {}
