import Testing

@testable import OhanaTabular

@Suite struct SchemaParsingTests {
  static let schema = TableSchema(
    version: "1.0", target: "y",
    fields: [
      .init(name: "n", type: .integer, nullable: true),
      .init(name: "x", type: .float, nullable: false),
      .init(name: "sex", type: .categorical, nullable: false, levels: ["F", "M"]),
      .init(name: "ok", type: .boolean, nullable: false),
      .init(name: "day", type: .date, nullable: false),
      .init(name: "y", type: .categorical, nullable: false, levels: ["No", "Yes"]),
    ])

  @Test func fieldsComeInSchemaOrderWithSchemaLevels() throws {
    let table = try parse(
      "extra,y,day,ok,sex,x,n\nz,Yes,2020-01-02,1,M,2,007\nz,No,2020-01-03,false,F,2.5,3.0\n",
      schema: Self.schema)
    #expect(table.columnNames == ["n", "x", "sex", "ok", "day", "y"])
    #expect(table.column(named: "n")?.numbers == [7, 3])
    #expect(table.column(named: "x")?.type == .float)
    #expect(table.column(named: "x")?.numbers == [2, 2.5])
    #expect(table.column(named: "ok")?.numbers == [1, 0])
    #expect(table.column(named: "day")?.numbers == [18263, 18264])
    // Levels are the schema's even though only "M" comes first in the file.
    #expect(table.column(named: "sex")?.levels == ["F", "M"])
    #expect(table.column(named: "sex")?.codes == [1, 0])
    #expect(table.problems.isEmpty)
  }

  @Test func cellsOfTheWrongTypeAreProblems() throws {
    let text =
      """
      n,x,sex,ok,day,y
      1,1.5,M,true,2020-01-01,No
      abc,1.5,M,true,2020-01-01,No
      2.5,x,F,maybe,soon,No
      3,2,F,true,2020-01-01,Yes

      """
    let table = try parse(text, schema: Self.schema)
    #expect(table.rowCount == 2)
    #expect(table.column(named: "n")?.numbers == [1, 3])
    #expect(table.lines == [2, 5])
    #expect(table.problems.map(\.line) == [3, 4])
    #expect(table.problems[0].reason == "column \"n\": \"abc\" is not an integer")
    #expect(table.problems[0].raw == "abc,1.5,M,true,2020-01-01,No")
    #expect(
      table.problems[1].reason
        == "column \"n\": \"2.5\" is not an integer; column \"x\": \"x\" is not a number; "
        + "column \"ok\": \"maybe\" is not true or false; column \"day\": \"soon\" is not a date (yyyy-mm-dd)"
    )
  }

  @Test func unknownLevelsAreMissingNotProblems() throws {
    let table = try parse(
      "n,x,sex,ok,day,y\n1,1,X,true,2020-01-01,Maybe\nNA,1,F,true,2020-01-01,NA\n", schema: Self.schema)
    #expect(table.problems.isEmpty)
    #expect(table.column(named: "sex")?.codes == [-1, 0])
    #expect(table.column(named: "y")?.codes == [-1, -1])
    #expect(same(table.column(named: "n")?.numbers ?? [], [1, .nan]))
  }

  @Test func theTargetMayBeAbsentButNothingElse() throws {
    let inputs = try parse("n,x,sex,ok,day\n1,1,F,true,2020-01-01\n", schema: Self.schema)
    #expect(inputs.columnNames == ["n", "x", "sex", "ok", "day"])
    let error = try #require(throws: TabularError.self) {
      try parse("n,sex,ok,day\n1,F,true,2020-01-01\n", schema: Self.schema)
    }
    #expect(error.message.contains("column \"x\" of schema 1.0 is not in the file"))
  }

  @Test func fieldCountProblemsStillCount() throws {
    let table = try parse(
      "n,x,sex,ok,day\n1,1,F,true\nabc,1,F,true,2020-01-01\n2,2,M,false,2020-01-01\n", schema: Self.schema)
    #expect(table.problems.map(\.line) == [2, 3])
    #expect(table.rowCount == 1)
  }

  @Test func levelsThatWereNotUTF8StillMatch() throws {
    // Found by fuzzing: the byte 0xFF becomes U+FFFD in the level, and must match it again.
    let bytes = Array("k\n1\n".utf8) + [0x31, 0xFF, 0x0A]
    let table = try CSVTable.parse(bytes: bytes)
    let schema = try TableSchema.infer(from: table, target: nil)
    #expect(try CSVTable.parse(bytes: bytes, schema: schema) == table)
    #expect(table.column(named: "k")?.levels == ["1", "1\u{FFFD}"])
  }
}
