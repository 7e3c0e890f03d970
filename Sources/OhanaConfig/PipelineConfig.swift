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

  public init(
    name: String, kind: PipelineKind, isDefault: Bool = false, minNewDatasets: Int = 3,
    schedule: [String] = [], target: String? = nil
  ) {
    self.name = name
    self.kind = kind
    self.isDefault = isDefault
    self.minNewDatasets = minNewDatasets
    self.schedule = schedule
    self.target = target
  }

  /// Folder names inside a pipeline's inbox that later stages own; ingest leaves them alone.
  public static let reservedSubfolders: Set<String> = ["predict", "feedback"]

  /// Names a pipeline may not have, because Ohana uses them for its own folders.
  public static let reservedNames: Set<String> = ["rejected", "alerts", "metrics", "approvals"]
}
