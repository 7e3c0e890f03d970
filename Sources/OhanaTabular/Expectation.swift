import OhanaJSON

/// One expectation about a table, in the manner of data-validation suites such as Great
/// Expectations, read from JSON objects like `{"expect": "between", "column": "age", "min": 0,
/// "max": 120}`.
///
/// Per-row kinds (`not_null`, `between`, `in_set`, `unique`, `matches_regex`) pass when at
/// least `mostly` (default 1) of the rows with a value meet them (of all rows for `not_null`).
/// Aggregate kinds (`row_count_between`, `column_type`, `mean_between`, `stdev_between`)
/// compare one observed value. Bounds are inclusive and either may be left out; `between` on a
/// date column takes `yyyy-mm-dd` bounds. `matches_regex` searches each value's text (anchor
/// with `^…$` for a whole match); `stdev_between` uses the sample standard deviation.
public struct Expectation: Sendable, Equatable {
  /// What is expected.
  public enum Kind: String, Sendable, CaseIterable {
    case notNull = "not_null"
    case between
    case inSet = "in_set"
    case unique
    case matchesRegex = "matches_regex"
    case rowCountBetween = "row_count_between"
    case columnType = "column_type"
    case meanBetween = "mean_between"
    case stdevBetween = "stdev_between"

    /// The keys an expectation of this kind may have besides `expect`.
    var keys: Set<String> {
      switch self {
      case .notNull, .unique: return ["column", "mostly"]
      case .between: return ["column", "min", "max", "mostly"]
      case .inSet: return ["column", "values", "mostly"]
      case .matchesRegex: return ["column", "regex", "mostly"]
      case .rowCountBetween: return ["min", "max"]
      case .columnType: return ["column", "type"]
      case .meanBetween, .stdevBetween: return ["column", "min", "max"]
      }
    }

    /// Whether the kind judges each row (and so takes `mostly`).
    var isPerRow: Bool { keys.contains("mostly") }
  }

  /// What is expected.
  public let kind: Kind
  /// The column judged (every kind but `row_count_between`).
  public let column: String?
  /// The fraction of rows that must meet a per-row expectation.
  public let mostly: Double
  let minimum: JSONValue?
  let maximum: JSONValue?
  let values: [JSONValue]
  let pattern: String?
  let expectedType: ColumnType?

  /// The configuration, as given.
  public let json: JSONValue

  /// Reads one expectation; unknown kinds and keys, missing or ill-typed values, and regular
  /// expressions that do not compile are errors naming them.
  public init(json: JSONValue) throws(TabularError) {
    guard let members = json.objectValue else { throw TabularError("an expectation must be a JSON object") }
    guard let name = members["expect"]?.stringValue else {
      throw TabularError("an expectation lacks \"expect\" (one of \(Self.kindList))")
    }
    guard let kind = Kind(rawValue: name) else {
      throw TabularError("unknown expectation \"\(name)\"; use one of \(Self.kindList)")
    }
    let fields = try JSONReading(json, "expectation \"\(name)\"", keys: kind.keys.union(["expect"]))
    self.kind = kind
    self.json = json
    column = kind.keys.contains("column") ? try fields.string("column") : nil
    mostly = try fields.optionalDouble("mostly") ?? 1
    guard mostly >= 0 && mostly <= 1 else {
      throw TabularError("expectation \"\(name)\": \"mostly\" must be between 0 and 1, got \(mostly)")
    }
    // Spelled out: a bare `nil` would become JSON null, JSONValue being nil-literal convertible.
    minimum = fields.has("min") ? .some(try fields.value("min")) : .none
    maximum = fields.has("max") ? .some(try fields.value("max")) : .none
    if kind.keys.contains("min") {
      guard minimum != nil || maximum != nil else {
        throw TabularError("expectation \"\(name)\" needs \"min\", \"max\" or both")
      }
      for bound in [minimum, maximum].compactMap({ $0 }) {
        let isDate = kind == .between && bound.stringValue.map { Self.days($0) != nil } == true
        guard bound.doubleValue != nil || isDate else {
          throw TabularError(
            "expectation \"\(name)\": bounds must be numbers\(kind == .between ? " or dates (yyyy-mm-dd)" : "")"
          )
        }
      }
    }
    values = kind == .inSet ? try fields.array("values") : []
    if kind == .matchesRegex {
      let pattern = try fields.string("regex")
      do {
        _ = try Regex(pattern)
      } catch {
        throw TabularError("expectation \"matches_regex\": \"\(pattern)\" is not a valid regular expression")
      }
      self.pattern = pattern
    } else {
      pattern = nil
    }
    if kind == .columnType {
      let typeName = try fields.string("type")
      guard let type = ColumnType(rawValue: typeName) else {
        throw TabularError(
          "expectation \"column_type\": unknown type \"\(typeName)\"; use one of "
            + ColumnType.allCases.map(\.rawValue).joined(separator: ", "))
      }
      expectedType = type
    } else {
      expectedType = nil
    }
  }

  private static var kindList: String { Kind.allCases.map(\.rawValue).joined(separator: ", ") }

  /// Days since 1970-01-01 of a `yyyy-mm-dd` (or other accepted) date text.
  static func days(_ text: String) -> Double? {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
      buffer.baseAddress.flatMap { CivilDate.parseDays($0, buffer.count) }.map(Double.init)
    }
  }

  /// A bound as a number, for a column of `type` (dates from their text).
  func bound(_ value: JSONValue?, for type: ColumnType) -> Double? {
    guard let value else { return nil }
    if let number = value.doubleValue { return number }
    return type == .date ? value.stringValue.flatMap(Self.days) : nil
  }
}
