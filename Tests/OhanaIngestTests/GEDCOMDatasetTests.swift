import Foundation
import OhanaGEDCOM
import OhanaJSON
import OhanaStore
import OhanaTestSupport
import Testing

/// What ingest records of a family tree: the graph artifact, the counts, the diagnostics and
/// the reports, through the graph cache.
@Suite struct GEDCOMDatasetTests {
  static let tree = """
    0 HEAD
    1 GEDC
    2 VERS 5.5.1
    1 CHAR UTF-8
    0 @I1@ INDI
    1 NAME Ann /Lee/
    1 SEX F
    1 FAMS @F1@
    0 @I2@ INDI
    1 NAME Bob /Lee/
    1 FAMC @F1@
    0 @I3@ INDI
    1 NAME Cy /Lee/
    1 FAMC @F9@
    0 @F1@ FAM
    1 WIFE @I1@
    0 TRLR

    """

  @Test func manifestRecordsGraphCountsAndDiagnostics() throws {
    let tree = try Fixtures.tree()
    try tree.write(Self.tree, to: "inbox/family-trees/lee.ged")
    #expect(try OhanaCommand.run(["ingest", "--root", tree.path]).status == 0)
    let name = try #require(Fixtures.files(tree.file("registry/datasets/family-trees"), suffix: ".json").first)
    let manifest = try Fixtures.json(tree.file("registry/datasets/family-trees/" + name))
    #expect(manifest["counts"]?["individuals"] == 3)
    #expect(manifest["counts"]?["families"] == 1)
    #expect(manifest["counts"]?["people_without_parents"] == 2)
    #expect(manifest["counts"]?["links"] == 2)
    #expect(manifest["diagnostics"]?["error"] == 1)  // the dangling FAMC
    #expect(manifest["diagnostics"]?["warning"] == 1)  // the one-sided FAMC, reconciled
    #expect(manifest["format"]?["gedcom_version"] == "5.5.1")
    #expect(manifest["format"]?["encoding"] == "UTF-8")
    #expect(manifest["graph"]?["parser"]?.stringValue == GEDCOMParser.version)

    // The graph artifact is in the store and decodes to the graph of the file.
    let graphSHA = try #require(manifest["graph"]?["sha256"]?.stringValue)
    let bytes = try ContentStore(root: tree.file("artifacts")).read(graphSHA)
    let graph = try FamilyGraph(decoding: bytes)
    #expect(graph == FamilyGraph.build(from: try GEDCOMParser.parse(bytes: Array(Self.tree.utf8))))
    #expect(Array(graph.parentFamilies(of: 1)) == [0])

    // The reports the manifest names exist.
    let reportJSON = try #require(Fixtures.files(tree.file("outbox/family-trees/reports"), suffix: ".json").first)
    let report = try Fixtures.json(tree.file("outbox/family-trees/reports/" + reportJSON))
    #expect(report["diagnostics"]?.arrayValue?.contains { $0["message"]?.stringValue?.contains("@F9@") == true } == true)
    #expect(Fixtures.files(tree.file("outbox/family-trees/reports"), suffix: ".html").count == 1)
  }

  @Test func sameContentIsACacheHit() throws {
    let tree = try Fixtures.tree()
    try tree.write(Self.tree, to: "inbox/family-trees/first.ged")
    #expect(try OhanaCommand.run(["ingest", "--root", tree.path]).status == 0)
    let cacheFolder = tree.file("artifacts/cache/gedcom/" + GEDCOMParser.version.replacingOccurrences(of: "/", with: "__"))
    let cacheFiles = try FileManager.default.contentsOfDirectory(atPath: cacheFolder)
    #expect(cacheFiles.count == 1)
    let entry = try Fixtures.json(cacheFolder + "/" + cacheFiles[0])
    // The same bytes under another name reuse the cached analysis: the same graph, no new entry.
    try tree.write(Self.tree, to: "inbox/family-trees/second.ged")
    #expect(try OhanaCommand.run(["ingest", "--root", tree.path]).status == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: cacheFolder) == cacheFiles)
    #expect(try Fixtures.json(cacheFolder + "/" + cacheFiles[0]) == entry)
    let name = try #require(Fixtures.files(tree.file("registry/datasets/family-trees"), suffix: ".json").first)
    let manifest = try Fixtures.json(tree.file("registry/datasets/family-trees/" + name))
    #expect(manifest["sources"] == ["family-trees/first.ged", "family-trees/second.ged"])
    #expect(manifest["graph"] == entry["graph"])
  }

  @Test func inspectPrintsTheDocumentedShape() throws {
    let folder = try TemporaryDirectory()
    let path = try folder.write(Self.tree, to: "lee.ged")
    let json = try OhanaCommand.run(["inspect", "--json", path])
    #expect(json.status == 0)
    let report = try JSONParser.parse(json.stdout)
    #expect(report["individuals"] == 3)
    #expect(report["families"] == 1)
    #expect(report["version"] == "5.5.1")
    #expect(report["encoding"] == "UTF-8")
    let first = try #require(report["diagnostics"]?[0])
    #expect(first["line"]?.intValue != nil && first["severity"] != nil && first["message"] != nil)
    let people = try OhanaCommand.run(["inspect", "--people", path])
    let lines = people.stdout.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
    #expect(lines.count == 3)
    #expect(lines[0]?["name"] == "Ann Lee")
    #expect(lines[0]?["sex"] == "F")
    #expect(lines[0]?["birth"] == .null)
    let notGEDCOM = try OhanaCommand.run(["inspect", "--json", try folder.write("a,b\n1,2\n", to: "t.csv")])
    #expect(notGEDCOM.status != 0)
    #expect(notGEDCOM.stderr.contains("not a GEDCOM file"))
  }
}
