import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

@Suite struct IngestEndToEndTests {
  @Test func initIsIdempotent() throws {
    let directory = try TemporaryDirectory()
    let first = try OhanaCommand.run(["init", "--root", directory.path])
    #expect(first.status == 0)
    for folder in ["inbox", "outbox", "artifacts", "registry"] {
      #expect(FileManager.default.fileExists(atPath: directory.file(folder)))
    }
    let config = try String(contentsOfFile: directory.file("ohana.yaml"), encoding: .utf8)
    try directory.write("# mine\n" + config, to: "ohana.yaml")
    let second = try OhanaCommand.run(["init", "--root", directory.path])
    #expect(second.status == 0)
    #expect(second.stdout.contains("nothing to create"))
    #expect(try String(contentsOfFile: directory.file("ohana.yaml"), encoding: .utf8).hasPrefix("# mine"))
  }

  @Test func rootComesFromTheEnvironmentToo() throws {
    let directory = try TemporaryDirectory()
    #expect(try OhanaCommand.run(["init"], environment: ["OHANA_ROOT": directory.path]).status == 0)
    #expect(FileManager.default.fileExists(atPath: directory.file("ohana.yaml")))
  }

  @Test func everyInputIsAccountedForOnceAndRerunsChangeNothing() throws {
    let tree = try Fixtures.tree()
    let inbox = tree.file("inbox")
    try tree.write(Fixtures.gedcom("Smith"), to: "inbox/smith.ged")
    try tree.write(Fixtures.csv(1), to: "inbox/patients.csv")
    try tree.write(Fixtures.gedcom("Jones"), to: "inbox/family-trees/jones.ged")
    try tree.write(Fixtures.csv(2), to: "inbox/family-trees/wrong-kind.csv")
    try tree.write("\u{7F}ELF binary junk\u{0}\u{1}", to: "inbox/program.bin")
    try tree.write("", to: "inbox/empty.ged")
    try tree.write(Fixtures.gedcom("Hidden"), to: "inbox/.hidden.ged")
    try tree.write(Fixtures.gedcom("Partial"), to: "inbox/upload.ged.part")
    try tree.write(Fixtures.gedcom("Temp"), to: "inbox/upload.tmp")
    try Fixtures.gzip(inbox + "/brown.ged.gz", text: Fixtures.gedcom("Brown"))
    try Fixtures.zip(
      inbox + "/bundle.zip",
      members: [("trees/white.ged", Fixtures.gedcom("White")), ("trees/black.ged", Fixtures.gedcom("Black")), ("README.txt", "hello")])
    try FileManager.default.createSymbolicLink(atPath: inbox + "/link.ged", withDestinationPath: "/etc/passwd")
    #expect(mkfifo(inbox + "/pipe.csv", 0o644) == 0)

    let run = try OhanaCommand.run(["ingest", "--root", tree.path])
    #expect(run.status == 0, "\(run.stderr)")
    let (accepted, rejected) = try Fixtures.outcomes(tree.path)
    #expect(accepted == ["brown.ged.gz", "bundle.zip", "family-trees/jones.ged", "patients.csv", "smith.ged"])
    #expect(rejected == ["empty.ged", "family-trees/wrong-kind.csv", "link.ged", "pipe.csv", "program.bin"])
    #expect(run.stderr.contains("rejected link.ged: link.ged is a symbolic link"))
    // Ignored names are never touched; everything else left the inbox.
    #expect(Fixtures.files(inbox).sorted() == [".hidden.ged", ".ohana", "family-trees", "tables", "upload.ged.part", "upload.tmp"])
    #expect(Fixtures.files(inbox + "/family-trees").isEmpty)
    #expect(Fixtures.files(inbox + "/tables") == ["feedback", "predict"], "only the folders init made for later stages")
    // The rejected file sits beside its reason; the wrong-kind file stayed with its pipeline.
    let reason = try Fixtures.json(tree.file("outbox/family-trees/rejected/wrong-kind.csv.error.json"))
    #expect(reason["error"]?.stringValue?.contains("pipeline family-trees takes GEDCOM files") == true)
    #expect(FileManager.default.fileExists(atPath: tree.file("outbox/family-trees/rejected/wrong-kind.csv")))
    // A symlink is moved, never followed.
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: tree.file("outbox/rejected/link.ged")) == "/etc/passwd")

    let gedcomManifests = Fixtures.files(tree.file("registry/datasets/family-trees"), suffix: ".json")
    #expect(gedcomManifests.count == 5)
    #expect(Fixtures.files(tree.file("registry/datasets/tables"), suffix: ".json").count == 1)
    let bundle = try Fixtures.json(tree.file("outbox/family-trees/accepted/" + Fixtures.files(tree.file("outbox/family-trees/accepted")).first { $0.hasPrefix("bundle.zip") }!))
    #expect(bundle["datasets"]?.arrayValue?.count == 2)
    #expect(bundle["skipped"]?.arrayValue?.first?["name"]?.stringValue == "bundle.zip!/README.txt")

    let before = try Fixtures.snapshot(tree.file("registry"))
    #expect(try OhanaCommand.run(["ingest", "--root", tree.path]).status == 0)
    #expect(try Fixtures.snapshot(tree.file("registry")) == before)
    let verify = try OhanaCommand.run(["verify", "--root", tree.path])
    #expect(verify.status == 0, "\(verify.stdout)")
  }

  @Test func manifestsRecordWhatWasStored() throws {
    let tree = try Fixtures.tree()
    try tree.write(Fixtures.csv(7, rows: 9), to: "inbox/tables/visits.csv")
    #expect(try OhanaCommand.run(["ingest", "--root", tree.path]).status == 0)
    let name = try #require(Fixtures.files(tree.file("registry/datasets/tables")).first)
    let manifest = try Fixtures.json(tree.file("registry/datasets/tables/" + name))
    let sha = try #require(manifest["sha256"]?.stringValue)
    #expect(name == sha + ".json")
    #expect(manifest["sources"] == ["tables/visits.csv"])
    #expect(manifest["kind"] == "csv")
    #expect(manifest["counts"]?["rows"] == 9)
    #expect(manifest["counts"]?["columns"] == 4)
    #expect(manifest["counts"]?["malformed_rows"] == 0)
    #expect(manifest["format"]?["delimiter"] == ",")
    #expect(manifest["table_schema"]?["version"] == "1.0")
    #expect(manifest["validation"]?["success"] == true)
    let table = try #require(manifest["table"]?["sha256"]?.stringValue)
    #expect(FileManager.default.fileExists(atPath: tree.file("artifacts/sha256/" + table.prefix(2) + "/" + table.dropFirst(2))))
    let artifact = tree.file("artifacts/sha256/" + sha.prefix(2) + "/" + sha.dropFirst(2))
    #expect(try String(contentsOfFile: artifact, encoding: .utf8) == Fixtures.csv(7, rows: 9))
    let bytes = try Data(contentsOf: URL(fileURLWithPath: tree.file("registry/datasets/tables/" + name)))
    #expect(CanonicalJSON.bytes(try JSONParser.parse(Array(bytes))) == Array(bytes))
  }

  @Test func sameContentTwiceIsStoredOnceAndRecordedAsDuplicate() throws {
    let tree = try Fixtures.tree()
    try tree.write(Fixtures.gedcom("Twin"), to: "inbox/a.ged")
    try tree.write(Fixtures.gedcom("Twin"), to: "inbox/b.ged")
    #expect(try OhanaCommand.run(["ingest", "--root", tree.path]).status == 0)
    let manifests = Fixtures.files(tree.file("registry/datasets/family-trees"))
    #expect(manifests.count == 1)
    let manifest = try Fixtures.json(tree.file("registry/datasets/family-trees/" + manifests[0]))
    #expect(manifest["sources"] == ["a.ged", "b.ged"])
    let receipts = try Fixtures.files(tree.file("outbox/family-trees/accepted")).map {
      try Fixtures.json(tree.file("outbox/family-trees/accepted/" + $0))
    }
    #expect(receipts.compactMap { $0["datasets"]?[0]?["duplicate"]?.boolValue }.sorted { !$0 && $1 } == [false, true])
    // The same name again changes nothing in the registry.
    let before = try Fixtures.snapshot(tree.file("registry"))
    try tree.write(Fixtures.gedcom("Twin"), to: "inbox/a.ged")
    #expect(try OhanaCommand.run(["ingest", "--root", tree.path]).status == 0)
    #expect(try Fixtures.snapshot(tree.file("registry")) == before)
  }

  @Test func verifyNamesAFlippedByte() throws {
    let tree = try Fixtures.tree()
    try tree.write(Fixtures.csv(3), to: "inbox/t.csv")
    #expect(try OhanaCommand.run(["ingest", "--root", tree.path]).status == 0)
    let sha = try #require(Fixtures.files(tree.file("registry/datasets/tables")).first).replacing(".json", with: "")
    let artifact = tree.file("artifacts/sha256/" + sha.prefix(2) + "/" + sha.dropFirst(2))
    chmod(artifact, 0o644)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: artifact))
    bytes[3] ^= 0x01
    try bytes.write(to: URL(fileURLWithPath: artifact))
    chmod(artifact, 0o444)
    let verify = try OhanaCommand.run(["verify", "--root", tree.path])
    #expect(verify.status == 1)
    #expect(verify.stdout.contains("artifact artifacts/sha256/\(sha.prefix(2))/\(sha.dropFirst(2)) does not match its SHA-256"))
  }

  @Test func verifyNamesABrokenAuditChainAndAMissingArtifact() throws {
    let tree = try Fixtures.tree()
    try tree.write(Fixtures.csv(4), to: "inbox/t.csv")
    try tree.write(Fixtures.csv(5), to: "inbox/u.csv")
    #expect(try OhanaCommand.run(["ingest", "--root", tree.path]).status == 0)
    let log = tree.file("registry/audit/log.jsonl")
    let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
    try (lines.dropFirst().joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
    let sha = try #require(Fixtures.files(tree.file("registry/datasets/tables")).first).replacing(".json", with: "")
    let artifact = tree.file("artifacts/sha256/" + sha.prefix(2) + "/" + sha.dropFirst(2))
    try FileManager.default.removeItem(atPath: artifact)
    let verify = try OhanaCommand.run(["verify", "--root", tree.path])
    #expect(verify.status == 1)
    #expect(verify.stdout.contains("does not chain"))
    #expect(verify.stdout.contains("refers to artifact \(sha), which is missing"))
  }

  @Test func statusCountsPerPipeline() throws {
    let tree = try Fixtures.tree()
    try tree.write(Fixtures.csv(1), to: "inbox/tables/a.csv")
    try tree.write("junk\u{0}", to: "inbox/tables/b.csv")
    #expect(try OhanaCommand.run(["ingest", "--root", tree.path]).status == 0)
    try tree.write(Fixtures.gedcom("Later"), to: "inbox/family-trees/later.ged")
    let status = try OhanaCommand.run(["status", "--json", "--root", tree.path])
    #expect(status.status == 0)
    let json = try JSONParser.parse(status.stdout)
    #expect(json["pipelines"]?["tables"]?["accepted"] == 1)
    #expect(json["pipelines"]?["tables"]?["rejected"] == 1)
    #expect(json["pipelines"]?["tables"]?["datasets"] == 1)
    #expect(json["pipelines"]?["family-trees"]?["inbox"] == 1)
    let text = try OhanaCommand.run(["status", "--root", tree.path])
    #expect(text.stdout.contains("family-trees"))
  }

  @Test func badConfigurationIsAOneLineErrorNamingTheKey() throws {
    let tree = try Fixtures.tree()
    try tree.write("pipelines: []\nsettle_secs: 3\n", to: "ohana.yaml")
    let run = try OhanaCommand.run(["ingest", "--root", tree.path])
    #expect(run.status != 0)
    #expect(run.stderr == "ohana: ohana.yaml line 2: settle_secs: unknown key\n")
  }

  @Test func missingTreeSaysToRunInit() throws {
    let directory = try TemporaryDirectory()
    let run = try OhanaCommand.run(["ingest", "--root", directory.path])
    #expect(run.status != 0)
    #expect(run.stderr.contains("run `ohana init` first"))
  }
}
