/// How the two classes are weighted during training.
public enum ClassWeighting: String, Sendable, CaseIterable {
  /// Every example counts by its sample weight alone.
  case none
  /// Each class is scaled by `n / (2 * n_class)` (counts of rows), so both classes carry the same
  /// total weight, as scikit-learn's `class_weight="balanced"`.
  case balanced
}

extension ClassWeighting {
  /// The per-row training weights: sample weights (1 when absent) times class weights.
  static func rowWeights(
    labels: [Bool], sampleWeights: [Double]?, weighting: ClassWeighting
  ) throws(LearnError) -> [Double] {
    let count = labels.count
    var weights = [Double](repeating: 1, count: count)
    if let sampleWeights {
      guard sampleWeights.count == count else {
        throw .mismatchedLengths(what: "sampleWeights", expected: count, actual: sampleWeights.count)
      }
      for (index, weight) in sampleWeights.enumerated() {
        guard weight.isFinite, weight >= 0 else {
          throw .invalidWeights("weight \(weight) at row \(index) is negative or not finite")
        }
        weights[index] = weight
      }
    }
    if weighting == .balanced {
      let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
      let negatives = count - positives
      let positiveWeight = positives > 0 ? Double(count) / (2 * Double(positives)) : 1
      let negativeWeight = negatives > 0 ? Double(count) / (2 * Double(negatives)) : 1
      for index in 0..<count { weights[index] *= labels[index] ? positiveWeight : negativeWeight }
    }
    var positiveTotal = 0.0
    var negativeTotal = 0.0
    for index in 0..<count {
      if labels[index] { positiveTotal += weights[index] } else { negativeTotal += weights[index] }
    }
    guard positiveTotal > 0, negativeTotal > 0 else {
      throw .invalidWeights("each class needs a positive total weight")
    }
    return weights
  }
}
