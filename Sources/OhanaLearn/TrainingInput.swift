/// Checks shared by every `fit`: non-empty data, matching lengths, both classes present.
enum TrainingInput {
  static func check(_ x: FeatureMatrix, labels: [Bool], validation: (FeatureMatrix, [Bool])?)
    throws(LearnError)
  {
    guard x.rowCount > 0 else { throw .emptyData("the training matrix has no rows") }
    guard x.columnCount > 0 else { throw .emptyData("the training matrix has no columns") }
    guard labels.count == x.rowCount else {
      throw .mismatchedLengths(what: "labels", expected: x.rowCount, actual: labels.count)
    }
    let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    guard positives > 0, positives < labels.count else {
      throw .singleClass("all \(labels.count) training labels are \(positives > 0)")
    }
    if let (matrix, validationLabels) = validation {
      guard matrix.rowCount > 0 else { throw .emptyData("the validation matrix has no rows") }
      guard matrix.columnCount == x.columnCount else {
        throw .mismatchedLengths(
          what: "validation columns", expected: x.columnCount, actual: matrix.columnCount)
      }
      guard validationLabels.count == matrix.rowCount else {
        throw .mismatchedLengths(
          what: "validation labels", expected: matrix.rowCount, actual: validationLabels.count)
      }
    }
  }

  static func checkRow(_ row: ArraySlice<Double>, columnCount: Int) {
    precondition(row.count == columnCount, "row has \(row.count) values, the model expects \(columnCount)")
  }
}
