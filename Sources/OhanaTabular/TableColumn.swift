/// One column of a table, stored columnar.
///
/// Numeric types keep one `Double` per row in ``numbers`` (`.nan` when missing): integers and
/// floats as they are, booleans as 0/1, dates as days since 1970-01-01. Dates are read from
/// `yyyy-mm-dd` or `yyyy/mm/dd` (optionally followed by a time, which is dropped),
/// `dd-Mon-yyyy` and `dd Mon yyyy` (English month names or their first three letters); forms
/// whose day and month could be swapped, like `01/02/2020`, are left categorical.
///
/// Categorical columns keep one code per row in ``codes``, an index into ``levels`` (-1 when
/// missing). Levels are sorted by their UTF-8 bytes, so the same values give the same codes
/// whatever the row order.
public struct TableColumn: Sendable, Equatable {
  /// The header name.
  public var name: String
  /// The type of every value.
  public var type: ColumnType
  /// One value per row for numeric types; empty for categorical columns.
  public var numbers: [Double]
  /// One level index per row (-1 = missing) for categorical columns; empty otherwise.
  public var codes: [Int32]
  /// The distinct values of a categorical column, sorted by UTF-8 bytes; empty otherwise.
  public var levels: [String]

  /// A column; give `numbers` for numeric types, `codes` and `levels` for categorical.
  public init(
    name: String, type: ColumnType, numbers: [Double] = [], codes: [Int32] = [], levels: [String] = []
  ) {
    self.name = name
    self.type = type
    self.numbers = numbers
    self.codes = codes
    self.levels = levels
  }

  /// The number of rows.
  public var count: Int { type == .categorical ? codes.count : numbers.count }

  /// The number of rows without a value.
  public var missingCount: Int {
    if type == .categorical { return codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }
    return numbers.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
  }

  /// Columns are equal when their names, types, levels and values are; missing values (NaN)
  /// equal each other.
  public static func == (left: TableColumn, right: TableColumn) -> Bool {
    guard left.name == right.name, left.type == right.type, left.codes == right.codes,
      left.levels == right.levels,
      left.numbers.count == right.numbers.count
    else { return false }
    return zip(left.numbers, right.numbers).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
  }

  /// Whether `row` has no value.
  public func isMissing(at row: Int) -> Bool {
    type == .categorical ? codes[row] < 0 : numbers[row].isNaN
  }

  /// The value of `row` as text (`nil` when missing), for samples and messages: integers
  /// without a fraction, booleans as `true`/`false`, dates as `yyyy-mm-dd`.
  public func text(at row: Int) -> String? {
    if type == .categorical {
      let code = Int(codes[row])
      return code >= 0 && code < levels.count ? levels[code] : nil
    }
    let value = numbers[row]
    return value.isNaN ? nil : Self.text(of: value, type: type)
  }

  /// The text of a numeric `value` of `type`.
  static func text(of value: Double, type: ColumnType) -> String {
    switch type {
    case .integer:
      return abs(value) < 9.0e15 ? String(Int64(value)) : value.description
    case .boolean: return value != 0 ? "true" : "false"
    case .date: return abs(value) < 1.0e8 ? CivilDate(days: Int(value)).iso : value.description
    case .float, .categorical: return value.description
    }
  }
}
