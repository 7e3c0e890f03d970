import Testing

@testable import OhanaTabular

@Suite struct TypeInferenceTests {
  @Test func integers() throws {
    let column = try #require(try parse("v\n1\n-2\n+3\n0\n123456789012345\n").column(named: "v"))
    #expect(column.type == .integer)
    #expect(column.numbers == [1, -2, 3, 0, 123_456_789_012_345])
    #expect(column.text(at: 1) == "-2")
  }

  @Test func floats() throws {
    let column = try #require(try parse("v\n1.5\n2\n1e3\n-.5\n2.5E-3\n0.1\n123456.789\n").column(named: "v"))
    #expect(column.type == .float)
    #expect(column.numbers == [1.5, 2, 1000, -0.5, 0.0025, 0.1, 123_456.789])
  }

  @Test func floatsAreCorrectlyRounded() throws {
    // Long mantissas and large exponents take the slow path; the values are Swift's own
    // correctly rounded readings of the same text.
    let values = [
      "0.1234567890123456789", "1.7976931348623157e308", "5e-324", "123456789012345678.5",
      "9007199254740993.0",
    ]
    let column = try #require(try parse("v\n" + values.joined(separator: "\n")).column(named: "v"))
    #expect(column.numbers == values.map { Double($0)! })
  }

  @Test func booleans() throws {
    let column = try #require(try parse("v\ntrue\nFALSE\nTrue\nNA\n").column(named: "v"))
    #expect(column.type == .boolean)
    #expect(same(column.numbers, [1, 0, 1, .nan]))
    #expect(column.text(at: 1) == "false")
  }

  @Test func dates() throws {
    let text =
      "v\n2020-01-31\n2020/02/29\n05-Mar-2021\n7 April 2022\n1969-12-31T23:59:00\n1900-03-01 08:00\n2000-02-29\n"
    let column = try #require(try parse(text).column(named: "v"))
    #expect(column.type == .date)
    // Days since 1970-01-01 from Python: (datetime.date(y, m, d) - datetime.date(1970, 1, 1)).days
    #expect(column.numbers == [18292, 18321, 18691, 19089, -1, -25508, 11016])
    #expect(column.text(at: 2) == "2021-03-05")
    #expect(column.text(at: 5) == "1900-03-01")
  }

  @Test func impossibleOrAmbiguousDatesAreText() throws {
    #expect(try parse("v\n2021-02-29\n").column(named: "v")?.type == .categorical)
    #expect(try parse("v\n01/02/2020\n").column(named: "v")?.type == .categorical)
    #expect(try parse("v\n2021-13-01\n").column(named: "v")?.type == .categorical)
  }

  @Test func categoricalLevelsAreSortedByBytes() throws {
    let column = try #require(try parse("v\nb\na\nc\na\nB\n").column(named: "v"))
    #expect(column.type == .categorical)
    #expect(column.levels == ["B", "a", "b", "c"])
    #expect(column.codes == [2, 1, 3, 1, 0])
    #expect(column.text(at: 4) == "B")
  }

  @Test func leadingZerosKeepCodesAsText() throws {
    let column = try #require(try parse("zip\n02134\n10001\n").column(named: "zip"))
    #expect(column.type == .categorical)
    #expect(column.levels == ["02134", "10001"])
    #expect(try parse("v\n0\n0.5\n-0.25\n").column(named: "v")?.type == .float)
  }

  @Test func longIntegersStayText() throws {
    let column = try #require(try parse("id\n1234567890123456\n").column(named: "id"))
    #expect(column.type == .categorical)
  }

  @Test func integersThenFloatsAreFloats() throws {
    let column = try #require(try parse("v\n1\n2\n2.5\n3\n").column(named: "v"))
    #expect(column.type == .float)
    #expect(column.numbers == [1, 2, 2.5, 3])
  }

  @Test func numbersThenTextBecomeCategoricalWithEveryRow() throws {
    let column = try #require(try parse("v\n10\nNA\n2.5\nx\n10\n").column(named: "v"))
    #expect(column.type == .categorical)
    #expect(column.levels == ["10", "2.5", "x"])
    #expect(column.codes == [0, -1, 1, 2, 0])
  }

  @Test func otherMixesAreCategorical() throws {
    #expect(try parse("v\ntrue\n1\n").column(named: "v")?.type == .categorical)
    #expect(try parse("v\n2020-01-01\n5\n").column(named: "v")?.type == .categorical)
    #expect(try parse("v\n5\n2020-01-01\n").column(named: "v")?.type == .categorical)
  }

  @Test func allMissingIsFloat() throws {
    let column = try #require(try parse("v,w\nNA,1\n,2\n").column(named: "v"))
    #expect(column.type == .float)
    #expect(column.missingCount == 2)
    #expect(column.text(at: 0) == nil)
  }

  @Test func firstValueAfterMissingDecidesTheStart() throws {
    let column = try #require(try parse("v\nNA\n?\nabc\nNA\n").column(named: "v"))
    #expect(column.type == .categorical)
    #expect(column.codes == [-1, -1, 0, -1])
  }

  @Test func escapedQuotesInCategories() throws {
    let column = try #require(try parse("v\n\"a \"\"b\"\"\"\nc\n\"a \"\"b\"\"\"\n").column(named: "v"))
    #expect(column.levels == ["a \"b\"", "c"])
    #expect(column.codes == [0, 1, 0])
  }

  @Test func longCategoriesAreComparedWhole() throws {
    let stem = String(repeating: "x", count: 20)
    let column = try #require(try parse("v\n\(stem)1\n\(stem)2\n\(stem)1\n").column(named: "v"))
    #expect(column.levels == ["\(stem)1", "\(stem)2"])
    #expect(column.codes == [0, 1, 0])
  }

  @Test func manyLevels() throws {
    let values = (0..<5000).map { "k\($0 * 7919 % 5000)" }
    let column = try #require(try parse("v\n" + values.joined(separator: "\n")).column(named: "v"))
    #expect(column.levels.count == 5000)
    #expect((0..<5000).allSatisfy { column.text(at: $0) == values[$0] })
  }
}
