/// A drift statistic, named as in Evidently, with its default threshold and its direction.
public enum DriftMethod: String, Sendable, CaseIterable {
  /// Two-sample Kolmogorov–Smirnov p-value (numeric only).
  case ks
  /// Chi-square goodness-of-fit p-value of the current counts against the reference shares.
  case chiSquare = "chisquare"
  /// Two-proportion z-test p-value (at most two values).
  case zTest = "z"
  /// Wasserstein distance divided by the reference's standard deviation (numeric only).
  case wasserstein = "wasserstein"
  /// Jensen–Shannon distance (natural logarithm).
  case jensenShannon = "jensenshannon"
  /// Population stability index.
  case psi
  /// Kullback–Leibler divergence of the reference from the current distribution.
  case klDivergence = "kl_div"

  /// Whether the score is a p-value (drift when small) rather than a distance (drift when large).
  public var isPValue: Bool {
    switch self {
    case .ks, .chiSquare, .zTest: true
    case .wasserstein, .jensenShannon, .psi, .klDivergence: false
    }
  }

  /// Whether the method applies to categorical columns (every method applies to numeric ones).
  public var appliesToCategorical: Bool { self != .ks && self != .wasserstein }

  /// Evidently's default threshold: 0.05 for p-values, 0.1 for distances.
  public var defaultThreshold: Double { isPValue ? 0.05 : 0.1 }

  /// Whether `score` means drift at `threshold`, with Evidently's comparisons: KS drifts at
  /// p ≤ threshold, chi-square and z at p < threshold, distances at ≥ threshold.
  public func drifted(score: Double, threshold: Double) -> Bool {
    switch self {
    case .ks: score <= threshold
    case .chiSquare, .zTest: score < threshold
    case .wasserstein, .jensenShannon, .psi, .klDivergence: score >= threshold
    }
  }
}
