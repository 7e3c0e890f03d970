import OhanaTestSupport
import Testing

@testable import OhanaGEDCOM

@Suite("Writing GEDCOM back")
struct WriterTests {
  /// The tree of a document written and parsed again, minus HEAD.CHAR (rewritten to UTF-8).
  static func roundTrip(_ document: GEDCOMDocument) throws -> (before: [String], after: [String]) {
    let again = try GEDCOMParser.parse(bytes: GEDCOMWriter.write(document))
    func withoutCharacterSet(_ outline: [String]) -> [String] { outline.filter { !$0.hasPrefix("1 - CHAR") } }
    return (withoutCharacterSet(document.outline), withoutCharacterSet(again.outline))
  }

  @Test("Multi-line and long values, escapes and pointers survive a round trip")
  func roundTripOfHardValues() throws {
    let long = String(repeating: "abcdé ", count: 90)
    for lines in [
      file551([
        "0 @I1@ INDI", "1 NOTE first", "2 CONT second", "2 CONT", "2 CONT @@x@@ and me@@home", "1 FAMC @F1@",
        "1 NOTE \(long)", "1 _X @@@", "1 NOTE  leading space", "0 @F1@ FAM", "1 CHIL @I1@",
      ]),
      file70(["0 @I1@ INDI", "1 NOTE @@leading", "2 CONT @@also", "1 NOTE \(long)", "1 FAMC @VOID@"]),
    ] {
      let document = try parse(lines)
      let trip = try Self.roundTrip(document)
      #expect(trip.before == trip.after)
    }
  }

  @Test("A value at the largest level is written with its continuation (fuzzer crash)")
  func continuationBelowLargestLevel() throws {
    // A level of many digits is read as 65535; the line after it, without a level, continues
    // its value, and the level of that continuation used to overflow.
    let document = try parse(file551(["0 @I1@ INDI", "222222222222222222 NOTE first", "second"]))
    let written = String(decoding: GEDCOMWriter.write(document), as: UTF8.self)
    #expect(written.contains("65535 NOTE first\n65536 CONT second\n"))
    #expect(try GEDCOMParser.parse(bytes: Array(written.utf8)).nodes.count == document.nodes.count)
  }

  @Test("5.5.x output keeps lines within 255 bytes")
  func lineLengths() throws {
    let document = try parse(file551(["0 @I1@ INDI", "1 NOTE " + String(repeating: "wörd ", count: 200)]))
    let written = String(decoding: GEDCOMWriter.write(document), as: UTF8.self)
    #expect(written.split(separator: "\n").allSatisfy { $0.utf8.count <= 255 })
    #expect(written.contains("CONC"))
  }

  @Test(
    "Every shared GEDCOM file round-trips through the writer",
    .enabled(if: SharedData.isAvailable, "shared data not found (set OHANA_DATA)"))
  func sharedFilesRoundTrip() throws {
    let files = SharedData.files(in: "gedcom", extensions: ["ged"])
    #expect(files.count > 50)
    for file in files {
      guard let document = try? GEDCOMParser.parse(contentsOf: file) else { continue }
      let trip = try Self.roundTrip(document)
      #expect(trip.before == trip.after, "\(file)")
    }
  }
}
