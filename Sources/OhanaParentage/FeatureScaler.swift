import OhanaJSON

/// Standardizes pair features (zero mean, unit variance on the training pairs) for the linear
/// and network models, so their weights are comparable and their optimizers well conditioned.
struct FeatureScaler: Sendable, Equatable {
  var means: [Double]
  var scales: [Double]

  /// Fitted on row-major `values` with `columns` columns.
  init(values: [Double], columns: Int) {
    let rows = values.count / max(1, columns)
    var means = [Double](repeating: 0, count: columns)
    var squares = [Double](repeating: 0, count: columns)
    for row in 0..<rows {
      for column in 0..<columns { means[column] += values[row * columns + column] }
    }
    for column in 0..<columns { means[column] /= Double(max(1, rows)) }
    for row in 0..<rows {
      for column in 0..<columns {
        let centred = values[row * columns + column] - means[column]
        squares[column] += centred * centred
      }
    }
    self.means = means
    scales = squares.map { sum in
      let deviation = (sum / Double(max(1, rows))).squareRoot()
      return deviation > 1e-9 ? 1 / deviation : 0
    }
  }

  init(means: [Double], scales: [Double]) {
    self.means = means
    self.scales = scales
  }

  /// Standardizes `count` values from `input` into `output`.
  @inline(__always)
  func apply(_ input: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>) {
    for column in 0..<means.count { output[column] = (input[column] - means[column]) * scales[column] }
  }

  /// A standardized copy of row-major `values`.
  func applied(to values: [Double]) -> [Double] {
    let columns = means.count
    var out = values
    for index in out.indices {
      let column = index % columns
      out[index] = (out[index] - means[column]) * scales[column]
    }
    return out
  }

  var json: JSONValue { ["means": .array(means.map { .double($0) }), "scales": .array(scales.map { .double($0) })] }

  init(json: JSONValue) throws(ParentageError) {
    guard let means = json["means"]?.arrayValue?.compactMap(\.doubleValue),
      let scales = json["scales"]?.arrayValue?.compactMap(\.doubleValue), means.count == scales.count
    else { throw .invalidModel("feature scaler is malformed") }
    self.init(means: means, scales: scales)
  }
}
