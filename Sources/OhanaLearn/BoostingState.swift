import Foundation
import OhanaParallel

/// The raw scores, gradients and losses of the training rows during boosting.
final class BoostingState {
  let labels: [Bool]
  let weights: [Double]
  let totalWeight: Double
  /// The weight of every positive and every negative row, when weights depend on the class only
  /// (no sample weights): the loss then needs one logarithm per block of rows, not per row.
  let classWeights: (positive: Double, negative: Double)?
  var scores: [Double]

  /// Rows whose `1 + exp(-|score|)` factors (each in (1, 2]) are multiplied before one logarithm.
  static let logBlock = 256

  init(labels: [Bool], weights: [Double], baseScore: Double) {
    self.labels = labels
    self.weights = weights
    totalWeight = weights.reduce(0, +)
    scores = [Double](repeating: baseScore, count: labels.count)
    var positive: Double? = nil
    var negative: Double? = nil
    var constant = true
    for (label, weight) in zip(labels, weights) {
      if label {
        if positive == nil { positive = weight } else if positive != weight { constant = false }
      } else {
        if negative == nil { negative = weight } else if negative != weight { constant = false }
      }
      if !constant { break }
    }
    classWeights = constant ? (positive ?? 0, negative ?? 0) : nil
  }

  /// Writes each row's weighted (gradient, hessian) of the log loss; returns their totals and the
  /// weighted mean loss of the current scores.
  func computeGradients(
    into gradients: UnsafeMutablePointer<SIMD2<Double>>
  ) -> (totals: SIMD2<Double>, loss: Double) {
    let count = labels.count
    let classWeights = self.classWeights
    let partials = scores.withUnsafeBufferPointer { scoreBuffer in
      labels.withUnsafeBufferPointer { labelBuffer in
        weights.withUnsafeBufferPointer { weightBuffer in
          let (scores, labels, weights) = (
            scoreBuffer.baseAddress!, labelBuffer.baseAddress!, weightBuffer.baseAddress!
          )
          return Parallel.map(count, chunks: 2, minimumPerChunk: 25_000) { rows -> (SIMD2<Double>, Double) in
            var totals = SIMD2<Double>(0, 0)
            var loss = 0.0
            var blockStart = rows.lowerBound
            while blockStart < rows.upperBound {
              let blockEnd = min(blockStart + Self.logBlock, rows.upperBound)
              // log(1 + e) summed per class as the log of a product.
              var positiveProduct = 1.0
              var negativeProduct = 1.0
              for row in blockStart..<blockEnd {
                let score = scores[row]
                let weight = weights[row]
                let label = labels[row]
                let e = exp(-abs(score))
                let probability = score >= 0 ? 1 / (1 + e) : e / (1 + e)
                let gradient = SIMD2(
                  weight * (probability - (label ? 1 : 0)),
                  max(weight * probability * (1 - probability), 1e-16))
                gradients[row] = gradient
                totals += gradient
                let margin = max(label ? -score : score, 0)
                if classWeights == nil {
                  loss += weight * (margin + log1p(e))
                } else {
                  loss += weight * margin
                  positiveProduct *= label ? 1 + e : 1
                  negativeProduct *= label ? 1 : 1 + e
                }
              }
              if let classWeights {
                loss +=
                  classWeights.positive * log(positiveProduct) + classWeights.negative * log(negativeProduct)
              }
              blockStart = blockEnd
            }
            return (totals, loss)
          }
        }
      }
    }
    var totals = SIMD2<Double>(0, 0)
    var loss = 0.0
    for (partialTotals, partialLoss) in partials {
      totals += partialTotals
      loss += partialLoss
    }
    return (totals, loss / totalWeight)
  }

  /// The weighted mean loss of the current scores.
  func loss() -> Double {
    var total = 0.0
    for row in 0..<labels.count { total += weights[row] * softplus(labels[row] ? -scores[row] : scores[row]) }
    return total / totalWeight
  }
}
