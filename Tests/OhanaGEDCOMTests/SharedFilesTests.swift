import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

@testable import OhanaGEDCOM

/// The real public files in the shared data folder: counts, encodings, versions.
@Suite("Real GEDCOM files", .enabled(if: SharedData.isAvailable, "shared data not found (set OHANA_DATA)"))
struct SharedFilesTests {
  static func load(_ name: String) throws -> GEDCOMDocument {
    try GEDCOMParser.parse(contentsOf: SharedData.path("gedcom/" + name))
  }

  /// The document's text as parsed, after any transcoding.
  static func utf8Text(_ document: GEDCOMDocument) -> String {
    document.text.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
  }

  @Test(
    "Record counts of well-known trees",
    arguments: [
      ("gedcom-5.5__royal92.ged", 3010, 1422, "ANSEL"), ("djeffrey__kennedy.ged", 208, 75, "UTF-8"),
      ("djeffrey__washington.ged", 529, 114, "CP1252"), ("gedcom4j__willis.ged", 761, 293, "UTF-8"),
      ("encoding__ibmpc-cp437-broskeep.ged", 2145, 1042, "CP437"),
      ("djeffrey__EnglishTudorRoyalFamily.ged", 347, 200, "UTF-8"),
      ("gedcom-5.5__torture-test__TGC55C.ged", 15, 7, "ANSEL"), ("encoding__utf16le.ged", 3, 2, "UTF-16LE"),
      ("encoding__utf16be.ged", 3, 2, "UTF-16BE"), ("gedcom-7.0__maximal70.ged", 4, 2, "UTF-8"),
    ])
  func counts(file: String, individuals: Int, families: Int, encoding: String) throws {
    let document = try Self.load(file)
    #expect(document.individuals.count == individuals)
    #expect(document.families.count == families)
    #expect(document.encoding.encoding.rawValue == encoding)
  }

  @Test("Every file parses, and its INDI/FAM records match a plain count of the record lines")
  func everyFileParses() throws {
    for file in SharedData.files(in: "gedcom", extensions: ["ged"]) {
      let name = (file as NSString).lastPathComponent
      guard !name.hasPrefix("malformed__missing-header") else {
        #expect(throws: GEDCOMError.self) { try GEDCOMParser.parse(contentsOf: file) }
        continue
      }
      let document = try GEDCOMParser.parse(contentsOf: file)
      // Count "0 @X@ INDI" lines of the decoded text independently of the parser.
      var individuals = Set<String>()
      var families = Set<String>()
      for line in Self.utf8Text(document).split(whereSeparator: \.isNewline) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 3, fields[0] == "0", fields[1].hasPrefix("@") else { continue }
        if fields[2] == "INDI" { individuals.insert(String(fields[1])) }
        if fields[2] == "FAM" { families.insert(String(fields[1])) }
      }
      #expect(document.individuals.count == individuals.count, "\(name)")
      #expect(document.families.count == families.count, "\(name)")
    }
  }

  @Test("Versions are read from the header")
  func versions() throws {
    #expect(try Self.load("gedcom-7.0__maximal70.ged").version == "7.0")
    #expect(try Self.load("gedcom-5.5__555SAMPLE.GED").version == "5.5.5")
    #expect(try Self.load("gedcom-5.5.1__comprehensive.ged").version == "5.5.1")
    #expect(try Self.load("gedcom-5.5__torture-test__TGC551.ged").version == "5.5")
  }

  @Test("The malformed samples give the expected diagnostics, and still parse")
  func malformedSamples() throws {
    #expect(!(try Self.load("malformed__circular-reference.ged")).diagnostics("own-ancestor").isEmpty)
    #expect(!(try Self.load("malformed__duplicate-xref.ged")).diagnostics("duplicate-xref").isEmpty)
    #expect(!(try Self.load("malformed__level-jump-skip.ged")).diagnostics("level-jump").isEmpty)
  }

  @Test("ANSEL, CP1252 and CP437 names decode to the right characters")
  func decodedNames() throws {
    let names = { (file: String) in
      try Self.load(file).individuals.compactMap { $0.name?.full }.joined(separator: "|")
    }
    let torture = try names("gedcom-5.5__torture-test__TGC55C.ged")
    #expect(!torture.contains("\u{FFFD}"))
    let washington = try Self.load("djeffrey__washington.ged")
    #expect(!Self.utf8Text(washington).contains("\u{FFFD}"))
    let royal = try Self.load("gedcom-5.5__royal92.ged")
    #expect(!Self.utf8Text(royal).contains("\u{FFFD}"))
  }

  @Test("inspect JSON has the shape checks outside the repository rely on")
  func inspectShape() throws {
    let document = try Self.load("gedcom-5.5__royal92.ged")
    let report = GEDCOMReport.inspectJSON(document)
    #expect(report["individuals"]?.intValue == 3010)
    #expect(report["families"]?.intValue == 1422)
    #expect(report["version"]?.stringValue == "5.5.1")
    #expect(report["encoding"]?.stringValue == "ANSEL")
    let first = try #require(report["diagnostics"]?.arrayValue?.first)
    #expect(
      first["line"]?.intValue != nil && first["severity"]?.stringValue != nil
        && first["message"]?.stringValue != nil)
    let people = GEDCOMReport.peopleJSON(document)
    #expect(people.count == 3010)
    let victoria = try #require(people.first { $0["xref"]?.stringValue == "I1" })
    #expect(victoria["name"]?.stringValue == "Victoria Hanover")
    #expect(victoria["sex"]?.stringValue == "F")
    #expect(victoria["birth"]?.stringValue == "24 MAY 1819")
    let html = GEDCOMReport.html(document, title: "royal92 <test>")
    #expect(html.contains("<title>royal92 &lt;test&gt;</title>"))
  }

  @Test("The cached graph of a real tree is compact and decodes to the same graph")
  func graphArtifact() throws {
    let bytes = try Array(
      Data(contentsOf: URL(fileURLWithPath: SharedData.path("gedcom/gedcom-5.5__royal92.ged"))))
    let document = try GEDCOMParser.parse(bytes: bytes)
    let graph = FamilyGraph.build(from: document)
    let encoded = graph.encoded()
    #expect(try FamilyGraph(decoding: encoded) == graph)
    #expect(encoded.count < bytes.count)
  }
}
