import Testing

@testable import OhanaTabular

@Suite struct CSVTableTests {
  @Test func appendingMergesLevelsAndWidensNumbers() throws {
    let first = try parse("id,sex,score\n1,M,3\n2,F,4\n")
    let second = try parse("id,sex,score\n3,X,4.5\n4,M,NA\n")
    let joined = try first.appending(second)
    #expect(joined.rowCount == 4)
    #expect(joined.column(named: "id")?.type == .integer)
    #expect(joined.column(named: "score")?.type == .float)
    #expect(same(joined.column(named: "score")?.numbers ?? [], [3, 4, 4.5, .nan]))
    let sex = try #require(joined.column(named: "sex"))
    #expect(sex.levels == ["F", "M", "X"])
    #expect(texts(joined, "sex") == ["M", "F", "X", "M"])
    #expect(joined.lines == [2, 3, 2, 3])
  }

  @Test func appendingFillsColumnsOnlyOneSideHas() throws {
    let first = try parse("a,b\n1,x\n")
    let second = try parse("a,c\n2,true\n")
    let joined = try first.appending(second)
    #expect(joined.columnNames == ["a", "b", "c"])
    #expect(texts(joined, "b") == ["x", nil])
    #expect(texts(joined, "c") == [nil, "true"])
    #expect(joined.column(named: "c")?.type == .boolean)
  }

  @Test func appendingAnEmptyColumnTakesTheOtherType() throws {
    let joined = try parse("a,b\nNA,1\n").appending(try parse("a,b\nx,2\n"))
    #expect(joined.column(named: "a")?.type == .categorical)
    #expect(texts(joined, "a") == [nil, "x"])
  }

  @Test func appendingConflictingTypesThrows() throws {
    let error = try #require(throws: TabularError.self) {
      try parse("a\n1\n").appending(try parse("a\nx\n"))
    }
    #expect(error.message.contains("integer in one table and categorical"))
  }

  @Test func appendingKeepsProblems() throws {
    let joined = try parse("a,b\n1,2\n3\n").appending(try parse("a,b\n4,5,6\n"))
    #expect(joined.problems.map(\.line) == [3, 2])
  }

  @Test func selectingRows() throws {
    let table = try parse("a,b\n1,x\n2,y\n3,z\n")
    let picked = table.selecting(rows: [2, 0, 2])
    #expect(picked.rowCount == 3)
    #expect(texts(picked, "b") == ["z", "x", "z"])
    #expect(picked.column(named: "a")?.numbers == [3, 1, 3])
    #expect(picked.lines == [4, 2, 4])
    #expect(table.selecting(rows: []).rowCount == 0)
  }

  @Test func equalityTreatsMissingValuesAsEqual() throws {
    #expect(try parse("a\nNA\n1\n") == (try parse("a\nNA\n1\n")))
    #expect(try parse("a\nNA\n1\n") != (try parse("a\n2\n1\n")))
  }

  @Test func buildingTablesByHand() {
    let table = CSVTable(columns: [
      TableColumn(name: "x", type: .integer, numbers: [1, 2]),
      TableColumn(name: "c", type: .categorical, codes: [1, -1], levels: ["a", "b"]),
    ])
    #expect(table.rowCount == 2)
    #expect(table.lines == [2, 3])
    #expect(table.column(named: "c")?.text(at: 0) == "b")
    #expect(table.column(named: "c")?.missingCount == 1)
  }
}
