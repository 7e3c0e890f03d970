/// Type of a column, inferred from its values.
///
/// Inference takes the narrowest type every non-missing value of the column fits, trying in
/// this order: `integer` (optional sign and at most 15 digits, no leading zero such as in the
/// zip code `02134`), `float` (decimal or exponent notation), `boolean` (`true`/`false` in any
/// letter case), `date` (see ``TableColumn``), and `categorical` for everything else. A column
/// mixing integers and floats is `float`; any other mix is `categorical`. A column with no
/// value at all is `float` (all missing), as pandas does.
public enum ColumnType: String, Sendable, CaseIterable {
  case integer, float, boolean, categorical, date

  /// Whether values are kept in ``TableColumn/numbers`` (everything but `categorical`).
  public var isNumeric: Bool { self != .categorical }

  /// The type both `self` and `other` fit: the same type, `float` for integers with floats,
  /// `categorical` for any other mix.
  func joined(with other: ColumnType) -> ColumnType {
    if self == other { return self }
    if (self == .integer && other == .float) || (self == .float && other == .integer) { return .float }
    return .categorical
  }

  /// "an integer", "a number", … for messages.
  var article: String {
    switch self {
    case .integer: return "an integer"
    case .float: return "a number"
    case .boolean: return "true or false"
    case .categorical: return "a category"
    case .date: return "a date (yyyy-mm-dd)"
    }
  }
}
