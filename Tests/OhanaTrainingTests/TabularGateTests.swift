import Foundation
import OhanaClassifiers
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaTestSupport
import Testing

@testable import OhanaTraining

/// The tabular promotion gate judges production on the rows the candidate was judged on that
/// production never saw, and falls back to production's recorded metrics, saying so, when
/// there are none.
struct TabularGateTests {
  /// The run record that registered `version`.
  static func run(registering version: String, in tree: MonitoringTree) throws -> JSONValue {
    let runs = try tree.files("registry/runs/tables").map { try tree.json("registry/runs/tables/" + $0) }
    return try #require(
      runs.first { $0["model_version"]?.stringValue == version }, "no run registered \(version)")
  }

  @Test func productionIsJudgedOnTheRowsItWasNotTrainedOn() throws {
    let tree = try MonitoringTree.make(datasets: 1)
    // A bar no model clears: the reason then always states both models' f1 on the same rows.
    let config = try tree.text("ohana.yaml").replacingOccurrences(
      of: "auto_promote: true", with: "auto_promote: true\n    min_improvement: 0.99")
    try tree.directory.write(config, to: "ohana.yaml")
    try tree.train()
    #expect(try tree.json("registry/channels/tables.json")["production"] == "1.0.0")
    let synth = try OhanaCommand.run([
      "synth", "table", "--rows", "300", "--seed", "2", "--out",
      tree.directory.file("inbox/tables/clinic-1.csv"),
    ])
    #expect(synth.status == 0, "\(synth.stderr)")
    #expect(try tree.run(["ingest"]).status == 0)
    try tree.train()

    // Production's f1 on the new dataset's labelled rows, counted here from its probabilities.
    let workspace = Workspace(root: tree.root)
    let manifest = try tree.json("registry/models/tables/1.0.0.json")
    let model = try TabularModel(
      decoding: workspace.store.read(try #require(manifest["artifact"]?["sha256"]?.stringValue)))
    let trainedOn = Set((manifest["datasets"]?.arrayValue ?? []).compactMap(\.stringValue))
    let entry = try #require(
      try DatasetCatalog(registry: workspace.registry, pipeline: "tables").entries.first {
        !trainedOn.contains($0.sha256)
      })
    let table = try DatasetCatalog.table(of: entry, store: workspace.store)
    var counts = (rows: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0)
    for (label, probability) in zip(model.encoder.labels(table), model.probabilities(table)) {
      guard let label else { continue }
      let predicted = probability >= model.threshold
      counts.rows += 1
      if predicted && label { counts.truePositives += 1 }
      if predicted && !label { counts.falsePositives += 1 }
      if !predicted && label { counts.falseNegatives += 1 }
    }
    let f1 =
      2 * Double(counts.truePositives)
      / Double(2 * counts.truePositives + counts.falsePositives + counts.falseNegatives)
    let second = try Self.run(registering: "1.1.0", in: tree)
    let reason = second["gate"]?["reason"]?.stringValue ?? ""
    #expect(counts.rows > 250, "the synthetic table labels most rows")
    #expect(
      reason.hasPrefix(
        "judged with production on the \(counts.rows) rows of 1 dataset(s) it was not trained on: f1 "),
      "\(reason)")
    #expect(reason.contains(" vs production \(PromotionGate.format(f1)): an improvement of "), "\(reason)")
    #expect(second["promoted"] == false)

    // With production trained on every row of the run, only its recorded metrics are left.
    #expect(try tree.run(["promote", "tables", "1.1.0", "--to", "production"]).status == 0)
    try tree.train(["l2=25"])
    let third = try Self.run(registering: "1.1.1", in: tree)
    #expect(
      third["gate"]?["reason"]?.stringValue?.hasPrefix(
        "judged on production's recorded cross-validated metrics (production was trained on every labelled "
          + "row of this run): f1 ") == true, "\(third)")

    // The tabular report starts with the shared head and draws its curves with LearningCurves.
    let report = try tree.text(try #require(third["report"]?.stringValue))
    let withoutTarget = third["rows_without_target"]?.intValue ?? 0
    let details =
      "; \(third["rows"]?.intValue ?? 0) rows of 2 dataset(s), schema \(third["table_schema"]?.stringValue ?? "")"
      + (withoutTarget > 0 ? "; \(withoutTarget) rows without a target left out" : "")
    #expect(report.hasPrefix(ReportPage.head(third, details: details)))
    #expect(report.contains(LearningCurves.html(third["families"]?.objectValue ?? [:])))
    #expect(report.hasSuffix(ReportPage.tail(third)))
    ReportPageTests.expectSelfContained(report)
    try tree.verify()
  }

  @Test func productionOfAnotherSchemaMajorIsJudgedOnItsRecordedMetrics() throws {
    let tree = try MonitoringTree.make(datasets: 1)
    // A bar no model clears, so the reason always states both f1 values it compared.
    let config = try tree.text("ohana.yaml").replacingOccurrences(
      of: "auto_promote: true",
      with: "auto_promote: true\n    min_improvement: 0.99\n    allow_major_schema_change: true")
    try tree.directory.write(config, to: "ohana.yaml")
    try tree.train()
    #expect(try tree.json("registry/channels/tables.json")["production"] == "1.0.0")

    // A table without the cholesterol column starts schema major 2; production reads major 1.
    let path = tree.directory.file("clinic-2.csv")
    let synth = try OhanaCommand.run(["synth", "table", "--rows", "300", "--seed", "2", "--out", path])
    #expect(synth.status == 0, "\(synth.stderr)")
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    let dropped = try #require(lines[0].split(separator: ",").firstIndex(of: "cholesterol"))
    let withoutCholesterol = lines.map { line in
      var fields = line.split(separator: ",", omittingEmptySubsequences: false)
      fields.remove(at: dropped)
      return fields.joined(separator: ",") + "\n"
    }
    try tree.directory.write(withoutCholesterol.joined(), to: "inbox/tables/clinic-2.csv")
    let ingest = try tree.run(["ingest"])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    #expect(
      tree.files("registry/schemas/tables").contains("2.0.json"), "\(tree.files("registry/schemas/tables"))")
    try tree.train()

    let run = try Self.run(registering: "2.0.0", in: tree)
    #expect(run["table_schema"] == "2.0")
    #expect(run["datasets"]?.arrayValue?.count == 1, "a run reads only its own major's datasets")
    // Production's f1 as its manifest recorded it from cross-validation on schema 1.0.
    let recorded = try #require(
      try tree.json("registry/models/tables/1.0.0.json")["metrics"]?["f1"]?.doubleValue)
    let best = try #require(run["best"]?.stringValue)
    let candidate = try #require(run["families"]?[best]?["metrics"]?["f1"]?.doubleValue)
    let expected =
      "judged on production's recorded cross-validated metrics (production reads schema 1.0 with target "
      + "target, not this run's major version 2 with target target): f1 \(PromotionGate.format(candidate)) vs "
      + "production \(PromotionGate.format(recorded)): an improvement of "
      + "\(PromotionGate.format(candidate - recorded)), less than the 0.99 required"
    #expect(run["gate"]?["reason"]?.stringValue == expected, "\(run["gate"] ?? .null)")
    #expect(run["gate"]?["promote"] == false && run["promoted"] == false)
    #expect(try tree.json("registry/models/tables/2.0.0.json")["stage"] == "staging")
    #expect(try tree.json("registry/channels/tables.json")["production"] == "1.0.0")
    let report = try tree.text(try #require(run["report"]?.stringValue))
    // The reason (checked above) as the report shows it: "stays in staging: judged on …".
    #expect(report.contains(ReportPage.promotion(run)), "the run report states the reason")
    #expect(report.contains("not this run&#39;s major version 2"))
    try tree.verify()
  }
}
