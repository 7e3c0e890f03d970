/// One pipeline: a name (its folder under `inbox/`, `outbox/` and `registry/`), a kind, and the
/// thresholds that drive it.
public struct PipelineConfig: Sendable, Equatable {
  public var name: String
  public var kind: PipelineKind
  /// Takes files of its kind dropped straight into `inbox/` (the first pipeline of each kind
  /// unless another says `default: true`).
  public var isDefault: Bool
  /// Datasets that must arrive since the last training run before one is due.
  public var minNewDatasets: Int
  /// Times of day (UTC, `HH:MM`) at which training is due.
  public var schedule: [String]
  /// The target column of a tabular pipeline.
  public var target: String?
  /// The validation metric that picks the best model and gates promotion (`mrr`, `hits@1`,
  /// `auc` for family trees; `f1`, `auc`, … for tables). Larger is better.
  public var metric: String
  /// How much a new model must beat production by, on `metric`, to be promoted.
  public var minImprovement: Double
  /// How much any other tracked metric may get worse before promotion is refused.
  public var regressionTolerance: Double
  /// Whether a model that passes the gate is promoted to production without a person.
  public var autoPromote: Bool
  /// Candidates listed per person in predictions.
  public var topK: Int
  /// Training settings (`key: value`), as `ohana train --set key=value` would give them.
  public var training: [String: String]
  /// Reading, checking and gating of a tabular pipeline.
  public var tabular = TabularSettings()
  /// Drift, canary, experiments, performance and approvals of the pipeline's models.
  public var monitoring = MonitoringSettings()

  public init(
    name: String, kind: PipelineKind, isDefault: Bool = false, minNewDatasets: Int = 3,
    schedule: [String] = [], target: String? = nil, metric: String? = nil, minImprovement: Double = 0.01,
    regressionTolerance: Double = 0.02, autoPromote: Bool = true, topK: Int = 5,
    training: [String: String] = [:]
  ) {
    self.name = name
    self.kind = kind
    self.isDefault = isDefault
    self.minNewDatasets = minNewDatasets
    self.schedule = schedule
    self.target = target
    self.metric = metric ?? (kind == .gedcom ? "mrr" : "f1")
    self.minImprovement = minImprovement
    self.regressionTolerance = regressionTolerance
    self.autoPromote = autoPromote
    self.topK = topK
    self.training = training
  }

  /// Folder names inside a pipeline's inbox that later stages own; ingest leaves them alone.
  public static let reservedSubfolders: Set<String> = ["predict", "feedback"]

  /// The folder of `inbox/` where a person moves the approvals of `outbox/approvals/` (taken by
  /// tick and watch, never by ingest).
  public static let approvalsFolder = "approvals"

  /// Names a pipeline may not have, because Ohana uses them for its own folders.
  public static let reservedNames: Set<String> = ["rejected", "alerts", "metrics", "approvals"]
}
