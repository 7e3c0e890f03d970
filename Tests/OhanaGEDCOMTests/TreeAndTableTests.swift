import OhanaDates
import OhanaTestSupport
import Testing

@testable import OhanaGEDCOM

@Suite("The tree read on demand, and the id tables")
struct TreeAndTableTests {
  @Test("Each record read again gives the nodes of the whole tree, line numbers and ends included")
  func recordTreesMatchTheWholeTree() throws {
    // Joined values sit in each tree's own buffer: nodes are compared without their offsets.
    func shape(_ node: GEDCOMNode) -> [Int] {
      [
        Int(node.line), Int(node.subtreeEnd), Int(node.level), Int(node.tag), Int(node.flags),
        Int(node.valueLength),
      ]
    }
    let document = try parse(
      file551([
        "0 @N1@ NOTE start", "1 CONC ed", "broken line", "0 @I1@ INDI", "1 NAME A /B/", "3 DATE 1900",
        "2 @X1@ _LINK",
        "1 _X @@y", "0 CONC orphan", "1 SOUR lost", "0 @F1@ FAM", "1 CHIL @I1@",
      ]))
    let whole = document.fullTree
    for position in document.recordNodes.indices {
      let tree = document.recordTree(position)
      #expect(tree.indices.map { shape(whole[$0]) } == tree.nodes.map(shape))
      #expect(tree.indices.map { tree.xref($0) } == tree.indices.map { whole.xref($0) })
      #expect(tree.indices.map { tree.value($0) } == tree.indices.map { whole.value($0) })
    }
    #expect(document.nodes.count == document.nodeCount)
  }

  @Test("A UTF-8 file with a byte-order mark is read where it is, the mark kept before the text")
  func byteOrderMarkIsSkipped() throws {
    let document = try GEDCOMParser.parse(
      bytes: [0xEF, 0xBB, 0xBF] + Array("0 HEAD\n1 CHAR UTF-8\n0 @I1@ INDI\n1 NAME Zoë //\n0 TRLR\n".utf8))
    #expect(document.textStart == 3)
    #expect(document.individuals.first?.name?.full == "Zoë")
    #expect(document.nodes.first?.line == 1)
  }

  @Test("An ANSEL file that is all ASCII is not transcoded; one that is not, is")
  func asciiIsNotTranscoded() throws {
    let ascii = try parse(["0 HEAD", "1 CHAR ANSEL", "0 @I1@ INDI", "1 NAME Jose /Garcia/", "0 TRLR"])
    #expect(ascii.encoding.encoding == .ansel)
    #expect(ascii.diagnostics("encoding").isEmpty)
    // E2 is ANSEL's acute accent, written before its letter.
    let text =
      Array("0 HEAD\n1 CHAR ANSEL\n0 @I1@ INDI\n1 NAME Jos".utf8) + [0xE2] + Array("e //\n0 TRLR\n".utf8)
    let accented = try GEDCOMParser.parse(bytes: text)
    #expect(accented.individuals.first?.name?.full == "Jos\u{E9}")
  }

  @Test("Ids keep the order they were first met; keys past sixteen bytes are told apart")
  func symbolTable() {
    var table = SymbolTable(capacity: 4)
    let keys = (0..<5000).map { "I\($0)" } + ["a-very-long-identifier-17", "a-very-long-identifier-18", ""]
    for (id, key) in keys.enumerated() { #expect(table.intern(key) == Int32(id)) }
    for (id, key) in keys.enumerated() {
      #expect(table.find(key) == Int32(id))
      #expect(table.name(Int32(id)) == key)
    }
    #expect(table.find("a-very-long-identifier-19") == nil)
    var other = SymbolTable()
    for key in ["new", "I7", "another"] { _ = other.intern(key) }
    #expect(table.intern(contentsOf: other) == [Int32(keys.count), 7, Int32(keys.count + 1)])
  }

  @Test("Tables of parts joined: a key met in two parts keeps its first id")
  func xrefTable() {
    var first = SymbolTable()
    for key in ["I1", "F1", "I2"] { _ = first.intern(key) }
    var second = SymbolTable()
    for key in ["F2", "I2", "I3"] { _ = second.intern(key) }
    var table = XrefTable(first)
    #expect(table.append(second) == [3, 2, 5])
    #expect(table.count == 6)
    #expect(table.find("I2") == 2)
    #expect(table.find("I3") == 5)
    #expect(table.find("I4") == nil)
    #expect((0..<6).map { table.name(Int32($0)) } == ["I1", "F1", "I2", "F2", "I2", "I3"])
  }

  @Test("Dates with extra white space take the fast path with the parser's result")
  func spacedDates() {
    for text in [
      "        1947", " 9 FEB 1975", "ABT  1850 ", "12\tMAR  1850", "BEF 1 JAN 1900  ", "AFT\t1900",
    ] {
      let full = GEDCOMDate(parsing: text)
      let summary = Array(text.utf8).withUnsafeBytes { GEDCOMDate.summary(parsing: $0) }
      #expect(
        summary == GEDCOMDate.Summary(range: full.range, precision: full.precision, hasProblems: false),
        "\(text)")
    }
  }
}
