import Foundation
import OhanaFiles
import OhanaTestSupport
import Testing

@testable import OhanaGEDCOM

@Suite("Parsing from a path")
struct ParseFromPathTests {
  @Test("A missing file or a folder is unreadable, with the path and the reason")
  func unreadable() throws {
    let directory = try TemporaryDirectory()
    let parsers: [(String) throws -> GEDCOMDocument] = [
      { try GEDCOMParser.parse(contentsOf: $0) }, { try GEDCOMParser.parse(immutableFile: $0) },
    ]
    for parse in parsers {
      #expect(
        throws: GEDCOMError.unreadable(
          path: directory.file("missing.ged"), reason: "No such file or directory")
      ) {
        try parse(directory.file("missing.ged"))
      }
      #expect(throws: GEDCOMError.unreadable(path: directory.path, reason: "Is a directory")) {
        try parse(directory.path)
      }
    }
  }

  @Test("A file past 4 GiB is refused before any of it is read or mapped")
  func tooLarge() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("huge.ged")
    // Sparse: the size without the disk space, or the memory a read would take.
    #expect(FileManager.default.createFile(atPath: path, contents: Data("0 HEAD\n".utf8)))
    let size = Int(UInt32.max) + 10
    #expect(truncate(path, off_t(size)) == 0)
    #expect(throws: GEDCOMError.tooLarge(bytes: size)) { try GEDCOMParser.parse(immutableFile: path) }
    #expect(throws: GEDCOMError.tooLarge(bytes: size)) { try GEDCOMParser.parse(contentsOf: path) }
  }

  /// A small tree in UTF-8 with a multi-byte name.
  private static let tree =
    file551(["0 @I1@ INDI", "1 NAME Zoë /Brontë/", "1 BIRT", "2 DATE 1 JAN 1800"])
    .joined(separator: "\n") + "\n"

  @Test(
    "A mapped file is parsed as its bytes are, whether it is read in place or transcoded",
    arguments: [
      ("UTF-8", Array(tree.utf8)),
      ("UTF-8 with a byte-order mark", [0xEF, 0xBB, 0xBF] + Array(tree.utf8)),
      (
        "UTF-16 with a byte-order mark",
        [0xFF, 0xFE] + tree.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
      ),
      (
        "Windows-1252",
        Array(tree.replacingOccurrences(of: "UTF-8", with: "ANSI").utf8).flatMap { byte in
          // ë in UTF-8 (C3 AB) becomes 0xEB.
          byte == 0xC3 ? [] : byte == 0xAB ? [0xEB] : [byte]
        }
      ),
      (
        "invalid UTF-8",
        Array(tree.utf8) + [0x30, 0x20, 0x40, 0xFF, 0x40, 0x20, 0x4E, 0x4F, 0x54, 0x45, 0x0A]
      ),
      ("not GEDCOM", Array("hello\n".utf8)), ("empty", []),
    ] as [(String, [UInt8])])
  func mappedFile(kind: String, bytes: [UInt8]) throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("stored.ged")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let fromBytes = Result { try GEDCOMParser.parse(bytes: bytes) }
    let mapped = Result { try GEDCOMParser.parse(immutableFile: path) }
    switch (fromBytes, mapped) {
    case (.success(let expected), .success(let document)):
      #expect(observable(document) == observable(expected), "\(kind)")
    case (.failure(let expected), .failure(let error)):
      #expect("\(error)" == "\(expected)", "\(kind)")
    default:
      Issue.record("\(kind): \(fromBytes) but mapped \(mapped)")
    }
  }

  @Test("A large text is checked in two pieces, never cut inside a character")
  func encodingCheckedInPieces() throws {
    let head = Array("0 HEAD\n1 CHAR UTF-8\n0 @N1@ NOTE ".utf8)
    let tail = Array("\n0 TRLR\n".utf8)
    let euro: [UInt8] = [0xE2, 0x82, 0xAC]
    let total = 2 * GEDCOMScan.smallestPartBytes + 1_001
    // The pieces are cut at half the text: there falls the euro sign's middle byte, or a lone
    // continuation byte.
    let filler = total - head.count - tail.count - euro.count
    let before = total / 2 - 1 - head.count
    let valid =
      head + Array(repeating: 0x78, count: before) + euro
      + Array(repeating: 0x78, count: filler - before) + tail
    #expect(valid.count == total && valid[total / 2] == 0x82)
    let document = try GEDCOMParser.parse(bytes: valid)
    #expect(document.encoding.encoding == .utf8)
    #expect(!document.diagnostics.contains { $0.code == "encoding" })
    var broken = valid
    broken[total / 2 - 1] = 0x78  // the sign's first byte gone: its continuations stand alone
    let repaired = try GEDCOMParser.parse(bytes: broken)
    #expect(repaired.diagnostics.contains { $0.code == "encoding" })
  }

  @Test("A large file parsed from its path is the file parsed from its bytes")
  func largeFileFromPath() throws {
    let directory = try TemporaryDirectory()
    var text = file551(manyRecords(3_000)).joined(separator: "\n") + "\n"
    // Padding notes make the file large enough to be read in two halves.
    let padding = "1 NOTE " + String(repeating: "x", count: 200) + "\n"
    text = text.replacingOccurrences(
      of: "1 NOTE a long\n", with: "1 NOTE a long\n" + String(repeating: padding, count: 45))
    let path = try directory.write(text, to: "large.ged")
    #expect(text.utf8.count > WholeFile.parallelBytes)
    let fromPath = try GEDCOMParser.parse(contentsOf: path)
    #expect(fromPath.individuals.count == 2_000)
    #expect(observable(fromPath) == observable(try GEDCOMParser.parse(bytes: Array(text.utf8))))
  }
}
