import Testing

@testable import OhanaTabular

/// Inputs large enough to be read in two halves on two threads: the result must be the one a
/// single pass gives.
@Suite struct LargeInputTests {
  static let rows = 160_000

  @Test func halvesJoinIntoOneTable() throws {
    var lines = ["id,x,c,f,flag"]
    for row in 0..<Self.rows {
      let late = row >= Self.rows / 2
      let x = row == Self.rows - 1 ? "tail" : String(row % 50)
      let c = late && row % 7 == 0 ? "NA" : (row % 2 == 0 ? "a" : "b")
      let f = late ? "\(row).5" : String(row)
      let flag = late ? "" : (row % 3 == 0 ? "true" : "false")
      lines.append("\(row),\(x),\(c),\(f),\(flag)")
    }
    let text = lines.joined(separator: "\n") + "\n"
    #expect(text.utf8.count > CSVReader.parallelThreshold)
    let table = try parse(text)
    #expect(table.rowCount == Self.rows)
    #expect(table.problems.isEmpty)
    #expect(table.lines.first == 2 && table.lines.last == Int32(Self.rows + 1))
    #expect(table.lines == (0..<Self.rows).map { Int32($0 + 2) })
    #expect(table.column(named: "id")?.numbers == (0..<Self.rows).map(Double.init))
    // Integers up to the last row, then text: every row is read again as a level.
    let x = try #require(table.column(named: "x"))
    #expect(x.type == .categorical)
    #expect(x.levels.count == 51)
    #expect((0..<Self.rows - 1).allSatisfy { x.text(at: $0) == String($0 % 50) })
    #expect(x.text(at: Self.rows - 1) == "tail")
    let c = try #require(table.column(named: "c"))
    #expect(c.levels == ["a", "b"])
    #expect(c.missingCount == (Self.rows / 2..<Self.rows).filter { $0 % 7 == 0 }.count)
    let f = try #require(table.column(named: "f"))
    #expect(f.type == .float)
    #expect(f.numbers[10] == 10 && f.numbers[Self.rows - 1] == Double(Self.rows - 1) + 0.5)
    let flag = try #require(table.column(named: "flag"))
    #expect(flag.type == .boolean)
    #expect(flag.missingCount == Self.rows / 2)
    // Read again against its own schema, in halves too, the table is the same.
    let schema = try TableSchema.infer(from: table, target: nil)
    #expect(try parse(text, schema: schema) == table)
  }

  @Test func aQuotedFieldAcrossTheMiddle() throws {
    let note = (0..<200_000).map { "line \($0), with text" }.joined(separator: "\n")
    var text = "id,note\n"
    for row in 0..<10 { text += "\(row),short\n" }
    text += "10,\"\(note)\"\n"
    for row in 11..<21 { text += "\(row),\"quoted, \"\"too\"\"\"\n" }
    #expect(text.utf8.count > CSVReader.parallelThreshold)
    let table = try parse(text)
    #expect(table.rowCount == 21)
    #expect(table.problems.isEmpty)
    #expect(table.column(named: "note")?.text(at: 10) == note)
    #expect(table.column(named: "note")?.text(at: 20) == "quoted, \"too\"")
    #expect(table.lines[10] == 12)
    #expect(table.lines[11] == Int32(12 + 200_000))
  }

  @Test func problemsAndRepairsInBothHalves() throws {
    var lines = ["a,b,c"]
    var badLines: [Int] = []
    for row in 0..<Self.rows {
      if row % 40_000 == 1 {
        lines.append("\(row),only two")
        badLines.append(lines.count)
      } else if row % 40_000 == 2 {
        lines.append("\"\(row),\"\"x, y\"\",\(row)\"")
      } else {
        lines.append("\(row),w,\(row)")
      }
    }
    let table = try parse(lines.joined(separator: "\r\n"))
    #expect(table.problems.map(\.line) == badLines)
    #expect(table.rowCount == Self.rows - badLines.count)
    #expect(table.column(named: "b")?.levels == ["w", "x, y"])
  }
}
