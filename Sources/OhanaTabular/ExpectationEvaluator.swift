import OhanaJSON

/// Judges expectations against one table, each in one pass over its column, keeping counts and
/// at most ``sampleLimit`` unexpected values however many rows fail.
struct ExpectationEvaluator {
  static let sampleLimit = 20

  /// Counts of one per-row expectation and its first unexpected values and lines.
  private struct Tally {
    var missing = 0
    var unexpected = 0
    var samples: [JSONValue] = []
    var lines: [JSONValue] = []

    mutating func add(_ row: Int, _ table: CSVTable, _ value: @autoclosure () -> JSONValue) {
      unexpected += 1
      guard samples.count < ExpectationEvaluator.sampleLimit else { return }
      samples.append(value())
      lines.append(.int(Int64(table.lines[row])))
    }
  }

  /// Why an expectation could not be judged (reported as a failure with this message).
  private struct Unjudgeable: Error {
    var message: String
  }

  let table: CSVTable

  /// The result object of `expectation`: `{"expectation", "success", "result"}`, plus
  /// `"exception_info"` when it could not be judged (a missing column, a wrong type).
  func evaluate(_ expectation: Expectation) -> JSONValue {
    let outcome: (success: Bool, result: [String: JSONValue])
    do {
      outcome = try judge(expectation)
    } catch {
      return [
        "expectation": expectation.json, "success": false, "result": [:],
        "exception_info": ["raised_exception": true, "exception_message": .string(error.message)],
      ]
    }
    return [
      "expectation": expectation.json, "success": .bool(outcome.success), "result": .object(outcome.result),
    ]
  }

  private func judge(_ expectation: Expectation) throws(Unjudgeable) -> (Bool, [String: JSONValue]) {
    if expectation.kind == .rowCountBetween {
      let count = Double(table.rowCount)
      return (
        within(count, expectation.minimum?.doubleValue, expectation.maximum?.doubleValue),
        ["observed_value": .integer(table.rowCount)]
      )
    }
    let name = expectation.column ?? ""
    guard let column = table.column(named: name) else {
      throw Unjudgeable(message: "column \"\(name)\" is not in the table")
    }
    switch expectation.kind {
    case .columnType:
      return (column.type == expectation.expectedType, ["observed_value": .string(column.type.rawValue)])
    case .meanBetween, .stdevBetween:
      return try aggregate(expectation, column)
    default:
      return try perRow(expectation, column)
    }
  }

  private func perRow(_ expectation: Expectation, _ column: TableColumn) throws(Unjudgeable) -> (
    Bool, [String: JSONValue]
  ) {
    var tally: Tally
    switch expectation.kind {
    case .notNull:
      tally = Tally()
      for row in 0..<column.count where column.isMissing(at: row) { tally.add(row, table, .null) }
    case .between:
      guard column.type != .categorical else {
        throw Unjudgeable(message: "column \"\(column.name)\" is categorical; between needs numbers or dates")
      }
      let low = expectation.bound(expectation.minimum, for: column.type)
      let high = expectation.bound(expectation.maximum, for: column.type)
      tally = scanNumbers(column) { !within($0, low, high) }
    case .inSet:
      tally = inSet(expectation.values, column)
    case .unique:
      tally = unique(column)
    default:
      tally = try matches(expectation.pattern ?? "", column)
    }
    let rows = column.count
    let judged = expectation.kind == .notNull ? rows : rows - tally.missing
    let missing = expectation.kind == .notNull ? tally.unexpected : tally.missing
    let success = judged == 0 || Double(judged - tally.unexpected) >= expectation.mostly * Double(judged)
    return (
      success,
      [
        "element_count": .integer(rows), "missing_count": .integer(missing),
        "missing_percent": percent(missing, of: rows), "unexpected_count": .integer(tally.unexpected),
        "unexpected_percent": percent(tally.unexpected, of: judged),
        "partial_unexpected_list": .array(tally.samples), "partial_unexpected_lines": .array(tally.lines),
      ]
    )
  }

  private func aggregate(_ expectation: Expectation, _ column: TableColumn) throws(Unjudgeable) -> (
    Bool, [String: JSONValue]
  ) {
    guard column.type == .integer || column.type == .float || column.type == .boolean else {
      throw Unjudgeable(
        message:
          "column \"\(column.name)\" is \(column.type.rawValue); \(expectation.kind.rawValue) needs numbers")
    }
    let values = column.numbers.filter { !$0.isNaN }
    let observed: Double?
    let mean = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    if expectation.kind == .meanBetween {
      observed = mean
    } else if let mean, values.count > 1 {
      observed = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    } else {
      observed = nil
    }
    let success = observed.map {
      within($0, expectation.minimum?.doubleValue, expectation.maximum?.doubleValue)
    }
    return (
      success ?? false,
      [
        "observed_value": observed.map(JSONValue.double) ?? .null, "element_count": .integer(column.count),
        "missing_count": .integer(column.count - values.count),
      ]
    )
  }

  private func inSet(_ allowed: [JSONValue], _ column: TableColumn) -> Tally {
    if column.type == .categorical {
      let texts = Set(
        allowed.compactMap { value -> String? in
          switch value {
          case .string(let text): return text
          case .int(let number): return String(number)
          case .double(let number): return number.description
          case .bool(let flag): return flag ? "true" : "false"
          default: return nil
          }
        })
      return scanCodes(column, column.levels.map { !texts.contains($0) })
    }
    let numbers = Set(
      allowed.compactMap { value -> Double? in
        switch value {
        case .int, .double: return value.doubleValue
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text):
          if column.type == .date { return Expectation.days(text) }
          if column.type == .boolean {
            return text.lowercased() == "true" ? 1 : text.lowercased() == "false" ? 0 : nil
          }
          return Double(text)
        default: return nil
        }
      })
    return scanNumbers(column) { !numbers.contains($0) }
  }

  private func unique(_ column: TableColumn) -> Tally {
    if column.type == .categorical {
      var counts = [Int](repeating: 0, count: column.levels.count)
      for code in column.codes where code >= 0 { counts[Int(code)] += 1 }
      return scanCodes(column, counts.map { $0 > 1 })
    }
    var counts: [Double: Int] = [:]
    counts.reserveCapacity(column.count)
    for value in column.numbers where !value.isNaN { counts[value == 0 ? 0 : value, default: 0] += 1 }
    return scanNumbers(column) { counts[$0 == 0 ? 0 : $0, default: 0] > 1 }
  }

  private func matches(_ pattern: String, _ column: TableColumn) throws(Unjudgeable) -> Tally {
    guard let regex = try? Regex(pattern) else {
      throw Unjudgeable(message: "\"\(pattern)\" is not a valid regular expression")
    }
    func matches(_ text: String) -> Bool { (try? regex.firstMatch(in: text)) != nil }
    if column.type == .categorical { return scanCodes(column, column.levels.map { !matches($0) }) }
    // Each distinct value's text is matched once.
    var verdicts: [Double: Bool] = [:]
    return scanNumbers(column) { value in
      if let known = verdicts[value] { return known }
      let verdict = !matches(TableColumn.text(of: value, type: column.type))
      verdicts[value] = verdict
      return verdict
    }
  }

  /// Counts a numeric column's missing values and the values for which `isUnexpected` holds.
  private func scanNumbers(_ column: TableColumn, _ isUnexpected: (Double) -> Bool) -> Tally {
    var tally = Tally()
    for (row, value) in column.numbers.enumerated() {
      if value.isNaN {
        tally.missing += 1
      } else if isUnexpected(value) {
        tally.add(row, table, Self.json(value, column.type))
      }
    }
    return tally
  }

  /// Counts a categorical column's missing values and rows whose level is flagged unexpected.
  private func scanCodes(_ column: TableColumn, _ unexpectedLevel: [Bool]) -> Tally {
    var tally = Tally()
    for (row, code) in column.codes.enumerated() {
      if code < 0 {
        tally.missing += 1
      } else if unexpectedLevel[Int(code)] {
        tally.add(row, table, .string(column.levels[Int(code)]))
      }
    }
    return tally
  }

  /// A value as JSON: integers as integers, booleans as booleans, dates as `yyyy-mm-dd`.
  static func json(_ value: Double, _ type: ColumnType) -> JSONValue {
    switch type {
    case .integer where abs(value) < 9.0e15: return .int(Int64(value))
    case .boolean: return .bool(value != 0)
    case .date: return .string(TableColumn.text(of: value, type: .date))
    default: return .double(value)
    }
  }

  private func within(_ value: Double, _ low: Double?, _ high: Double?) -> Bool {
    (low.map { value >= $0 } ?? true) && (high.map { value <= $0 } ?? true)
  }

  private func percent(_ part: Int, of whole: Int) -> JSONValue {
    whole == 0 ? .null : .double(100 * Double(part) / Double(whole))
  }
}
