import OhanaJSON
import OhanaTabular

/// libFuzzer entry point: any bytes must parse or fail with a TabularError, never crash; a
/// parsed table must survive the binary round trip, read the same against its own inferred
/// schema, and go through validation and feature encoding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let table = try? CSVTable.parse(bytes: bytes) else { return 0 }
  guard table.columns.allSatisfy({ $0.count == table.rowCount }), table.lines.count == table.rowCount else {
    fatalError("columns and lines disagree with the row count")
  }
  guard (try? CSVTable(decoding: table.encoded())) == table else { fatalError("binary round trip failed") }
  guard let schema = try? TableSchema.infer(from: table, target: nil) else {
    fatalError("schema inference failed")
  }
  guard (try? CSVTable.parse(bytes: bytes, schema: schema)) == table else {
    fatalError("reading against the inferred schema changed the table")
  }
  guard schema.check(table) == .same else { fatalError("a table does not match its own schema") }
  let checks: [JSONValue] = table.columnNames.prefix(3).flatMap { name -> [JSONValue] in
    [
      ["expect": "unique", "column": .string(name)],
      ["expect": "between", "column": .string(name), "min": 0],
      ["expect": "matches_regex", "column": .string(name), "regex": "^[a-z0-9]+$", "mostly": 0.5],
    ]
  }
  if let suite = try? ExpectationSuite(json: .array(checks)) { _ = suite.validate(table).json }
  let matrix = FeatureEncoder(schema: schema, mode: .oneHot, training: table).matrix(table)
  guard matrix.rowCount == table.rowCount else { fatalError("the feature matrix lost rows") }
  return 0
}
