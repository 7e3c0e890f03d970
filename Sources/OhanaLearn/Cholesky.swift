/// Dense symmetric positive-definite solves for the Newton steps of logistic regression.
enum Cholesky {
  /// Solves `A x = b` for a symmetric positive-definite `A` (row-major, `dimension`²), overwriting
  /// `A` with its Cholesky factor; `nil` when `A` is not positive definite.
  static func solve(_ matrix: inout [Double], dimension n: Int, rightHandSide: [Double]) -> [Double]? {
    precondition(matrix.count == n * n && rightHandSide.count == n)
    let factored = matrix.withUnsafeMutableBufferPointer { a -> Bool in
      // Lower triangle: a[i][j] for j <= i.
      for j in 0..<n {
        var diagonal = a[j * n + j]
        for k in 0..<j { diagonal -= a[j * n + k] * a[j * n + k] }
        guard diagonal > 0, diagonal.isFinite else { return false }
        let pivot = diagonal.squareRoot()
        a[j * n + j] = pivot
        for i in (j + 1)..<max(j + 1, n) {
          var value = a[i * n + j]
          for k in 0..<j { value -= a[i * n + k] * a[j * n + k] }
          a[i * n + j] = value / pivot
        }
      }
      return true
    }
    guard factored else { return nil }
    var solution = rightHandSide
    // Forward substitution L y = b, then back substitution Lᵀ x = y.
    for i in 0..<n {
      var value = solution[i]
      for k in 0..<i { value -= matrix[i * n + k] * solution[k] }
      solution[i] = value / matrix[i * n + i]
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
      var value = solution[i]
      for k in (i + 1)..<max(i + 1, n) { value -= matrix[k * n + i] * solution[k] }
      solution[i] = value / matrix[i * n + i]
    }
    return solution.allSatisfy(\.isFinite) ? solution : nil
  }
}
