import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

/// The tabular loop through the command line: generated tables → ingest (schema,
/// expectations) → train (cross-validated families, gates) → registry and report → batch
/// predictions from `predict/`, with rejects and formula escaping; reruns change nothing.
@Suite(.serialized)
struct TabularWorkflowTests {
  static let quick = ["--set", "forestTrees=20", "--set", "gbtIterations=40", "--set", "folds=3"]

  static func treeWithTables(_ count: Int, rows: Int = 400) throws -> TemporaryDirectory {
    try TrainingWorkflowTests.tree(synth: ["table", "--rows", "\(rows)"], count: count) {
      "tables/clinic-\($0).csv"
    }
  }

  @Test func ingestRecordsTableSchemaAndValidation() throws {
    let tree = try Self.treeWithTables(2)
    let manifests = TrainingWorkflowTests.files(tree.file("registry/datasets/tables"))
    #expect(manifests.count == 2)
    let manifest = try TrainingWorkflowTests.json(tree.file("registry/datasets/tables/" + manifests[0]))
    #expect(manifest["table_schema"]?["version"] == "1.0")
    #expect(manifest["validation"]?["success"] == true)
    #expect(manifest["counts"]?["rows"] == 400)
    #expect(manifest["table"]?["sha256"]?.stringValue?.count == 64)
    let schema = try TrainingWorkflowTests.json(tree.file("registry/schemas/tables/1.0.json"))
    #expect(schema["target"] == "target")
    let reports = TrainingWorkflowTests.files(tree.file("outbox/tables/reports"))
    #expect(reports.filter { $0.hasPrefix("validation-") }.count == 4)
  }

  @Test func failingExpectationsAndIncompatibleSchemasAreRejectedWithReasons() throws {
    let tree = try Self.treeWithTables(1)
    let header =
      "patient_id,visit_date,age,sex,chest_pain,resting_bp,cholesterol,fasting_blood_sugar,"
      + "max_heart_rate,exercise_angina,st_depression,target\n"
    try
      (header + "P1,2024-01-02,61,F,asymptomatic,113,250,false,124,no,2.4,1\n"
      + "P2,2024-01-03,44,X,atypical,116,256,true,98,no,2.1,0\n").write(
        toFile: tree.file("inbox/tables/bad-values.csv"), atomically: true, encoding: .utf8)
    try "patient_id,age,target\nQ1,30,0\nQ2,41,1\n".write(
      toFile: tree.file("inbox/tables/other-shape.csv"), atomically: true, encoding: .utf8)
    let ingest = try OhanaCommand.run(["ingest", "--root", tree.path])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    let values = try TrainingWorkflowTests.json(tree.file("outbox/tables/rejected/bad-values.csv.error.json"))
    #expect(values["error"]?.stringValue?.contains("expectations failed") == true, "\(values)")
    #expect(values["error"]?.stringValue?.contains("in_set on sex") == true, "\(values)")
    let shape = try TrainingWorkflowTests.json(tree.file("outbox/tables/rejected/other-shape.csv.error.json"))
    #expect(shape["error"]?.stringValue?.contains("does not match schema 1.0") == true, "\(shape)")
    #expect(ingest.stderr.contains("rejected tables/other-shape.csv"))
    #expect(TrainingWorkflowTests.files(tree.file("registry/schemas/tables")) == ["1.0.json"])
  }

  @Test func trainRegistersGatesAndScoresPredictFolder() throws {
    let tree = try Self.treeWithTables(2)
    let dryRun = try OhanaCommand.run(["train", "tables", "--dry-run", "--root", tree.path] + Self.quick)
    #expect(dryRun.status == 0, "\(dryRun.stderr)")
    #expect(dryRun.stdout.contains("3-fold cross-validation"))
    #expect(TrainingWorkflowTests.files(tree.file("registry/runs")).isEmpty)

    let train = try OhanaCommand.run(["train", "tables", "--root", tree.path] + Self.quick)
    #expect(train.status == 0, "\(train.stderr)")
    #expect(train.stdout.contains("promoted to production"), "\(train.stdout)\(train.stderr)")
    let runs = TrainingWorkflowTests.files(tree.file("registry/runs/tables"))
    #expect(runs.count == 1)
    let run = try TrainingWorkflowTests.json(tree.file("registry/runs/tables/" + runs[0]))
    #expect(run["kind"] == "tabular")
    #expect(run["rows"] == 800)
    for family in ["logistic", "random_forest", "gbt"] {
      let auc = run["families"]?[family]?["metrics"]?["auc"]?.doubleValue ?? 0
      #expect(auc > 0.7, "\(family) AUC \(auc)")
      #expect((run["families"]?[family]?["history"]?.arrayValue?.count ?? 0) > 1)
    }
    #expect(run["validation_gate"]?["passed"] == true)
    let report = try String(contentsOfFile: tree.file(run["report"]?.stringValue ?? ""), encoding: .utf8)
    #expect(
      report.contains("ROC curves") && report.contains("Calibration") && report.contains("Confusion matrix"))
    #expect(report.contains("<svg"))
    let model = try TrainingWorkflowTests.json(tree.file("registry/models/tables/1.0.0.json"))
    #expect(model["stage"] == "production")

    // A batch to score: one good row, one row whose age is not a number, one formula.
    try FileManager.default.createDirectory(
      atPath: tree.file("inbox/tables/predict"), withIntermediateDirectories: true)
    let batch = """
      patient_id,visit_date,age,sex,chest_pain,resting_bp,cholesterol,fasting_blood_sugar,max_heart_rate,exercise_angina,st_depression
      P1,2024-01-02,61,F,asymptomatic,113,250,false,124,no,2.4
      P2,2024-01-03,old,M,atypical,116,256,true,98,no,2.1
      =HYPERLINK("x"),2024-01-04,55,M,atypical,108,258,false,188,no,0.0

      """
    try batch.write(toFile: tree.file("inbox/tables/predict/batch.csv"), atomically: true, encoding: .utf8)
    let before = try TrainingWorkflowTests.snapshot(tree.file("registry"))
    let tick = try OhanaCommand.run(["tick", "--root", tree.path])
    #expect(tick.status == 0, "\(tick.stderr)")
    #expect(tick.stdout.contains("scored 1 file"), "\(tick.stdout)")
    #expect(!FileManager.default.fileExists(atPath: tree.file("inbox/tables/predict/batch.csv")))
    let scored = try String(contentsOfFile: tree.file("outbox/tables/predictions/batch.csv"), encoding: .utf8)
    let lines = scored.split(separator: "\n")
    #expect(lines.count == 3, "\(scored)")
    #expect(lines[0].hasPrefix("line,prediction,probability,patient_id"))
    #expect(scored.contains("'=HYPERLINK"), "formula cells are escaped: \(scored)")
    let rejects = try String(
      contentsOfFile: tree.file("outbox/tables/predictions/batch.rejects.csv"), encoding: .utf8)
    #expect(rejects.contains("3,"), "the bad row is reported with its line: \(rejects)")
    let provenance = try TrainingWorkflowTests.json(
      tree.file("outbox/tables/predictions/batch.provenance.json"))
    #expect(provenance["model_version"] == "1.0.0")
    #expect(provenance["rows"]?["scored"] == 2)
    #expect(provenance["rows"]?["rejected"] == 1)

    // Nothing is due now: a second tick and a second train change nothing.
    let again = try OhanaCommand.run(["tick", "--root", tree.path])
    #expect(again.stdout.contains("nothing is due"), "\(again.stdout)")
    let retrain = try OhanaCommand.run(["train", "tables", "--root", tree.path] + Self.quick)
    #expect(retrain.stdout.contains("already recorded"))
    #expect(try TrainingWorkflowTests.snapshot(tree.file("registry")) == before)
    #expect(try OhanaCommand.run(["verify", "--root", tree.path]).status == 0)
  }

  @Test func aModelBelowTheValidationGateStaysInStaging() throws {
    let tree = try Self.treeWithTables(1)
    let config = try String(contentsOfFile: tree.file("ohana.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "min_metric: 0.5", with: "min_metric: 0.999")
    try config.write(toFile: tree.file("ohana.yaml"), atomically: true, encoding: .utf8)
    let train = try OhanaCommand.run(["train", "tables", "--root", tree.path] + Self.quick)
    #expect(train.status == 0, "\(train.stderr)")
    #expect(train.stdout.contains("in staging"))
    #expect(train.stderr.contains("validation gate failed"))
    let promote = try OhanaCommand.run([
      "promote", "tables", "1.0.0", "--to", "production", "--root", tree.path,
    ])
    #expect(promote.status != 0)
    #expect(promote.stderr.contains("failed its validation gate"))
  }
}
