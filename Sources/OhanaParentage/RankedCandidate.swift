/// One candidate parents' family for a person, with its probability and the reasons.
public struct RankedCandidate: Sendable, Equatable {
  /// The family's index in the graph.
  public var family: Int
  /// The calibrated probability that this family is the person's parents (see
  /// ``Calibration`` for how it is normalized).
  public var probability: Double
  /// The model's raw score (log-odds scale), before calibration.
  public var score: Double
  /// The facts that weighed most, strongest first.
  public var reasons: [Reason]

  /// A ranked candidate.
  public init(family: Int, probability: Double, score: Double, reasons: [Reason]) {
    self.family = family
    self.probability = probability
    self.score = score
    self.reasons = reasons
  }
}
