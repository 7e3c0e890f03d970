/// The outcome of a statistical test: its statistic and the two-sided p-value.
public struct HypothesisTestResult: Sendable, Equatable {
  /// The test statistic (D for Kolmogorov–Smirnov, χ² for chi-square, z for z-tests).
  public var statistic: Double
  /// The probability, under the null hypothesis, of a statistic at least this extreme.
  public var pValue: Double

  /// A result from its parts.
  public init(statistic: Double, pValue: Double) {
    self.statistic = statistic
    self.pValue = pValue
  }
}
