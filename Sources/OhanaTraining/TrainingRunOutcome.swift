/// What a training command did, for either kind of pipeline.
public struct TrainingRunOutcome: Sendable {
  public var runID: String
  /// The model version registered (or found, when the run was already recorded).
  public var version: String?
  /// Whether the model went to production.
  public var promoted: Bool
  /// The promotion gate's reason, in words.
  public var gate: String
  /// The HTML report, relative to the root.
  public var report: String?
  /// True when the run was recorded already and nothing was trained.
  public var skipped: Bool

  public init(runID: String, version: String?, promoted: Bool, gate: String, report: String?, skipped: Bool) {
    self.runID = runID
    self.version = version
    self.promoted = promoted
    self.gate = gate
    self.report = report
    self.skipped = skipped
  }
}
