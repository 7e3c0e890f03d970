import OhanaTabular

/// The model families a tabular pipeline trains and compares.
public enum ClassifierFamily: String, Sendable, CaseIterable, Comparable {
  /// L2-regularized logistic regression (Newton steps; standardization inside the model).
  case logistic
  /// Bootstrap-aggregated trees with feature subsampling.
  case randomForest = "random_forest"
  /// Histogram gradient-boosted trees with native missing values and categories.
  case boostedTrees = "gbt"

  /// How the family wants its features: trees take level codes and missing values as they are;
  /// the linear model needs one-hot categories and imputed numbers.
  public var encoding: FeatureEncoder.Mode {
    switch self {
    case .logistic, .randomForest: .oneHot
    case .boostedTrees: .native
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
