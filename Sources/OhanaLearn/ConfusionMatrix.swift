/// Counts of a binary classifier's outcomes at one threshold, with the usual ratios.
///
/// Ratios whose denominator is zero are 0 rather than NaN.
public struct ConfusionMatrix: Sendable, Equatable {
  /// The threshold: rows with `probability >= threshold` are predicted positive.
  public let threshold: Double
  /// Positive rows predicted positive.
  public let truePositives: Int
  /// Negative rows predicted positive.
  public let falsePositives: Int
  /// Negative rows predicted negative.
  public let trueNegatives: Int
  /// Positive rows predicted negative.
  public let falseNegatives: Int

  /// Creates a matrix from counts.
  public init(
    threshold: Double, truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int
  ) {
    self.threshold = threshold
    self.truePositives = truePositives
    self.falsePositives = falsePositives
    self.trueNegatives = trueNegatives
    self.falseNegatives = falseNegatives
  }

  /// Counts outcomes when rows with `probability >= threshold` are predicted positive.
  public init(probabilities: [Double], labels: [Bool], threshold: Double) {
    precondition(probabilities.count == labels.count, "ConfusionMatrix: lengths differ")
    var tp = 0
    var fp = 0
    var tn = 0
    var fn = 0
    for (probability, label) in zip(probabilities, labels) {
      let predicted = probability >= threshold
      switch (predicted, label) {
      case (true, true): tp += 1
      case (true, false): fp += 1
      case (false, false): tn += 1
      case (false, true): fn += 1
      }
    }
    self.init(
      threshold: threshold, truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn)
  }

  /// All rows counted.
  public var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }

  /// The fraction of rows predicted correctly.
  public var accuracy: Double { Self.ratio(truePositives + trueNegatives, total) }

  /// The fraction of predicted positives that are positive.
  public var precision: Double { Self.ratio(truePositives, truePositives + falsePositives) }

  /// The fraction of positives predicted positive.
  public var recall: Double { Self.ratio(truePositives, truePositives + falseNegatives) }

  /// The harmonic mean of precision and recall: `2 TP / (2 TP + FP + FN)`.
  public var f1: Double { Self.ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives) }

  private static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
    denominator == 0 ? 0 : Double(numerator) / Double(denominator)
  }
}
