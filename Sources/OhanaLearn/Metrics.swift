import Foundation

/// Evaluation metrics for binary classifiers and rankers.
///
/// Functions that need both classes (AUC, ROC) return `.nan` or an empty curve when one class
/// is absent, rather than trapping; lengths of scores and labels must match.
public enum Metrics {
  /// The probability clip used by ``logLoss(probabilities:labels:)``.
  public static let logLossEpsilon = 1e-15

  /// The area under the ROC curve: the probability that a random positive scores above a random
  /// negative, ties counting one half (computed from average ranks in O(n log n)).
  ///
  /// Returns `.nan` when either class is absent. NaN scores rank below every other score.
  public static func auc(scores: [Double], labels: [Bool]) -> Double {
    precondition(scores.count == labels.count, "Metrics.auc: scores and labels differ in length")
    var order = ascendingOrder(scores).map { Int32($0) }
    return auc(scores: scores, labels: labels, reusing: &order)
  }

  /// The AUC, sorting `order` (a permutation of the rows, e.g. the previous call's) by score.
  ///
  /// Boosting changes scores a little per round, so the previous order is nearly sorted and the
  /// (run-detecting) sort is much cheaper than sorting from scratch.
  static func auc(scores: [Double], labels: [Bool], reusing order: inout [Int32]) -> Double {
    if order.count != scores.count { order = (0..<Int32(scores.count)).map { $0 } }
    var positives = 0
    for label in labels where label { positives += 1 }
    let negatives = labels.count - positives
    guard positives > 0, negatives > 0 else { return .nan }
    return scores.withUnsafeBufferPointer { scores in
      labels.withUnsafeBufferPointer { labels in
        order.sort { sortKey(scores[Int($0)]) < sortKey(scores[Int($1)]) }
        var rankSum = 0.0
        var start = 0
        let count = order.count
        while start < count {
          let value = sortKey(scores[Int(order[start])])
          var end = start + 1
          var tiedPositives = labels[Int(order[start])] ? 1 : 0
          while end < count, sortKey(scores[Int(order[end])]) == value {
            if labels[Int(order[end])] { tiedPositives += 1 }
            end += 1
          }
          // Ranks start..<end (0-based) share the average 1-based rank.
          rankSum += Double(start + end + 1) / 2 * Double(tiedPositives)
          start = end
        }
        let p = Double(positives)
        return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
      }
    }
  }

  /// The mean negative log-likelihood, with probabilities clipped to
  /// `[logLossEpsilon, 1 - logLossEpsilon]`; 0 for no examples.
  public static func logLoss(probabilities: [Double], labels: [Bool]) -> Double {
    precondition(probabilities.count == labels.count, "Metrics.logLoss: lengths differ")
    guard !probabilities.isEmpty else { return 0 }
    var total = 0.0
    for (probability, label) in zip(probabilities, labels) {
      let clipped = min(max(probability, logLossEpsilon), 1 - logLossEpsilon)
      total -= label ? log(clipped) : log(1 - clipped)
    }
    return total / Double(probabilities.count)
  }

  /// The mean squared difference between probability and outcome; 0 for no examples.
  public static func brier(probabilities: [Double], labels: [Bool]) -> Double {
    precondition(probabilities.count == labels.count, "Metrics.brier: lengths differ")
    guard !probabilities.isEmpty else { return 0 }
    var total = 0.0
    for (probability, label) in zip(probabilities, labels) {
      let difference = probability - (label ? 1 : 0)
      total += difference * difference
    }
    return total / Double(probabilities.count)
  }

  /// The confusion matrix when rows with `probability >= threshold` are predicted positive.
  public static func confusionMatrix(
    probabilities: [Double], labels: [Bool], threshold: Double
  ) -> ConfusionMatrix {
    ConfusionMatrix(probabilities: probabilities, labels: labels, threshold: threshold)
  }

  /// The threshold maximizing F1 (predict positive when `probability >= threshold`) and that F1.
  ///
  /// Every distinct probability is tried; ties in F1 keep the highest threshold. With no
  /// positive labels the result is `(1, 0)`.
  public static func bestF1Threshold(probabilities: [Double], labels: [Bool]) -> (
    threshold: Double, f1: Double
  ) {
    precondition(probabilities.count == labels.count, "Metrics.bestF1Threshold: lengths differ")
    var positives = 0
    for label in labels where label { positives += 1 }
    guard positives > 0 else { return (1, 0) }
    let order = Array(ascendingOrder(probabilities).reversed())
    var best = (threshold: 1.0, f1: 0.0)
    var truePositives = 0
    var predicted = 0
    var position = 0
    while position < order.count {
      let value = sortKey(probabilities[order[position]])
      // Everything tied with `value` is predicted positive together.
      while position < order.count, sortKey(probabilities[order[position]]) == value {
        if labels[order[position]] { truePositives += 1 }
        predicted += 1
        position += 1
      }
      let f1 = 2 * Double(truePositives) / Double(predicted + positives)
      if f1 > best.f1, value.isFinite || value == .infinity { best = (value, f1) }
    }
    return best
  }

  /// Points `(fpr, tpr)` of the ROC curve from `(0, 0)` to `(1, 1)`, one per distinct score,
  /// thinned evenly to at most `maxPoints` (at least 2) while keeping both ends.
  ///
  /// Empty when either class is absent.
  public static func rocCurve(
    scores: [Double], labels: [Bool], maxPoints: Int = 200
  ) -> [(fpr: Double, tpr: Double)] {
    precondition(scores.count == labels.count, "Metrics.rocCurve: lengths differ")
    var positives = 0
    for label in labels where label { positives += 1 }
    let negatives = labels.count - positives
    guard positives > 0, negatives > 0 else { return [] }
    let order = Array(ascendingOrder(scores).reversed())
    var points: [(fpr: Double, tpr: Double)] = [(0, 0)]
    var truePositives = 0
    var falsePositives = 0
    var position = 0
    while position < order.count {
      let value = sortKey(scores[order[position]])
      while position < order.count, sortKey(scores[order[position]]) == value {
        if labels[order[position]] { truePositives += 1 } else { falsePositives += 1 }
        position += 1
      }
      points.append((Double(falsePositives) / Double(negatives), Double(truePositives) / Double(positives)))
    }
    let limit = max(2, maxPoints)
    guard points.count > limit else { return points }
    var thinned: [(fpr: Double, tpr: Double)] = []
    thinned.reserveCapacity(limit)
    for index in 0..<limit {
      let source = Int((Double(index) * Double(points.count - 1) / Double(limit - 1)).rounded())
      thinned.append(points[source])
    }
    return thinned
  }

  /// A reliability curve: probabilities grouped into `bins` equal-width bins over `[0, 1]`; for each
  /// non-empty bin, the mean predicted probability, the observed positive rate and the count.
  public static func calibrationCurve(
    probabilities: [Double], labels: [Bool], bins: Int = 10
  ) -> [(meanPredicted: Double, observed: Double, count: Int)] {
    precondition(probabilities.count == labels.count, "Metrics.calibrationCurve: lengths differ")
    precondition(bins > 0, "Metrics.calibrationCurve: bins must be positive")
    var sums = [Double](repeating: 0, count: bins)
    var hits = [Int](repeating: 0, count: bins)
    var counts = [Int](repeating: 0, count: bins)
    for (probability, label) in zip(probabilities, labels) where !probability.isNaN {
      let clipped = min(max(probability, 0), 1)
      let bin = min(Int(clipped * Double(bins)), bins - 1)
      sums[bin] += clipped
      counts[bin] += 1
      if label { hits[bin] += 1 }
    }
    var curve: [(meanPredicted: Double, observed: Double, count: Int)] = []
    for bin in 0..<bins where counts[bin] > 0 {
      let count = Double(counts[bin])
      curve.append((sums[bin] / count, Double(hits[bin]) / count, counts[bin]))
    }
    return curve
  }

  /// The mean over queries of `1 / rank`, where `rank` is the 1-based position of the true item
  /// and `nil` (not found) contributes 0; 0 for no queries.
  public static func meanReciprocalRank(ranks: [Int?]) -> Double {
    guard !ranks.isEmpty else { return 0 }
    var total = 0.0
    for rank in ranks {
      if let rank, rank >= 1 { total += 1 / Double(rank) }
    }
    return total / Double(ranks.count)
  }

  /// The fraction of queries whose true item is ranked within the first `k` (1-based ranks);
  /// 0 for no queries.
  public static func hitsAtK(ranks: [Int?], k: Int) -> Double {
    guard !ranks.isEmpty else { return 0 }
    var hits = 0
    for rank in ranks {
      if let rank, rank >= 1, rank <= k { hits += 1 }
    }
    return Double(hits) / Double(ranks.count)
  }

  // MARK: - Helpers

  /// NaN sorts below everything.
  @inline(__always)
  static func sortKey(_ value: Double) -> Double { value.isNaN ? -.infinity : value }

  /// Indices of `values` in ascending order (NaN first), ties broken by index.
  static func ascendingOrder(_ values: [Double]) -> [Int] {
    var pairs = [(Double, Int32)]()
    pairs.reserveCapacity(values.count)
    for (index, value) in values.enumerated() { pairs.append((sortKey(value), Int32(index))) }
    pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
    return pairs.map { Int($0.1) }
  }
}
