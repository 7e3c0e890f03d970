import Foundation
import OhanaParallel

/// The penalized logistic objective of ``LogisticRegression`` over standardized columns, with its
/// gradient and Hessian, evaluated in one pass over the rows.
///
/// Coefficient vectors have the intercept first. Rows are standardized on the fly (no copy of the
/// data); the Hessian is accumulated four rows at a time (a rank-4 update of its upper triangle)
/// in two fixed chunks of rows run concurrently, so results do not depend on the core count.
struct NewtonProblem: Sendable {
  struct Evaluation {
    /// Weighted loss plus penalty.
    var objective: Double
    /// Weighted loss alone.
    var loss: Double
    var gradient: [Double]
    /// Row-major, `dimension`²; empty when not requested.
    var hessian: [Double]
  }

  let x: FeatureMatrix
  let labels: [Bool]
  let weights: [Double]
  let means: [Double]
  let inverseScales: [Double]
  let l2: Double
  let totalWeight: Double

  init(x: FeatureMatrix, labels: [Bool], weights: [Double], means: [Double], scales: [Double], l2: Double) {
    self.x = x
    self.labels = labels
    self.weights = weights
    self.means = means
    inverseScales = scales.map { 1 / $0 }
    self.l2 = l2
    totalWeight = weights.reduce(0, +)
  }

  var dimension: Int { x.columnCount + 1 }

  func evaluate(_ beta: [Double], hessian wantHessian: Bool) -> Evaluation {
    let rowCount = x.rowCount
    let partials = Parallel.map(rowCount, chunks: 2, minimumPerChunk: 10_000) { rows in
      accumulate(rows: rows, beta: beta, hessian: wantHessian)
    }
    var total = partials.reduce(into: Evaluation?.none) { total, part in
      guard var sum = total else {
        total = part
        return
      }
      sum.loss += part.loss
      for index in sum.gradient.indices { sum.gradient[index] += part.gradient[index] }
      for index in sum.hessian.indices { sum.hessian[index] += part.hessian[index] }
      total = sum
    }!
    let n = dimension
    var penalty = 0.0
    for index in 1..<n {
      penalty += beta[index] * beta[index]
      total.gradient[index] += l2 * beta[index]
    }
    total.objective = total.loss + l2 / 2 * penalty
    if wantHessian {
      // Mirror the upper triangle and add the penalty to the diagonal.
      for row in 0..<n {
        for column in 0..<row { total.hessian[row * n + column] = total.hessian[column * n + row] }
        if row > 0 { total.hessian[row * n + row] += l2 }
      }
    }
    return total
  }

  /// Loss, gradient and (upper-triangle) Hessian of the rows in `rows`.
  private func accumulate(rows: Range<Int>, beta: [Double], hessian wantHessian: Bool) -> Evaluation {
    let columns = x.columnCount
    let n = columns + 1
    var gradient = [Double](repeating: 0, count: n)
    var hessian = [Double](repeating: 0, count: wantHessian ? n * n : 0)
    var loss = 0.0
    let block = UnsafeMutablePointer<Double>.allocate(capacity: 4 * n)
    defer { block.deallocate() }
    block.initialize(repeating: 0, count: 4 * n)
    x.values.withUnsafeBufferPointer { values in
      beta.withUnsafeBufferPointer { beta in
        means.withUnsafeBufferPointer { means in
          inverseScales.withUnsafeBufferPointer { inverseScales in
            gradient.withUnsafeMutableBufferPointer { gradient in
              hessian.withUnsafeMutableBufferPointer { hessian in
                var curvature: (Double, Double, Double, Double) = (0, 0, 0, 0)
                var start = rows.lowerBound
                while start < rows.upperBound {
                  let filled = min(4, rows.upperBound - start)
                  for slot in 0..<4 {
                    let z = block + slot * n
                    var weightedCurvature = 0.0
                    if slot < filled {
                      let row = start + slot
                      let source = values.baseAddress! + row * columns
                      z[0] = 1
                      var score = beta[0]
                      for column in 0..<columns {
                        let value = source[column]
                        let standardized =
                          value.isFinite ? (value - means[column]) * inverseScales[column] : 0
                        z[column + 1] = standardized
                        score += beta[column + 1] * standardized
                      }
                      let weight = weights[row]
                      let label = labels[row]
                      let e = exp(-abs(score))
                      let probability = score >= 0 ? 1 / (1 + e) : e / (1 + e)
                      loss += weight * (max(label ? -score : score, 0) + log1p(e))
                      let residual = weight * (probability - (label ? 1 : 0))
                      for index in 0..<n { gradient[index] += residual * z[index] }
                      weightedCurvature = weight * probability * (1 - probability)
                    } else {
                      for index in 0..<n { z[index] = 0 }
                    }
                    switch slot {
                    case 0: curvature.0 = weightedCurvature
                    case 1: curvature.1 = weightedCurvature
                    case 2: curvature.2 = weightedCurvature
                    default: curvature.3 = weightedCurvature
                    }
                  }
                  if wantHessian {
                    Self.rankFourUpdate(
                      hessian.baseAddress!, dimension: n, block: block, curvature: curvature)
                  }
                  start += filled
                }
              }
            }
          }
        }
      }
    }
    return Evaluation(objective: 0, loss: loss, gradient: gradient, hessian: hessian)
  }

  /// `H[j][k] += Σ_r c_r z_r[j] z_r[k]` for `k >= j` over the four rows of `block`.
  @inline(__always)
  private static func rankFourUpdate(
    _ hessian: UnsafeMutablePointer<Double>, dimension n: Int, block: UnsafeMutablePointer<Double>,
    curvature: (Double, Double, Double, Double)
  ) {
    let z0 = block
    let z1 = block + n
    let z2 = block + 2 * n
    let z3 = block + 3 * n
    for j in 0..<n {
      let a0 = curvature.0 * z0[j]
      let a1 = curvature.1 * z1[j]
      let a2 = curvature.2 * z2[j]
      let a3 = curvature.3 * z3[j]
      let row = hessian + j * n
      for k in j..<n { row[k] += a0 * z0[k] + a1 * z1[k] + a2 * z2[k] + a3 * z3[k] }
    }
  }

  /// Log-odds of every row of `matrix` under `beta`.
  func scores(_ matrix: FeatureMatrix, beta: [Double]) -> [Double] {
    let columns = matrix.columnCount
    return (0..<matrix.rowCount).map { row in
      var score = beta[0]
      for column in 0..<columns {
        let value = matrix.values[row * columns + column]
        if value.isFinite { score += beta[column + 1] * (value - means[column]) * inverseScales[column] }
      }
      return score
    }
  }
}
