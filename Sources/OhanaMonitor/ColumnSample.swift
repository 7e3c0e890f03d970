/// The values of one column in one sample (reference or current), as drift analysis takes them.
public enum ColumnSample: Sendable {
  /// Numbers; NaN is a missing value.
  case numeric([Double])
  /// Text categories; `nil` is a missing value.
  case categorical([String?])
  /// Dictionary-coded categories: `levels[code]` names each code, negative codes are missing.
  case codes([Int32], levels: [String])

  /// Whether the column holds numbers (Evidently's "num") rather than categories ("cat").
  public var isNumeric: Bool {
    if case .numeric = self { return true }
    return false
  }

  /// The number of values, missing ones included.
  public var count: Int {
    switch self {
    case .numeric(let values): values.count
    case .categorical(let values): values.count
    case .codes(let codes, _): codes.count
    }
  }
}
