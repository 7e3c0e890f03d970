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
    #expect(
      throws: GEDCOMError.unreadable(path: directory.file("missing.ged"), reason: "No such file or directory")
    ) {
      try GEDCOMParser.parse(contentsOf: directory.file("missing.ged"))
    }
    #expect(throws: GEDCOMError.unreadable(path: directory.path, reason: "Is a directory")) {
      try GEDCOMParser.parse(contentsOf: directory.path)
    }
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
