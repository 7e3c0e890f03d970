import Foundation
import OhanaFiles
@testable import OhanaIngest
import OhanaTestSupport
import Testing

@Suite struct IngestUnitTests {
  @Test(arguments: [
    (".hidden.ged", true), (".tree.ged.AbC123", true), ("upload.part", true), ("x.tmp", true), ("notes~", true),
    ("tree.ged", false), ("table.csv", false), ("family-trees", false), ("", true),
  ])
  func ignoredNames(_ name: String, _ ignored: Bool) {
    #expect(InboxNames.isIgnored(name) == ignored)
  }

  @Test func flattenedNamesAreOneSafeComponent() {
    #expect(InboxNames.flatten("a/b/c.ged") == "a__b__c.ged")
    #expect(InboxNames.flatten(".hidden") == "_.hidden")
    #expect(InboxNames.flatten("new\nline") == "new_line")
    #expect(InboxNames.flatten("") == "input")
  }

  @Test(arguments: ["plain.ged", "a/b/c.csv", "100%/x", "odd~name", "%2F literally"])
  func claimNamesRoundTrip(_ relative: String) throws {
    let encoded = "1f2e~" + ClaimBox.encode(relative)
    #expect(!encoded.dropFirst(5).contains("/"))
    let decoded = try #require(ClaimBox.decode(encoded))
    #expect(decoded.0 == "1f2e")
    #expect(decoded.1 == relative)
  }

  @Test func claimsAreExclusiveAndDeadClaimsAreRecovered() throws {
    let directory = try TemporaryDirectory()
    let file = try directory.write("data", to: "inbox/a.csv")
    let box = try ClaimBox(claimsFolder: directory.file("claims"))
    let claimed = try #require(try box.claim(file, relativePath: "a.csv"))
    #expect(try box.claim(file, relativePath: "a.csv") == nil)
    #expect(try box.pending() == [claimed])
    // A claim folder of a process that no longer exists on this host is taken back.
    let host = Path.name(of: box.folder).split(separator: "~")[0]
    let dead = directory.file("claims/\(host)~999999~1")
    try FileManager.default.createDirectory(atPath: dead, withIntermediateDirectories: true)
    try directory.write("other", to: "claims/\(host)~999999~1/77~dir%2Fb.csv")
    let recovered = try box.recoverAbandoned(staleAfter: 3600)
    #expect(recovered.map(\.relativePath) == ["dir/b.csv"])
    #expect(recovered.map(\.token) == ["77"])
    #expect(!FileManager.default.fileExists(atPath: dead))
    // Another host's claim is left alone until it is stale.
    let remote = directory.file("claims/elsewhere~12~34")
    try FileManager.default.createDirectory(atPath: remote, withIntermediateDirectories: true)
    try directory.write("x", to: "claims/elsewhere~12~34/5~c.csv")
    #expect(try box.recoverAbandoned(staleAfter: 3600).isEmpty)
    #expect(try box.recoverAbandoned(staleAfter: -1).map(\.relativePath) == ["c.csv"])
    try box.release(claimed)
    #expect(try box.pending().map(\.relativePath).sorted() == ["c.csv", "dir/b.csv"])
  }

  @Test(arguments: [
    ("id,age,target\n1,2,3\n", true), ("a;b\n", true), ("a\tb\n", true), ("a|b\n", true),
    ("\u{FEFF}name,value\n", true), ("just words\n", false), ("\u{0}\u{1},x", false), ("", false),
  ])
  func tablesAreRecognizedFromTheirFirstLine(_ text: String, _ isTable: Bool) {
    Array(text.utf8).withUnsafeBytes { #expect(DatasetKind.looksLikeTable($0) == isTable) }
  }

  @Test func utf16TablesAreRecognized() {
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in "id,value\n1,2\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    bytes.withUnsafeBytes { #expect(DatasetKind.looksLikeTable($0)) }
  }

  @Test func statisticsCountLinesAcrossChunks() throws {
    var statistics = TextStatistics(maxLineBytes: 100)
    let text = Array("id,x\r\n1,2\r\n3,4".utf8)
    for chunk in [text[0..<3], text[3..<9], text[9...]] {
      try Array(chunk).withUnsafeBytes { try statistics.observe($0) }
    }
    statistics.finish()
    #expect(statistics.lines == 3)
  }

  @Test func statisticsUnderstandBareCarriageReturns() throws {
    var statistics = TextStatistics(maxLineBytes: 10)
    let text = Array(String(repeating: "0 ABCD\r", count: 50).utf8)
    try text.withUnsafeBytes { try statistics.observe($0) }
    statistics.finish()
    #expect(statistics.lines == 50)
  }

  @Test func overLongLinesAreRefused() {
    var statistics = TextStatistics(maxLineBytes: 8)
    let text = Array("short\nmuch too long a line\n".utf8)
    #expect(throws: InputRejection("line 2 is longer than the limit of 8 bytes")) {
      try text.withUnsafeBytes { try statistics.observe($0) }
    }
  }

  @Test func gzipSuffixes() {
    #expect(Ingestor.stripGzipSuffix("tree.ged.gz") == "tree.ged")
    #expect(Ingestor.stripGzipSuffix(".gz") == ".gz")
  }
}
