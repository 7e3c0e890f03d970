import Testing

@testable import OhanaTabular

@Suite struct CSVWriterTests {
  @Test func quotingFollowsRFC4180() {
    #expect(CSVWriter.field("plain") == "plain")
    #expect(CSVWriter.field("") == "")
    #expect(CSVWriter.field("a,b") == "\"a,b\"")
    #expect(CSVWriter.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSVWriter.field("two\nlines") == "\"two\nlines\"")
  }

  @Test func formulasAreDefused() {
    #expect(CSVWriter.field("=SUM(A1:A9)") == "'=SUM(A1:A9)")
    #expect(CSVWriter.field("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0")
    #expect(CSVWriter.field("-2+3") == "'-2+3")
    #expect(CSVWriter.field("@SUM(1)") == "'@SUM(1)")
    #expect(CSVWriter.field("\tx") == "'\tx")
    #expect(CSVWriter.field("\rx") == "\"'\rx\"")
    #expect(CSVWriter.field("-") == "'-")
    #expect(CSVWriter.field("=1,2") == "\"'=1,2\"")
  }

  @Test func numbersAreNotFormulas() {
    for number in ["-1.5", "+3", "-0", "-2.5e-3", "+1E10", "-.5"] {
      #expect(CSVWriter.field(number) == number)
    }
  }

  @Test func rowsRoundTripThroughTheParser() throws {
    let values = ["plain", "a,b", "say \"hi\"", "two\nlines", "-1.5"]
    let text = CSVWriter.row(["c1", "c2", "c3", "c4", "c5"]) + CSVWriter.row(values)
    #expect(CSVWriter.row(["a", "b,c"]) == "a,\"b,c\"\n")
    let table = try parse(text)
    #expect(table.rowCount == 1)
    #expect(table.columns.map { $0.text(at: 0) } == values)
  }
}
