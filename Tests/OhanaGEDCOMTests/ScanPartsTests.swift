import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

@testable import OhanaGEDCOM

/// Everything a parse shows, as text: reports, findings, typed views, the tree, the graph and
/// the written file, so that two parses can be compared whole.
func observable(_ document: GEDCOMDocument) -> [String] {
  var lines = [CanonicalJSON.encode(GEDCOMReport.inspectJSON(document))]
  lines += document.diagnostics.map { "\($0)" }
  lines += GEDCOMReport.peopleJSON(document).map { CanonicalJSON.encodeCompact($0) }
  lines += document.individuals.map { "\($0)" } + document.families.map { "\($0)" }
  lines += document.sources.map { "\($0)" } + document.notes.map { "\($0)" }
  lines += document.outline
  lines += document.nodes.map { "\($0.line) \($0.subtreeEnd)" }
  lines.append("\(FamilyGraph.build(from: document).encoded())")
  lines.append(String(decoding: GEDCOMWriter.write(document), as: UTF8.self))
  return lines
}

/// Many small families, `count` records in all, for files that are cut into parts.
func manyRecords(_ count: Int, prefix: String = "") -> [String] {
  (0..<count / 3).flatMap { index -> [String] in
    let id = "\(prefix)\(index)"
    return [
      "0 @I\(id)@ INDI", "1 NAME Ann\(index % 7) /Lee\(index % 5)/", "1 SEX F", "1 BIRT",
      "2 DATE \(1800 + index % 90)",
      "2 PLAC Town \(index % 11)", "1 FAMS @F\(id)@", "0 @J\(id)@ INDI", "1 NAME Tom /Lee\(index % 5)/",
      "1 FAMC @F\(id)@",
      "1 NOTE a long", "2 CONC  note", "2 CONT on two lines", "0 @F\(id)@ FAM", "1 WIFE @I\(id)@",
      "1 CHIL @J\(id)@",
      "1 MARR", "2 DATE ABT 18\(10 + index % 80)",
    ]
  }
}

@Suite("Reading a file in parts")
struct ScanPartsTests {
  static func parse(_ lines: [String], parts: Int?, tails: Stretches.Sizes = .init()) throws -> GEDCOMDocument
  {
    try GEDCOMParser.parse(
      bytes: Array((lines.joined(separator: "\n") + "\n").utf8), parts: parts, tails: tails)
  }

  static func scan(_ lines: [String], parts: Int, tails: Stretches.Sizes = .init()) -> GEDCOMScan {
    let text = Array((lines.joined(separator: "\n") + "\n").utf8)
    return text.withUnsafeBytes {
      GEDCOMScan.run($0, from: 0, isVersion7: false, carriageReturnsOnly: false, parts: parts, tails: tails)
    }
  }

  @Test("A file read in 2, 3 or 7 parts gives the same document as one pass", arguments: [2, 3, 7])
  func partsGiveOnePass(parts: Int) throws {
    let lines = file551(
      manyRecords(600) + ["0 @X1@ INDI", "1 FAMC @F404@", "1 FAMS @NOWHERE@", "0 @F404@ FAM"])
    #expect(Self.scan(lines, parts: parts).parts == parts)
    #expect(observable(try Self.parse(lines, parts: parts)) == observable(try Self.parse(lines, parts: 1)))
  }

  @Test("Tails that idle threads take from other parts join as one pass")
  func tailsTaken() throws {
    // Windows and tails of a few lines, so that a thread done first takes part of the other's
    // (on one core, the second part is taken before its own reader starts).
    let lines = file551(manyRecords(1200) + ["0 @X1@ INDI", "1 FAMC @F7@", "1 FAMS @NOWHERE@"])
    let tails = Stretches.Sizes(window: 64, smallestTail: 256)
    let onePass = observable(try Self.parse(lines, parts: 1))
    var mostParts = 0
    for _ in 0..<6 {
      mostParts = max(mostParts, Self.scan(lines, parts: 2, tails: tails).parts)
      #expect(observable(try Self.parse(lines, parts: 2, tails: tails)) == onePass)
    }
    #expect(mostParts > 2)
  }

  @Test("Links, findings and ids that span parts are joined as one pass joins them")
  func crossPartLinks() throws {
    // Pointers to later and earlier parts, one-sided links, a dangling pointer, blank lines in
    // both halves and a long line: each finding must come out once, in line order.
    let lines = file551(
      ["0 @P1@ INDI", "1 FAMS @Q9@", "", "1 NOTE " + String(repeating: "x", count: 300)] + manyRecords(300)
        + ["0 @Q9@ FAM", "1 HUSB @P1@", "1 CHIL @K5@", "1 CHIL @GHOST@", "", "0 @K5@ INDI", "1 FAMC @Q9@"])
    let joined = try Self.parse(lines, parts: 3)
    #expect(Self.scan(lines, parts: 3).parts == 3)
    #expect(observable(joined) == observable(try Self.parse(lines, parts: 1)))
    #expect(joined.diagnostics("dangling-pointer").count == 1)
    #expect(joined.diagnostics("blank-line").first?.message.contains("2 blank lines") == true)
  }

  @Test("Records after the trailer, or an id given in two parts, make the file read in one pass")
  func partsThatCannotBeJoined() throws {
    // The trailer falls in the first half.
    let afterTrailer =
      ["0 HEAD", "1 CHAR UTF-8"] + manyRecords(60) + ["0 TRLR"] + manyRecords(600, prefix: "b")
    let twice = file551(manyRecords(300) + manyRecords(300))
    for lines in [afterTrailer, twice] {
      #expect(Self.scan(lines, parts: 2).parts == 1)
      #expect(observable(try Self.parse(lines, parts: 2)) == observable(try Self.parse(lines, parts: 1)))
    }
    #expect(try Self.parse(twice, parts: 2).diagnostics("duplicate-xref").count == 300)
  }

  @Test("Lines ending in CR alone are read in one pass")
  func carriageReturnsOnly() throws {
    let lines = file551(manyRecords(300))
    let text = Array((lines.joined(separator: "\r") + "\r").utf8)
    let scan = text.withUnsafeBytes {
      GEDCOMScan.run($0, from: 0, isVersion7: false, carriageReturnsOnly: true, parts: 2)
    }
    #expect(scan.parts == 1)
    #expect(
      observable(try GEDCOMParser.parse(bytes: text, parts: 2))
        == observable(try GEDCOMParser.parse(bytes: text, parts: 1)))
  }

  @Test(
    "Every shared GEDCOM file gives the same document in parts as in one pass",
    .enabled(if: SharedData.isAvailable, "shared data not found (set OHANA_DATA)"))
  func sharedFilesInParts() throws {
    for file in SharedData.files(in: "gedcom", extensions: ["ged"]) {
      let bytes = try readBytes(file)
      guard let whole = try? GEDCOMParser.parse(bytes: bytes, parts: 1) else { continue }
      #expect(observable(try GEDCOMParser.parse(bytes: bytes, parts: 3)) == observable(whole), "\(file)")
    }
  }

  @Test("Records are cut only at plain record lines")
  func recordBoundaries() {
    let text = Array("0 HEAD\n1 NOTE a\n0 CONC b\n  0 @I1@ INDI\n0 @I2 INDI\n0 @I3@ INDI\n".utf8)
    // Not the CONC line, not the indented record, not the unclosed id: the @I3@ line.
    text.withUnsafeBytes { text in
      #expect(TextScan.recordBoundary(in: text, after: 7, before: text.count) == 50)
      #expect(TextScan.recordBoundary(in: text, after: 51, before: text.count) == nil)
    }
  }

  @Test("Records are counted by kind before reading")
  func recordCounts() {
    let text = Array(
      "0 HEAD\n0 @I1@ INDI\n1 FAMS @F1@\n0 @F1@ FAM\n0 INDI\n0 @S1@ SOUR\n0 @F2@ FAMILY\n".utf8)
    let counts = text.withUnsafeBytes { TextScan.countRecords(in: $0, from: 0, to: $0.count) }
    // HEAD starts the text, with no line feed before it: five records after it.
    #expect(counts.records == 5)
    #expect(counts.individuals == 2)
    #expect(counts.families == 1)
  }

  @Test("Line feeds are counted to the last byte", arguments: [0, 1, 7, 8, 9, 15, 16, 17])
  func lineFeedCounts(trailing: Int) {
    // Texts of every length modulo eight, ending in a line feed or not.
    let text = Array("0 HEAD\n0 @I1@ INDI\n\n1 NAME A\r\n".utf8) + Array(repeating: 0x0A, count: trailing)
    for end in 0...text.count {
      let lineFeeds = text.withUnsafeBytes { TextScan.countLineFeeds(in: $0, from: 0, to: end) }
      #expect(lineFeeds == text[..<end].filter { $0 == 0x0A }.count, "end \(end)")
    }
  }

  @Test("Counts agree with a byte-by-byte count on long texts, at every offset")
  func longTextCounts() {
    // Over 255 rounds of sixteen bytes (the lane counters' flush), records at every alignment.
    var text: [UInt8] = []
    var line = 0
    while text.count < 9_000 {
      text += Array(
        (line % 3 == 0 ? "0 @I\(line)@ INDI\n" : "1 NOTE \(String(repeating: "x", count: line % 23))\n").utf8)
      line += 1
    }
    for start in [0, 1, 5, 16, 17] {
      for end in [text.count, text.count - 1, text.count - 9, 4_113] {
        let counts = text.withUnsafeBytes { TextScan.countRecords(in: $0, from: start, to: end) }
        let feeds = (start..<end).filter { text[$0] == 0x0A }
        let lineFeeds = text.withUnsafeBytes { TextScan.countLineFeeds(in: $0, from: start, to: end) }
        #expect(lineFeeds == feeds.count, "\(start)..<\(end)")
        #expect(
          counts.records == feeds.filter { $0 + 1 < end && text[$0 + 1] == 0x30 }.count, "\(start)..<\(end)")
      }
    }
  }

  @Test("Records are estimated from samples of a long text, counted in a short one")
  func recordEstimates() {
    let short = Array(file551(manyRecords(300)).joined(separator: "\n").utf8)
    short.withUnsafeBytes { bytes in
      let estimate = TextScan.estimatedRecords(in: bytes, from: 0, to: bytes.count)
      let counts = TextScan.countRecords(in: bytes, from: 0, to: bytes.count)
      #expect(estimate.records == counts.records && estimate.individuals == counts.individuals)
    }
    let long = Array(file551(manyRecords(150_000)).joined(separator: "\n").utf8)
    long.withUnsafeBytes { bytes in
      let estimate = TextScan.estimatedRecords(in: bytes, from: 0, to: bytes.count)
      let counts = TextScan.countRecords(in: bytes, from: 0, to: bytes.count)
      // An eighth over what samples show: at least the count in an even text, not far over.
      for (estimated, counted) in [
        (estimate.records, counts.records), (estimate.individuals, counts.individuals),
        (estimate.families, counts.families),
      ] {
        #expect(estimated >= counted && estimated < counted * 5 / 4 + 64, "\(estimated) for \(counted)")
      }
    }
  }

  @Test("Link lists of parts are joined in order")
  func linkListsJoin() {
    var first = LinkLists()
    first.appendUnique(3)
    first.appendUnique(3)
    first.closeList()
    first.closeList()
    var second = LinkLists()
    second.appendUnique(1)
    second.appendUnique(2)
    second.closeList()
    let joined = LinkLists(joining: [first, LinkLists(), second])
    #expect(joined.start == [0, 1, 1, 3])
    #expect(joined.items == [3, 1, 2])
    #expect(Array(joined[2]) == [1, 2])
  }
}

/// The bytes of a file.
func readBytes(_ path: String) throws -> [UInt8] {
  guard let data = FileManager.default.contents(atPath: path) else {
    throw GEDCOMError.unreadable(path: path, reason: "")
  }
  return Array(data)
}
