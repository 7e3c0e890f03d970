import Foundation

/// Adam (Kingma & Ba) over one flat parameter vector.
struct AdamOptimizer: Sendable {
  var learningRate: Double
  var beta1 = 0.9
  var beta2 = 0.999
  var epsilon = 1e-8
  private var first: [Double]
  private var second: [Double]
  private var steps = 0

  init(count: Int, learningRate: Double) {
    self.learningRate = learningRate
    first = [Double](repeating: 0, count: count)
    second = [Double](repeating: 0, count: count)
  }

  /// Moves `parameters` one step against `gradient`.
  mutating func step(_ parameters: inout [Double], gradient: [Double]) {
    steps += 1
    let correction1 = 1 - pow(beta1, Double(steps))
    let correction2 = 1 - pow(beta2, Double(steps))
    let rate = learningRate
    let (b1, b2, eps) = (beta1, beta2, epsilon)
    first.withUnsafeMutableBufferPointer { m in
      second.withUnsafeMutableBufferPointer { v in
        parameters.withUnsafeMutableBufferPointer { p in
          gradient.withUnsafeBufferPointer { g in
            for index in 0..<p.count {
              let grad = g[index]
              m[index] = b1 * m[index] + (1 - b1) * grad
              v[index] = b2 * v[index] + (1 - b2) * grad * grad
              let mHat = m[index] / correction1
              let vHat = v[index] / correction2
              p[index] -= rate * mHat / (vHat.squareRoot() + eps)
            }
          }
        }
      }
    }
  }
}
