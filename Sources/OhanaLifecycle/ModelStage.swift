/// Where a model version stands in its life.
public enum ModelStage: String, Sendable, CaseIterable, Comparable {
  /// Trained and recorded; not serving.
  case staging
  /// Serving a share of the traffic next to production.
  case canary
  /// Serving.
  case production
  /// Replaced; kept for rollback.
  case deprecated
  /// Retired for good.
  case archived

  private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

  public static func < (lhs: ModelStage, rhs: ModelStage) -> Bool { lhs.order < rhs.order }
}
