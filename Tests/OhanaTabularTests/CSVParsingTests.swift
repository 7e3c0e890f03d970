import OhanaTestSupport
import Testing

@testable import OhanaTabular

@Suite struct CSVParsingTests {
  @Test func quotedFieldsHoldDelimitersAndDoubledQuotes() throws {
    let table = try parse("name,n\n\"Smith, John\",1\n\"he said \"\"hi\"\"\",2\n\"\",3\n")
    #expect(table.columnNames == ["name", "n"])
    #expect(texts(table, "name") == ["Smith, John", "he said \"hi\"", nil])
    #expect(table.column(named: "n")?.numbers == [1, 2, 3])
  }

  @Test func quotedFieldsHoldLineBreaksAndLinesCountPhysically() throws {
    let table = try parse("note,n\n\"first\nsecond\r\nthird\",1\nplain,2\n")
    #expect(texts(table, "note") == ["first\nsecond\r\nthird", "plain"])
    // The quoted record spans lines 2-4, so the next one starts on line 5.
    #expect(table.lines == [2, 5])
  }

  @Test(arguments: ["\n", "\r\n", "\r"])
  func everyLineEndingWorks(ending: String) throws {
    let body = ["a,b", "1,x", "2,y"].joined(separator: ending)
    for text in [body, body + ending] {
      let table = try parse(text)
      #expect(table.rowCount == 2)
      #expect(table.column(named: "a")?.numbers == [1, 2])
      #expect(texts(table, "b") == ["x", "y"])
      #expect(table.lines == [2, 3])
    }
  }

  @Test func byteOrderMarkIsSkipped() throws {
    let table = try CSVTable.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("id,v\n1,2\n".utf8))
    #expect(table.columnNames == ["id", "v"])
    #expect(table.column(named: "id")?.type == .integer)
  }

  @Test func blankLinesAreSkippedButKeepLineNumbers() throws {
    let table = try parse("\n\na,b\n\n1,2\n\n\n3,4\n\n")
    #expect(table.rowCount == 2)
    #expect(table.lines == [5, 8])
    #expect(table.problems.isEmpty)
  }

  @Test func wrongFieldCountsAreReportedWithTheirLines() throws {
    let table = try parse("a,b\n1,2\n3\n4,5,6\n7,8\n")
    #expect(table.rowCount == 2)
    #expect(table.column(named: "a")?.numbers == [1, 7])
    #expect(table.lines == [2, 5])
    #expect(
      table.problems == [
        RowProblem(line: 3, reason: "1 field, expected 2 like the header", raw: "3"),
        RowProblem(line: 4, reason: "3 fields, expected 2 like the header", raw: "4,5,6"),
      ])
  }

  @Test func badRecordsDoNotChangeColumnTypes() throws {
    // The shifted record would make "a" text if it were kept.
    let table = try parse("a,b\n1,2\nx,y,z\n3,4\n")
    #expect(table.column(named: "a")?.type == .integer)
    #expect(table.problems.map(\.line) == [3])
  }

  @Test func unterminatedQuoteIsAProblem() throws {
    let table = try parse("a,b\n1,2\n3,\"open\n4,5\n")
    #expect(table.rowCount == 1)
    #expect(table.problems.count == 1)
    #expect(table.problems.first?.line == 3)
    #expect(table.problems.first?.reason.contains("never closed") == true)
  }

  @Test func textAfterAClosingQuoteIsAProblem() throws {
    let table = try parse("a,b\n\"x\"y,1\n\"ok\"  ,2\n")
    #expect(texts(table, "a") == ["ok"])
    #expect(table.problems.map(\.line) == [2])
    #expect(table.problems.first?.reason == "field 1 (a) has text after its closing quote")
  }

  @Test func whollyQuotedRecordsAreRepaired() throws {
    let text = "a,b,c\n1,x,2\n\"3,\"\"y, z\"\",4\"\n\"just one field\"\n\"5,\"\"q\"\"\"\"\"\",6\"\n"
    let table = try parse(text)
    #expect(texts(table, "b") == ["x", "y, z", "q\""])
    #expect(table.column(named: "a")?.numbers == [1, 3, 5])
    #expect(table.lines == [2, 3, 5])
    // A quoted record whose content does not split into the header's fields stays a problem.
    #expect(table.problems.map(\.line) == [4])
    let strict = try parse(text, CSVOptions(repairsQuotedRecords: false))
    #expect(strict.rowCount == 1)
    #expect(strict.problems.map(\.line) == [3, 4, 5])
  }

  @Test func quotesInsideUnquotedFieldsAreText() throws {
    let table = try parse("a,b\nsay \"hi\",1\n")
    #expect(texts(table, "a") == ["say \"hi\""])
  }

  @Test func rawTextOfAProblemIsCapped() throws {
    let long = String(repeating: "x", count: 5000)
    let table = try parse("a,b\n\(long)\n")
    #expect(table.problems.first?.raw.utf8.count == RowProblem.rawLimit)
  }

  @Test func cellsAndNamesAreTrimmed() throws {
    let table = try parse(" a , b \n 1 ,\t x \n")
    #expect(table.columnNames == ["a", "b"])
    #expect(table.column(named: "a")?.numbers == [1])
    #expect(texts(table, "b") == ["x"])
  }

  @Test func emptyHeaderNamesBecomeNumbered() throws {
    let table = try parse("a,,c,\n1,2,3,4\n")
    #expect(table.columnNames == ["a", "column_2", "c", "column_4"])
  }

  @Test func duplicateHeaderNamesAreAnError() throws {
    #expect(throws: TabularError.self) { try parse("a,b,a\n1,2,3\n") }
    // The same names in a record are values, not a header.
    #expect(throws: Never.self) { try parse("x\na,b,a\n") }
    let error = try? #require(throws: TabularError.self) { try parse("a,b,a\n1,2,3\n") }
    #expect(error?.message.contains("column 1 and column 3") == true)
    #expect(error?.line == 1)
  }

  @Test func emptyInputIsAnError() {
    #expect(throws: TabularError.self) { try parse("") }
    #expect(throws: TabularError.self) { try parse("\n\r\n") }
  }

  @Test func headerOnlyGivesNoRows() throws {
    let table = try parse("a,b\n")
    #expect(table.rowCount == 0)
    #expect(table.columns.map(\.type) == [.float, .float])
  }

  @Test(arguments: [(",", UInt8(ascii: ",")), (";", UInt8(ascii: ";")), ("\t", 9), ("|", UInt8(ascii: "|"))])
  func delimiterIsDetected(separator: String, byte: UInt8) throws {
    let rows = [["id", "name", "score"], ["1", "a b", "2.5"], ["2", "c", "3"]]
    let table = try parse(rows.map { $0.joined(separator: separator) }.joined(separator: "\n"))
    #expect(table.delimiter == byte)
    #expect(table.columnNames == ["id", "name", "score"])
    #expect(table.column(named: "score")?.numbers == [2.5, 3])
  }

  @Test func detectionIgnoresDelimitersInsideQuotes() throws {
    let table = try parse("\"a;b;c\",d\n\"1;2\",3\n\"4;5\",6\n")
    #expect(table.delimiter == UInt8(ascii: ","))
    #expect(table.columnNames == ["a;b;c", "d"])
  }

  @Test func semicolonFilesWithDecimalCommasAreDetected() throws {
    let table = try parse("a;b\n1,5;2\n3,25;4\n")
    #expect(table.delimiter == UInt8(ascii: ";"))
    #expect(texts(table, "a") == ["1,5", "3,25"])
  }

  @Test func explicitDelimiterWins() throws {
    let table = try parse("a;b,c\n1;2,3\n", CSVOptions(delimiter: UInt8(ascii: ";")))
    #expect(table.columnNames == ["a", "b,c"])
    #expect(throws: TabularError.self) { try parse("a\n", CSVOptions(delimiter: UInt8(ascii: "\""))) }
  }

  @Test func defaultMissingTokensAreMissing() throws {
    let tokens = ["", "NA", "N/A", "NaN", "nan", "?", "null", "NULL", "None", "-"]
    let text = "v,w\n" + tokens.map { "\($0),1" }.joined(separator: "\n") + "\n5,1\n\" NA \",1\n"
    let table = try parse(text)
    let column = try #require(table.column(named: "v"))
    #expect(column.type == .integer)
    #expect(column.missingCount == tokens.count + 1)
    #expect(column.numbers[tokens.count] == 5)
    #expect(Set(CSVOptions.defaultMissingTokens) == Set(tokens))
  }

  @Test func missingTokensAreNotLevels() throws {
    let table = try parse("c\nb\nNA\na\n?\nb\n")
    let column = try #require(table.column(named: "c"))
    #expect(column.type == .categorical)
    #expect(column.levels == ["a", "b"])
    #expect(column.codes == [1, -1, 0, -1, 1])
  }

  @Test func customMissingTokensThatLookLikeNumbers() throws {
    let options = CSVOptions(missingTokens: ["-999", ""])
    let table = try parse("x,y\n1,NA\n-999,b\n3,\n", options)
    #expect(same(table.column(named: "x")?.numbers ?? [], [1, .nan, 3]))
    // "NA" is an ordinary value once it is not a token.
    #expect(texts(table, "y") == ["NA", "b", nil])
  }

  @Test func invalidUTF8IsRepaired() throws {
    let table = try CSVTable.parse(bytes: Array("name\n".utf8) + [0x41, 0xFF, 0x0A] + Array("B\n".utf8))
    #expect(texts(table, "name") == ["A\u{FFFD}", "B"])
  }

  @Test func readsFiles() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("a,b\n1,x\n", to: "t.csv")
    let table = try CSVTable.parse(contentsOf: path)
    #expect(table.rowCount == 1)
    #expect(throws: TabularError.self) { try CSVTable.parse(contentsOf: directory.file("absent.csv")) }
  }
}
