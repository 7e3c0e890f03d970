/// A dense table of features stored row-major; `.nan` marks a missing value.
///
/// All models in this module read their inputs from a `FeatureMatrix`, so the same matrix can
/// be used for fitting, validation and prediction.
public struct FeatureMatrix: Sendable, Equatable {
  /// The number of rows (examples).
  public let rowCount: Int
  /// The number of columns (features).
  public let columnCount: Int
  /// The values, row after row: the value at (`row`, `column`) is at `row * columnCount + column`.
  public let values: [Double]

  /// Wraps row-major `values`; `values.count` must equal `rowCount * columnCount`.
  public init(rowCount: Int, columnCount: Int, values: [Double]) {
    precondition(rowCount >= 0 && columnCount >= 0, "FeatureMatrix: negative dimensions")
    precondition(
      values.count == rowCount * columnCount,
      "FeatureMatrix: \(values.count) values for \(rowCount) x \(columnCount)")
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.values = values
  }

  /// Builds a matrix from rows of equal length (no rows gives a 0 x 0 matrix).
  public init(rows: [[Double]]) {
    let columns = rows.first?.count ?? 0
    var values: [Double] = []
    values.reserveCapacity(rows.count * columns)
    for row in rows {
      precondition(row.count == columns, "FeatureMatrix: rows of different lengths")
      values.append(contentsOf: row)
    }
    self.init(rowCount: rows.count, columnCount: columns, values: values)
  }

  /// The value at `row`, `column`.
  public subscript(row: Int, column: Int) -> Double {
    precondition(column >= 0 && column < columnCount, "FeatureMatrix: column out of range")
    return values[row * columnCount + column]
  }

  /// The values of row `i`, as a slice of ``values`` (its indices start at `i * columnCount`).
  public func row(_ i: Int) -> ArraySlice<Double> {
    precondition(i >= 0 && i < rowCount, "FeatureMatrix: row out of range")
    return values[(i * columnCount)..<((i + 1) * columnCount)]
  }

  /// A new matrix holding the given rows, in the given order (repeats allowed).
  public func selecting(rows: [Int]) -> FeatureMatrix {
    var selected = [Double]()
    selected.reserveCapacity(rows.count * columnCount)
    for index in rows {
      precondition(index >= 0 && index < rowCount, "FeatureMatrix: row out of range")
      selected.append(contentsOf: values[(index * columnCount)..<((index + 1) * columnCount)])
    }
    return FeatureMatrix(rowCount: rows.count, columnCount: columnCount, values: selected)
  }
}
