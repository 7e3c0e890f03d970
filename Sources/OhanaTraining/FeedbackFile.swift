import OhanaStore
import OhanaTabular

/// The rows of one feedback file: a CSV file with the pipeline's id column and either `outcome`
/// (1 when the prediction was right, 0 when it was wrong) or `label` (the true class), and
/// optionally `time` (ISO 8601 or seconds since 1970). Rows without an id or outcome are counted
/// as invalid and left out.
struct FeedbackFile {
  /// One row of feedback.
  struct Row: Sendable {
    var id: String
    /// Whether the prediction was right, when the file says so directly.
    var outcome: Bool?
    /// The true class as text, when the file gives it instead.
    var label: String?
    /// When the outcome happened, when the file says.
    var time: Double?
  }

  var rows: [Row] = []
  var invalidRows = 0
  /// `outcome` or `label`.
  var kind: String

  /// Reads a feedback file; throws when it cannot be used at all.
  init(bytes: [UInt8], idColumn: String?) throws(MonitoringError) {
    guard let idColumn else {
      throw .unusableFeedback(
        reason: "the pipeline has no id_column in ohana.yaml, so feedback cannot be joined to predictions")
    }
    let table: CSVTable
    do { table = try CSVTable.parse(bytes: bytes) } catch {
      throw .unusableFeedback(reason: "not a readable CSV file: \(error)")
    }
    guard let ids = table.column(named: idColumn) else {
      throw .unusableFeedback(
        reason:
          "feedback needs the id column \(idColumn); the columns are \(table.columnNames.joined(separator: ", "))"
      )
    }
    let outcomes = table.column(named: "outcome")
    let labels = table.column(named: "label")
    guard outcomes != nil || labels != nil else {
      throw .unusableFeedback(
        reason: "feedback needs an outcome column (1 right, 0 wrong) or a label column (the true class)")
    }
    kind = outcomes != nil ? "outcome" : "label"
    let times = table.column(named: "time")
    for row in 0..<table.rowCount {
      let outcome = outcomes.flatMap { Self.outcome($0, row) }
      let label = outcomes == nil ? labels?.text(at: row) : nil
      guard let id = ids.text(at: row), !id.isEmpty, outcome != nil || label != nil else {
        invalidRows += 1
        continue
      }
      rows.append(Row(id: id, outcome: outcome, label: label, time: times.flatMap { Self.time($0, row) }))
    }
    invalidRows += table.problems.count
    guard !rows.isEmpty else {
      throw .unusableFeedback(reason: "no row has both an id and an \(kind) (\(invalidRows) invalid rows)")
    }
  }

  /// 1/0 or true/false (yes/no); nil for anything else.
  private static func outcome(_ column: TableColumn, _ row: Int) -> Bool? {
    if column.type.isNumeric {
      let value = column.numbers[row]
      return value == 1 ? true : value == 0 ? false : nil
    }
    switch column.text(at: row)?.lowercased() {
    case "1", "true", "yes": return true
    case "0", "false", "no": return false
    default: return nil
    }
  }

  /// Seconds since 1970 from a number, a date, or ISO 8601 text.
  private static func time(_ column: TableColumn, _ row: Int) -> Double? {
    switch column.type {
    case .integer, .float: return column.numbers[row].isNaN ? nil : column.numbers[row]
    case .date: return column.numbers[row].isNaN ? nil : column.numbers[row] * 86_400
    case .boolean: return nil
    case .categorical: return column.text(at: row).flatMap(Timestamp.parseISO8601)
    }
  }
}
