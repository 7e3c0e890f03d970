import Foundation
import OhanaTestSupport
import Testing

@testable import OhanaGEDCOM

@Suite("Reading files")
struct FileReaderTests {
  @Test(
    "A file is read whole, in one piece or in two",
    arguments: [0, 1, 4097, FileReader.parallelBytes - 1, FileReader.parallelBytes + 4099])
  func readsWholeFile(size: Int) throws {
    let directory = try TemporaryDirectory()
    // A pattern that does not repeat at page or half boundaries.
    let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
    let path = directory.file("data.bin")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(try FileReader.read(path) == bytes)
  }

  @Test("A missing file or a folder is unreadable")
  func unreadable() throws {
    let directory = try TemporaryDirectory()
    #expect(throws: GEDCOMError.self) { try FileReader.read(directory.file("missing.ged")) }
    #expect(throws: GEDCOMError.self) { try FileReader.read(directory.path) }
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
    #expect(text.utf8.count > FileReader.parallelBytes)
    let fromPath = try GEDCOMParser.parse(contentsOf: path)
    #expect(fromPath.individuals.count == 2_000)
    #expect(observable(fromPath) == observable(try GEDCOMParser.parse(bytes: Array(text.utf8))))
  }
}
