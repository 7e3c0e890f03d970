import OhanaJSON

/// Decides whether a newly trained model may replace production.
///
/// The candidate must beat production on the gating metric by at least `minImprovement` and
/// may not fall behind on any other tracked metric by more than `regressionTolerance`. With no
/// production model yet, it must beat the baseline (the heuristic scorer) on the gating metric.
public struct PromotionGate: Sendable, Equatable {
  public var metric: String
  public var minImprovement: Double
  public var regressionTolerance: Double

  public init(metric: String, minImprovement: Double, regressionTolerance: Double) {
    self.metric = metric
    self.minImprovement = minImprovement
    self.regressionTolerance = regressionTolerance
  }

  /// The outcome and its reason, in words.
  public struct Decision: Sendable, Equatable {
    public var promote: Bool
    public var reason: String

    public var json: JSONValue { ["promote": .bool(promote), "reason": .string(reason)] }
  }

  /// Metrics where smaller is better; every other metric is better larger.
  public static func isLoss(_ metric: String) -> Bool {
    metric.contains("loss") || metric == "brier" || metric.hasSuffix("_seconds") || metric.hasPrefix("latency")
  }

  /// Compares the candidate with production (or, without production, with the baseline).
  public func decide(candidate: [String: Double], production: [String: Double]?, baseline: [String: Double]?)
    -> Decision
  {
    guard let score = candidate[metric] else {
      return Decision(promote: false, reason: "the candidate has no \(metric) to compare")
    }
    guard let production else {
      guard let baselineScore = baseline?[metric] else {
        return Decision(promote: false, reason: "no production model and no baseline to compare with")
      }
      let promote = Self.isLoss(metric) ? score < baselineScore : score > baselineScore
      return Decision(
        promote: promote,
        reason: "no production model yet; \(metric) \(Self.format(score)) "
          + (promote ? "beats" : "does not beat") + " the baseline's \(Self.format(baselineScore))")
    }
    guard let current = production[metric] else {
      return Decision(promote: true, reason: "production has no \(metric); the candidate replaces it")
    }
    let gain = Self.isLoss(metric) ? current - score : score - current
    guard gain >= minImprovement else {
      return Decision(
        promote: false,
        reason: "\(metric) \(Self.format(score)) vs production \(Self.format(current)): an improvement of "
          + "\(Self.format(gain)), less than the \(Self.format(minImprovement)) required")
    }
    for (name, value) in candidate.sorted(by: { $0.key < $1.key }) where name != metric {
      guard let old = production[name] else { continue }
      let loss = Self.isLoss(name) ? value - old : old - value
      if loss > regressionTolerance {
        return Decision(
          promote: false,
          reason: "\(metric) improves by \(Self.format(gain)), but \(name) gets worse: \(Self.format(value)) vs "
            + "\(Self.format(old)) (tolerance \(Self.format(regressionTolerance)))")
      }
    }
    return Decision(
      promote: true,
      reason: "\(metric) \(Self.format(score)) beats production's \(Self.format(current)) by \(Self.format(gain)) "
        + "with no other metric worse beyond \(Self.format(regressionTolerance))")
  }

  /// A metric rounded to four decimals, for messages.
  public static func format(_ value: Double) -> String {
    let rounded = (value * 10_000).rounded() / 10_000
    return "\(rounded)"
  }
}
