/// A problem with one input record: wrong field count, an unterminated quote, text after a
/// closing quote, or (when parsing against a schema) a value not of its column's type. The
/// record is left out of the table's columns.
public struct RowProblem: Sendable, Equatable {
  /// The 1-based physical line the record starts on.
  public var line: Int
  /// What is wrong, in words (names the column and value when one cell is at fault).
  public var reason: String
  /// The record as written, without its line ending (cut to ``rawLimit`` bytes).
  public var raw: String

  /// The most bytes of a record kept in ``raw``, so a file of huge bad records stays small.
  public static let rawLimit = 200

  /// A problem on `line`.
  public init(line: Int, reason: String, raw: String) {
    self.line = line
    self.reason = reason
    self.raw = raw
  }
}
