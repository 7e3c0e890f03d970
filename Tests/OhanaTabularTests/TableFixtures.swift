import OhanaTabular

/// Parses CSV text (the helper every test file uses).
func parse(_ text: String, _ options: CSVOptions = CSVOptions()) throws -> CSVTable {
  try CSVTable.parse(bytes: Array(text.utf8), options: options)
}

/// Parses CSV text against a schema.
func parse(_ text: String, schema: TableSchema) throws -> CSVTable {
  try CSVTable.parse(bytes: Array(text.utf8), schema: schema)
}

/// The values of a column as text (`nil` = missing).
func texts(_ table: CSVTable, _ name: String) -> [String?] {
  guard let column = table.column(named: name) else { return [] }
  return (0..<column.count).map { column.text(at: $0) }
}

/// Whether two doubles are equal, NaN matching NaN.
func same(_ left: [Double], _ right: [Double]) -> Bool {
  left.count == right.count && zip(left, right).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}
