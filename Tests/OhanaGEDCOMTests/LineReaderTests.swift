import Testing

@testable import OhanaGEDCOM

@Suite("GEDCOM lines")
struct LineReaderTests {
  @Test("Level, xref, tag, value and pointer are read from each line")
  func linesAreSplit() throws {
    let document = try parse(
      file551(["0 @I1@ INDI", "1 NAME John /Smith/", "1 FAMC @F1@", "0 @F1@ FAM", "1 CHIL @I1@"]))
    let name = try #require(document.firstNode("NAME"))
    #expect(document.nodes[name].level == 1)
    #expect(document.value(name) == "John /Smith/")
    #expect(document.nodes[name].isPointer == false)
    let famc = try #require(document.firstNode("FAMC"))
    #expect(document.nodes[famc].isPointer)
    #expect(document.value(famc) == "F1")
    let record = try #require(document.firstNode("INDI"))
    #expect(document.xref(record) == "I1")
    #expect(document.nodes[name].line == 7)
    #expect(document.record(withXref: "F1") == document.firstNode("FAM"))
    #expect(document.children(record) == [name, famc])
  }

  @Test("Nodes stay 24 bytes; xrefs below level 0 are found in the side table")
  func compactNodes() throws {
    #expect(MemoryLayout<GEDCOMNode>.stride == 24)
    let document = try parse(file551(["0 @N1@ NOTE text", "1 @X7@ _LINK", "1 _PLAIN", "2 @Y8@ _DEEP value"]))
    let xrefs = document.nodes.indices.map { document.xref($0) }
    #expect(xrefs.compactMap { $0 } == ["N1", "X7", "Y8"])
    #expect(document.xref(document.firstNode("_PLAIN")!) == nil)
  }

  @Test("CR, LF and CRLF line endings give the same tree", arguments: ["\n", "\r\n", "\r"])
  func lineEndings(ending: String) throws {
    let lines = file551(["0 @I1@ INDI", "1 NAME Ann /Lee/", "1 NOTE first", "2 CONT second"])
    let document = try parse(lines, ending: ending)
    let reference = try parse(lines)
    #expect(document.outline == reference.outline)
    #expect(document.lineEnding == ["\n": "LF", "\r\n": "CRLF", "\r": "CR"][ending])
    #expect(document.value(try #require(document.firstNode("NOTE"))) == "first\nsecond")
  }

  @Test("CONC joins without a break, CONT with a newline, wherever they stand among the children")
  func continuations() throws {
    let document = try parse(
      file551([
        "0 @N1@ NOTE This is a lo", "1 CONC ng note", "1 CONT second line", "1 SOUR @S1@", "1 CONC  and more",
        "0 @S1@ SOUR",
      ]))
    let note = try #require(document.firstNode("NOTE"))
    #expect(document.value(note) == "This is a long note\nsecond line and more")
    #expect(document.notes.first?.text == "This is a long note\nsecond line and more")
    #expect(!document.outline.contains { $0.contains("CONC") || $0.contains("CONT") })
  }

  @Test("Leading spaces and tabs before the level are tolerated")
  func indentedLines() throws {
    let document = try parse(file551(["0 @I1@ INDI", "  1 NAME Ann /Lee/", "\t1 SEX F"]))
    #expect(document.individuals.first?.sex == .female)
    #expect(document.individuals.first?.name?.surname == "Lee")
  }

  /// Lines of the usual shape are read in word-wide steps, the others byte by byte: each
  /// unusual spelling must give the tree its usual spelling gives.
  @Test(
    "Unusual spellings of a line read as their usual ones",
    arguments: [
      ("1  NAME Ann /Lee/", "1 NAME Ann /Lee/"),
      ("1 NAME\tAnn /Lee/", "1 NAME Ann /Lee/"),
      ("01 NAME Ann /Lee/", "1 NAME Ann /Lee/"),
      ("1 NAME Ann /Lee/\r\r", "1 NAME Ann /Lee/"),
      ("1 NAME Ann /Lee/\r", "1 NAME Ann /Lee/"),
      ("1 FAMS\t@F1@", "1 FAMS @F1@"),
      ("1 FAMS @F1@\r", "1 FAMS @F1@"),
      ("1 BIRT\r", "1 BIRT"),
      ("1 BIRT ", "1 BIRT"),
      ("1 _LONGTAG x", "1 _LONGTAG x"),
      ("1 _SEVENAB x", "1 _SEVENAB x"),
      ("1 NOTE a\rb", "1 NOTE a\rb"),
    ])
  func unusualSpellings(unusual: String, usual: String) throws {
    let reference = try parse(file551(["0 @I1@ INDI", usual, "1 SEX F", "0 @F1@ FAM"]))
    let document = try parse(file551(["0 @I1@ INDI", unusual, "1 SEX F", "0 @F1@ FAM"]))
    #expect(document.outline == reference.outline)
    #expect(document.nodes.map(\.line) == reference.nodes.map(\.line))
    #expect(document.individuals == reference.individuals)
  }

  @Test("A tag holding a control character is read whole, and only it is interned")
  func controlCharacterInTag() throws {
    let document = try parse(file551(["0 @I1@ INDI", "1 _A\u{1}B x"]))
    let tags = (0..<Int32(document.tags.count)).map { document.tags.name($0) }
    #expect(tags.contains("_A\u{1}B"))
    #expect(!tags.contains("_A"))
  }

  @Test("Record lines with an xref followed by a tab, or at the very end of the text, are read whole")
  func recordLineEdges() throws {
    let tabbed = try parse(file551(["0 @I1@\tINDI", "1 SEX F"]))
    #expect(tabbed.person("I1")?.sex == .female)
    // The last line is shorter than a word: read without reading past the text.
    for ending in ["", "\r\n", "\n"] {
      let bytes = Array(("0 HEAD\n1 CHAR UTF-8\n0 @I1@ INDI\n1 SEX M\n0 TRLR" + ending).utf8)
      let document = try GEDCOMParser.parse(bytes: bytes)
      #expect(document.person("I1")?.sex == .male)
      #expect(document.diagnostics("missing-trailer").isEmpty)
      #expect(document.lineCount == 5)
    }
  }

  @Test("Extension tags are kept in the tree")
  func extensionTags() throws {
    let document = try parse(file551(["0 @I1@ INDI", "1 _UID 1234", "2 _SUB x", "0 _PLAC Paris"]))
    let uid = try #require(document.firstNode("_UID"))
    #expect(document.value(uid) == "1234")
    #expect(document.children(uid).map { document.tag($0) } == ["_SUB"])
    #expect(document.records.map { document.tag($0) } == ["HEAD", "INDI", "_PLAC", "TRLR"])
  }

  @Test("GEDCOM 5.5 undoes every @@, GEDCOM 7 only a leading one")
  func atSignEscapes() throws {
    let old = try parse(file551(["0 @I1@ INDI", "1 EMAIL me@@example.com", "1 NOTE @@home@@"]))
    #expect(old.value(try #require(old.firstNode("EMAIL"))) == "me@example.com")
    #expect(old.value(try #require(old.firstNode("NOTE"))) == "@home@")
    #expect(old.nodes[try #require(old.firstNode("NOTE"))].isPointer == false)
    let new = try parse(file70(["0 @I1@ INDI", "1 NOTE @@home", "1 EMAIL me@@example.com"]))
    #expect(new.value(try #require(new.firstNode("NOTE"))) == "@home")
    #expect(new.value(try #require(new.firstNode("EMAIL"))) == "me@@example.com")
    let date = try parse(file551(["0 @I1@ INDI", "1 BIRT", "2 DATE @#DJULIAN@ 1 JAN 1700"]))
    #expect(date.nodes[try #require(date.firstNode("DATE"))].isPointer == false)
    #expect(date.individuals.first?.birth?.date?.calendar == .julian)
  }

  @Test("A level jump is a warning and the line is kept under the last open line")
  func levelJump() throws {
    let document = try parse(file551(["0 @I1@ INDI", "1 BIRT", "3 DATE 1900"]))
    #expect(document.diagnostics("level-jump").count == 1)
    #expect(document.diagnostics("level-jump").first?.line == 8)
    let birth = try #require(document.firstNode("BIRT"))
    #expect(document.children(birth).map { document.tag($0) } == ["DATE"])
  }

  @Test("Lines without a level continue the line before; lines without a tag are skipped")
  func malformedLines() throws {
    let document = try parse(file551(["0 @N1@ NOTE start", "broken second line", "1", "0 @I1@ INDI"]))
    #expect(document.value(try #require(document.firstNode("NOTE"))) == "start\nbroken second line")
    #expect(document.diagnostics("malformed-line").count == 2)
    #expect(document.individuals.count == 1)
  }

  @Test("Blank lines are skipped with one remark, a missing trailer is reported")
  func blankLinesAndTrailer() throws {
    let document = try parse(["0 HEAD", "", "1 CHAR UTF-8", "", "0 @I1@ INDI"])
    #expect(document.diagnostics("blank-line").count == 1)
    #expect(document.diagnostics("blank-line").first?.message.contains("2 blank lines") == true)
    #expect(document.diagnostics("missing-trailer").count == 1)
    #expect(document.individuals.count == 1)
  }

  @Test("Lines over 255 bytes are reported in 5.5.x and not in 7.0")
  func longLines() throws {
    let long = "1 NOTE " + String(repeating: "x", count: 300)
    #expect(try parse(file551(["0 @I1@ INDI", long])).diagnostics("long-line").count == 1)
    #expect(try parse(file70(["0 @I1@ INDI", long])).diagnostics("long-line").isEmpty)
  }

  @Test("Only a file that does not start with 0 HEAD is refused")
  func notGEDCOM() throws {
    #expect(throws: GEDCOMError.self) { try parse(["id,name", "1,Ann"]) }
    #expect(throws: GEDCOMError.self) { try GEDCOMParser.parse(bytes: []) }
    #expect(throws: GEDCOMError.self) { try GEDCOMParser.parse(bytes: [0xFF, 0x00, 0x12]) }
    #expect(throws: GEDCOMError.self) { try parse(["1 HEAD"]) }
    let error = #expect(throws: GEDCOMError.self) { try parse(["hello"]) }
    #expect(
      error?.description.contains("does not start with a \"0 HEAD\" line (it starts with \"hello\")") == true)
  }

  @Test("looksLikeGEDCOM accepts a BOM, UTF-16 and an xref on HEAD, and refuses tables")
  func sniffing() {
    func looks(_ bytes: [UInt8]) -> Bool {
      bytes.withUnsafeBytes { GEDCOMParser.looksLikeGEDCOM(prefix: $0) }
    }
    #expect(looks(Array("0 HEAD\n1 CHAR UTF-8\n".utf8)))
    #expect(looks([0xEF, 0xBB, 0xBF] + Array("0 HEAD\r\n".utf8)))
    #expect(looks([0xFF, 0xFE] + Array("0 HEAD\n".utf8).flatMap { [$0, 0] }))
    #expect(looks(Array("0 HEAD\n".utf8).flatMap { [0, $0] }))
    #expect(looks(Array("\n  0 @H@ HEAD\n".utf8)))
    #expect(!looks(Array("0 HEADER\n".utf8)))
    #expect(!looks(Array("id,name\n".utf8)))
    #expect(!looks(Array("0 INDI\n".utf8)))
  }

  @Test("The version comes from HEAD.GEDC.VERS, with fallbacks")
  func versions() throws {
    #expect(try parse(file551([])).version == "5.5.1")
    #expect(try parse(file70([])).version == "7.0")
    #expect(try parse(["0 HEAD", "1 GEDC", "2 VERS 5.5", "1 CHAR ANSEL", "0 TRLR"]).version == "5.5")
    #expect(try parse(["0 HEAD", "1 GEDC", "2 VERS 5.5.5", "0 TRLR"]).version == "5.5.5")
    #expect(try parse(["0 HEAD", "1 CHAR ASCII", "0 TRLR"]).version == "5.5.1")
    #expect(try parse(["0 HEAD", "0 TRLR"]).version == "7.0")
  }
}

@Suite("Malformed ids")
struct MalformedIDTests {
  @Test("An id not closed with @ ends at the first space, with a warning")
  func unterminatedID() throws {
    let document = try parse(file551(["0 @I1 INDI", "1 NAME John /Doe/", "0 @F1@ FAM", "1 CHIL @I1@"]))
    #expect(document.individuals.map(\.xref) == ["I1"])
    #expect(document.families[0].children == [0])
    #expect(document.diagnostics("malformed-xref").count == 1)
  }
}
