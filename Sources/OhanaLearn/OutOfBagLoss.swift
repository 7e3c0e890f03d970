import Foundation
import OhanaParallel

/// The running out-of-bag log loss of a forest: each row's prediction is the mean of the trees
/// that did not sample it.
struct OutOfBagLoss {
  private let labels: [Bool]
  private let weights: [Double]
  private var sums: [Double]
  private var counts: [Int32]
  private var rowLosses: [Double]
  private var totalLoss = 0.0
  private var totalWeight = 0.0

  init(labels: [Bool], weights: [Double]) {
    self.labels = labels
    self.weights = weights
    sums = [Double](repeating: 0, count: labels.count)
    counts = [Int32](repeating: 0, count: labels.count)
    rowLosses = [Double](repeating: 0, count: labels.count)
  }

  /// Adds one tree's predictions for its out-of-bag rows (each row at most once), in two fixed
  /// chunks run concurrently for large trees.
  mutating func add(_ predictions: [(row: Int32, value: Double)]) {
    let deltas = labels.withUnsafeBufferPointer { labels in
      weights.withUnsafeBufferPointer { weights in
        sums.withUnsafeMutableBufferPointer { sums in
          counts.withUnsafeMutableBufferPointer { counts in
            rowLosses.withUnsafeMutableBufferPointer { rowLosses in
              let (labels, weights) = (labels.baseAddress!, weights.baseAddress!)
              let (sums, counts, rowLosses) = (sums.baseAddress!, counts.baseAddress!, rowLosses.baseAddress!)
              return Parallel.map(predictions.count, chunks: 2, minimumPerChunk: 10_000) {
                range -> (loss: Double, weight: Double) in
                let epsilon = Metrics.logLossEpsilon
                var lossDelta = 0.0
                var weightDelta = 0.0
                for index in range {
                  let (row32, value) = predictions[index]
                  let row = Int(row32)
                  if counts[row] == 0 {
                    weightDelta += weights[row]
                  } else {
                    lossDelta -= rowLosses[row]
                  }
                  sums[row] += value
                  counts[row] += 1
                  let mean = sums[row] / Double(counts[row])
                  let probability = min(max(mean, epsilon), 1 - epsilon)
                  let loss = -weights[row] * log(labels[row] ? probability : 1 - probability)
                  rowLosses[row] = loss
                  lossDelta += loss
                }
                return (lossDelta, weightDelta)
              }
            }
          }
        }
      }
    }
    for delta in deltas {
      totalLoss += delta.loss
      totalWeight += delta.weight
    }
  }

  /// The weighted mean loss over rows out of bag at least once (NaN before any).
  var meanLoss: Double { totalWeight > 0 ? max(0, totalLoss) / totalWeight : .nan }
}
