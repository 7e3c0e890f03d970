import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

/// The whole loop through the command line: simulated trees → ingest → train → registry,
/// report and predictions; reruns change nothing; promotion, rollback and tick.
@Suite(.serialized)
struct TrainingWorkflowTests {
  /// Small, fast settings (the defaults train for longer).
  static let quick = [
    "--set", "gnnEpochs=4", "--set", "gbtIterations=20", "--set", "logisticIterations=30",
    "--set", "maxTrainingQueries=400",
  ]

  /// A tree with `count` simulated GEDCOM files ingested into `family-trees`.
  static func treeWithDatasets(_ count: Int, people: Int = 300) throws -> TemporaryDirectory {
    try tree(synth: ["gedcom", "--people", "\(people)"], count: count) { "family-trees/village-\($0).ged" }
  }

  /// An initialized tree with `count` files made by `ohana synth ARGUMENTS --seed N` (N from 1)
  /// ingested; file `index` goes to `inbox/<name(index)>`.
  static func tree(synth arguments: [String], count: Int, name: (Int) -> String) throws -> TemporaryDirectory
  {
    let tree = try TemporaryDirectory()
    #expect(try OhanaCommand.run(["init", "--root", tree.path]).status == 0)
    for index in 0..<count {
      let synth = try OhanaCommand.run(
        ["synth"] + arguments + ["--seed", "\(index + 1)", "--out", tree.file("inbox/" + name(index))])
      #expect(synth.status == 0, "\(synth.stderr)")
    }
    let ingest = try OhanaCommand.run(["ingest", "--root", tree.path])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    return tree
  }

  static func json(_ path: String) throws -> JSONValue {
    try JSONParser.parse(Array(Data(contentsOf: URL(fileURLWithPath: path))))
  }

  static func files(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }
      .sorted()
  }

  static func snapshot(_ folder: String) throws -> [String: Data] {
    var result: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let name = enumerator?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let path = folder + "/" + name
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
        result[name] = try Data(contentsOf: URL(fileURLWithPath: path))
      }
    }
    return result
  }

  @Test func trainRecordsRunModelAndPredictions() throws {
    let tree = try Self.treeWithDatasets(2)
    let dryRun = try OhanaCommand.run(
      ["train", "family-trees", "--dry-run", "--root", tree.path] + Self.quick)
    #expect(dryRun.status == 0, "\(dryRun.stderr)")
    #expect(dryRun.stdout.contains("dataset"))
    #expect(Self.files(tree.file("registry/runs")).isEmpty)

    let train = try OhanaCommand.run(["train", "family-trees", "--root", tree.path] + Self.quick)
    #expect(train.status == 0, "\(train.stderr)")
    let runs = Self.files(tree.file("registry/runs/family-trees"))
    #expect(runs.count == 1)
    let run = try Self.json(tree.file("registry/runs/family-trees/" + runs[0]))
    #expect(
      run["families"]?.objectValue?.keys.sorted() == ["boosted-trees", "graphsage", "heuristic", "logistic"])
    #expect(run["datasets"]?.arrayValue?.count == 2)
    #expect((run["families"]?["logistic"]?["history"]?.arrayValue?.count ?? 0) > 1)
    #expect(run["model_version"] == "1.0.0")
    let model = try Self.json(tree.file("registry/models/family-trees/1.0.0.json"))
    #expect(model["stage_history"]?[0]?["stage"] == "staging")
    let channel = try Self.json(tree.file("registry/channels/family-trees.json"))
    // The first model that beats the heuristic goes to production.
    if run["promoted"] == true {
      #expect(channel["production"] == "1.0.0")
      let predictions = Self.files(tree.file("outbox/family-trees/predictions"))
      #expect(
        predictions.contains("village-0.parents.json") && predictions.contains("village-0.parents.csv")
          && predictions.contains("village-0.parents.provenance.json"))
      let output = try Self.json(tree.file("outbox/family-trees/predictions/village-0.parents.json"))
      #expect(output["provenance"]?["model_version"] == "1.0.0")
      #expect(output["provenance"]?["model_artifact_sha256"] == model["artifact"]?["sha256"])
    }
    // Two trees: each is held out in turn, every family trained on the other and tested on it.
    let rounds = try #require(run["cross_file"]?["rounds"]?.arrayValue)
    #expect(
      rounds.compactMap { $0["held_out"]?.stringValue }.sorted()
        == run["families"]?["heuristic"]?["per_dataset"]?
        .objectValue?.keys.sorted())
    for round in rounds {
      #expect(round["trained_on"]?.arrayValue?.count == 1)
      #expect(
        round["metrics"]?.objectValue?.keys.sorted() == [
          "boosted-trees", "graphsage", "heuristic", "logistic",
        ])
      // The held-out tree's links are masked as in the run itself: the same people are ranked.
      let heldOut = try #require(round["held_out"]?.stringValue)
      let inFile = run["families"]?["logistic"]?["per_dataset"]?[heldOut]?["queries"]?.intValue
      #expect(round["metrics"]?["logistic"]?["queries"]?.intValue == inFile && (inFile ?? 0) > 0)
      #expect(round["metrics"]?["boosted-trees"]?["hits_at_1"]?.doubleValue.map { $0 > 0 && $0 <= 1 } == true)
    }
    let report = try String(
      contentsOfFile: tree.file(try #require(run["report"]?.stringValue)), encoding: .utf8)
    #expect(report.contains("<svg") && report.contains("Model comparison"))
    #expect(report.contains("Cross-file evaluation") && report.contains("village-0"))

    // Training again on the same data and settings finds the run and changes nothing.
    let before = try Self.snapshot(tree.file("registry"))
    let again = try OhanaCommand.run(["train", "family-trees", "--root", tree.path] + Self.quick)
    #expect(again.status == 0)
    #expect(again.stdout.contains("already recorded"))
    #expect(try Self.snapshot(tree.file("registry")) == before)
    #expect(try OhanaCommand.run(["verify", "--root", tree.path]).status == 0)
  }

  @Test func promoteAndRollBackByHand() throws {
    let tree = try Self.treeWithDatasets(1)
    #expect(try OhanaCommand.run(["train", "family-trees", "--root", tree.path] + Self.quick).status == 0)
    #expect(
      try OhanaCommand.run(["train", "family-trees", "--root", tree.path, "--set", "seed=7"] + Self.quick)
        .status == 0)
    let versions = Self.files(tree.file("registry/models/family-trees"))
    #expect(versions == ["1.0.0.json", "1.0.1.json"])  // same data, other parameters: a patch
    // One tree: nothing to hold out, so no cross-file section.
    for run in Self.files(tree.file("registry/runs/family-trees")) {
      #expect(try Self.json(tree.file("registry/runs/family-trees/" + run))["cross_file"] == nil)
    }
    let promote = try OhanaCommand.run([
      "promote", "family-trees", "1.0.1", "--to", "production", "--root", tree.path,
    ])
    #expect(promote.status == 0, "\(promote.stderr)")
    #expect(try Self.json(tree.file("registry/channels/family-trees.json"))["production"] == "1.0.1")
    let rollback = try OhanaCommand.run(["rollback", "family-trees", "--root", tree.path])
    if try Self.json(tree.file("registry/models/family-trees/1.0.0.json"))["stage_history"]?.arrayValue?
      .contains(where: { $0["stage"] == "production" }) == true
    {
      #expect(rollback.status == 0, "\(rollback.stderr)")
      #expect(try Self.json(tree.file("registry/channels/family-trees.json"))["production"] == "1.0.0")
    }
    let bad = try OhanaCommand.run([
      "promote", "family-trees", "9.9.9", "--to", "production", "--root", tree.path,
    ])
    #expect(bad.status != 0 && bad.stderr.contains("no model version 9.9.9"))
    let audit = try String(contentsOfFile: tree.file("registry/audit/log.jsonl"), encoding: .utf8)
    #expect(audit.contains("model.stage"))
    #expect(try OhanaCommand.run(["verify", "--root", tree.path]).status == 0)
  }

  @Test func tickTrainsWhenEnoughDatasetsArrivedAndOnlyOnce() throws {
    let tree = try Self.treeWithDatasets(2)
    let config = try String(contentsOfFile: tree.file("ohana.yaml"), encoding: .utf8)
      .replacing("schedule: [\"02:00\"]", with: "schedule: []")
      .replacing(
        "min_new_datasets: 3       #",
        with:
          "min_new_datasets: 3\n    training: {gnnEpochs: 3, gbtIterations: 15, maxTrainingQueries: 300}\n    #"
      )
    try config.write(toFile: tree.file("ohana.yaml"), atomically: true, encoding: .utf8)
    let first = try OhanaCommand.run(["tick", "--root", tree.path])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("nothing is due"))  // 2 < 3 new datasets
    _ = try OhanaCommand.run([
      "synth", "gedcom", "--people", "300", "--seed", "9", "--out", tree.file("inbox/family-trees/third.ged"),
    ])
    #expect(try OhanaCommand.run(["ingest", "--root", tree.path]).status == 0)
    let second = try OhanaCommand.run(["tick", "--root", tree.path])
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout.contains("trained"))
    let before = try Self.snapshot(tree.file("registry"))
    let third = try OhanaCommand.run(["tick", "--root", tree.path])
    #expect(third.stdout.contains("nothing is due"))
    #expect(try Self.snapshot(tree.file("registry")) == before)
  }

  @Test func trainKilledAtAnyMomentLeavesAConsistentRegistry() throws {
    let tree = try Self.treeWithDatasets(1)
    for delay in [0.05, 0.2, 0.4, 0.7] {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: OhanaCommand.executable)
      process.arguments = ["train", "family-trees", "--root", tree.path] + Self.quick
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(useconds_t(delay * 1_000_000))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let verify = try OhanaCommand.run(["verify", "--root", tree.path])
      #expect(verify.status == 0, "after kill at \(delay) s: \(verify.stdout)")
    }
    let finish = try OhanaCommand.run(["train", "family-trees", "--root", tree.path] + Self.quick)
    #expect(finish.status == 0, "\(finish.stderr)")
    #expect(Self.files(tree.file("registry/runs/family-trees")).count == 1)
    #expect(Self.files(tree.file("registry/models/family-trees")) == ["1.0.0.json"])
    #expect(try OhanaCommand.run(["verify", "--root", tree.path]).status == 0)
  }
}
