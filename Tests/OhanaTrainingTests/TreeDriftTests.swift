import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

/// Drift of family trees through the command line: trees the production model was not trained
/// on are compared with those it was, person by person, and a tree from another century drifts.
@Suite(.serialized)
struct TreeDriftTests {
  @Test func aTreeFromAnotherCenturyDriftsAndOneLikeTheTrainingTreesDoesNot() throws {
    let tree = try TrainingWorkflowTests.treeWithDatasets(1)
    let train = try OhanaCommand.run(
      ["train", "family-trees", "--root", tree.path] + TrainingWorkflowTests.quick)
    #expect(train.status == 0, "\(train.stderr)")
    let channel = try TrainingWorkflowTests.json(tree.file("registry/channels/family-trees.json"))
    try #require(channel["production"]?.stringValue != nil, "the test needs a production model")

    let late = try OhanaCommand.run(
      [
        "synth", "gedcom", "--people", "300", "--start-year", "1950", "--seed", "21", "--out",
        tree.file("inbox/family-trees/late.ged"),
      ])
    #expect(late.status == 0, "\(late.stderr)")
    // The training tree's people again, in a file of its own: nothing about them drifts.
    let copy = tree.file("copy.ged")
    #expect(
      try OhanaCommand.run(["synth", "gedcom", "--people", "300", "--seed", "1", "--out", copy]).status == 0)
    let text = try String(contentsOfFile: copy, encoding: .utf8)
    try text.replacingOccurrences(of: "0 TRLR\n", with: "0 @NCOPY@ NOTE a copy of village 1\n0 TRLR\n")
      .write(toFile: tree.file("inbox/family-trees/alike.ged"), atomically: true, encoding: .utf8)
    #expect(try OhanaCommand.run(["ingest", "--root", tree.path]).status == 0)
    let tick = try OhanaCommand.run(["tick", "--root", tree.path])
    #expect(tick.status == 0, "\(tick.stderr)")
    #expect(tick.stdout.contains("drift-tree-late-"), "\(tick.stdout)")

    let reports = tree.file("outbox/family-trees/reports")
    let names = TrainingWorkflowTests.files(reports).filter { $0.hasPrefix("drift-tree-") }
    #expect(names.count == 4, "\(names)")
    let lateReport = try TrainingWorkflowTests.json(
      reports + "/" + names.first { $0.hasPrefix("drift-tree-late-") && $0.hasSuffix(".json") }!)
    let alike = try TrainingWorkflowTests.json(
      reports + "/" + names.first { $0.hasPrefix("drift-tree-alike-") && $0.hasSuffix(".json") }!)
    #expect(lateReport["columns"]?["birth_year"]?["drifted"] == true)
    #expect((lateReport["drifted_columns"]?.intValue ?? 0) >= 2)
    #expect(alike["drifted_columns"] == 0)
    #expect(alike["dataset_drift"] == false)
    for report in [lateReport, alike] {
      #expect(report["current"]?["kind"] == "tree")
      #expect(report["reference"]?["model_version"] == channel["production"])
      #expect(report["reference"]?["datasets"]?.arrayValue?.count == 1)
      #expect(report["columns"]?.objectValue?.count == 10)
      // The production model's predictions exist for every tree, so its confidence is compared too.
      #expect(report["prediction"]?["column"] == "(first candidate probability)")
    }
    let html = try String(
      contentsOfFile: reports + "/" + names.first {
        $0.hasPrefix("drift-tree-late-") && $0.hasSuffix(".html")
      }!, encoding: .utf8)
    #expect(html.contains("birth_year") && html.contains("<svg"))

    // The tree's drift is in the metrics, and a second tick rewrites no report.
    let metrics = try String(contentsOfFile: tree.file("outbox/metrics/ohana.prom"), encoding: .utf8)
    #expect(metrics.contains("ohana_drift_share{pipeline=\"family-trees\""), "\(metrics)")
    let before = try TrainingWorkflowTests.snapshot(reports)
    let again = try OhanaCommand.run(["tick", "--root", tree.path])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(!again.stdout.contains("drift-tree-"))
    #expect(try TrainingWorkflowTests.snapshot(reports) == before)
  }
}
