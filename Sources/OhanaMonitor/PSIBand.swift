/// The customary reading of a population stability index.
public enum PSIBand: String, Sendable {
  /// Below 0.1: no significant change.
  case stable
  /// From 0.1 to 0.2: a moderate change, worth watching.
  case moderate
  /// 0.2 and above: a significant change.
  case significant

  /// The band of a PSI value.
  public init(psi: Double) {
    self = psi < 0.1 ? .stable : psi < 0.2 ? .moderate : .significant
  }
}
