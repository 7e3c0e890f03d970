/// The kinds of parent-prediction model.
public enum ModelFamily: String, CaseIterable, Sendable {
  /// Hand-written weighted rules (the baseline to beat).
  case heuristic
  /// L2-regularized logistic regression on the pair features.
  case logistic
  /// Gradient-boosted decision trees on the pair features.
  case boostedTrees = "boosted-trees"
  /// A two-layer GraphSAGE network over the person–family graph, decoding links from the two
  /// embeddings and the pair features.
  case graphSAGE = "graphsage"
}
