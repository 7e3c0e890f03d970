import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

/// A tree with one tables pipeline for the monitoring tests: synthetic clinic tables, logistic
/// models only (fast), and the monitoring and alert settings each test gives.
struct MonitoringTree {
  let directory: TemporaryDirectory

  var root: String { directory.path }

  /// An initialized tree with `datasets` synthetic tables ingested (nothing trained yet).
  static func make(
    monitoring: String = "", alerts: String = "", autoPromote: Bool = true, minNewDatasets: Int = 5,
    datasets: Int = 1, rows: Int = 300
  ) throws -> MonitoringTree {
    let tree = MonitoringTree(directory: try TemporaryDirectory())
    #expect(try OhanaCommand.run(["init", "--root", tree.root]).status == 0)
    var config = """
      pipelines:
        - name: tables
          kind: tabular
          target: target
          id_column: patient_id
          min_new_datasets: \(minNewDatasets)
          auto_promote: \(autoPromote)
          training: {families: logistic, folds: 3}

      """
    if !monitoring.isEmpty {
      config += "    monitoring:\n" + monitoring.split(separator: "\n").map { "      " + $0 + "\n" }.joined()
    }
    if !alerts.isEmpty {
      config += "alerts:\n" + alerts.split(separator: "\n").map { "  " + $0 + "\n" }.joined()
    }
    try tree.directory.write(config, to: "ohana.yaml")
    for index in 0..<datasets {
      let synth = try OhanaCommand.run([
        "synth", "table", "--rows", "\(rows)", "--seed", "\(index + 1)", "--out",
        tree.directory.file("inbox/tables/clinic-\(index).csv"),
      ])
      #expect(synth.status == 0, "\(synth.stderr)")
    }
    let ingest = try tree.run(["ingest"])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    return tree
  }

  /// Runs `ohana ARGS --root ROOT`, at the fake time `now` (`OHANA_NOW`) when given.
  @discardableResult
  func run(_ arguments: [String], now: Double? = nil) throws -> OhanaCommand.Result {
    try OhanaCommand.run(
      arguments + ["--root", root], environment: now.map { ["OHANA_NOW": String($0)] } ?? [:])
  }

  /// `ohana tick`, checked to succeed.
  @discardableResult
  func tick(now: Double? = nil) throws -> OhanaCommand.Result {
    let result = try run(["tick"], now: now)
    #expect(result.status == 0, "\(result.stderr)")
    return result
  }

  /// `ohana train tables` with extra settings; returns its output.
  @discardableResult
  func train(_ settings: [String] = []) throws -> String {
    let result = try run(["train", "tables"] + settings.flatMap { ["--set", $0] })
    #expect(result.status == 0, "\(result.stderr)")
    return result.stdout
  }

  /// Versions 1.0.0 in production and 1.0.1 (another regularization) in staging.
  func twoVersions() throws {
    try train()
    #expect(try run(["promote", "tables", "1.0.0", "--to", "production"]).status == 0)
    try train(["l2=25"])
    #expect(try json("registry/models/tables/1.0.1.json")["stage"] == "staging")
  }

  /// A synthetic batch with ids `<prefix>000001…` in `inbox/tables/predict/<name>.csv` (its
  /// target column is kept: scoring ignores it); returns each row's id and true target.
  @discardableResult
  func dropBatch(_ name: String, rows: Int, seed: Int, prefix: String) throws -> [(
    id: String, target: String
  )] {
    let path = directory.file("batch-\(name).csv")
    let synth = try OhanaCommand.run([
      "synth", "table", "--rows", "\(rows)", "--seed", "\(seed)", "--out", path,
    ])
    #expect(synth.status == 0, "\(synth.stderr)")
    var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    var truth: [(id: String, target: String)] = []
    for index in lines.indices.dropFirst() {
      lines[index] = prefix + lines[index].dropFirst()
      let fields = lines[index].split(separator: ",", omittingEmptySubsequences: false)
      truth.append((String(fields[0]), String(fields[fields.count - 1])))
    }
    try directory.write(lines.joined(separator: "\n") + "\n", to: "inbox/tables/predict/\(name).csv")
    return truth
  }

  /// The rows of `outbox/tables/predictions/<stem>.csv` by column name.
  func scored(_ stem: String) throws -> [[String: String]] {
    let text = try String(
      contentsOfFile: directory.file("outbox/tables/predictions/\(stem).csv"), encoding: .utf8)
    let lines = text.split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    return lines.dropFirst().map { Dictionary(zip(lines[0], $0), uniquingKeysWith: { first, _ in first }) }
  }

  /// Writes `inbox/tables/feedback/<name>.csv` with `patient_id` and the column `column`.
  func dropFeedback(_ name: String, column: String, _ rows: [(id: String, value: String)]) throws {
    let text = "patient_id,\(column)\n" + rows.map { "\($0.id),\($0.value)\n" }.joined()
    try directory.write(text, to: "inbox/tables/feedback/\(name).csv")
  }

  func json(_ relative: String) throws -> JSONValue {
    try TrainingWorkflowTests.json(directory.file(relative))
  }

  func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: directory.file(relative)) }

  func files(_ relative: String) -> [String] { TrainingWorkflowTests.files(directory.file(relative)) }

  func snapshot(_ relative: String) throws -> [String: Data] {
    try TrainingWorkflowTests.snapshot(directory.file(relative))
  }

  func text(_ relative: String) throws -> String {
    try String(contentsOfFile: directory.file(relative), encoding: .utf8)
  }

  /// `ohana verify`, checked to pass.
  func verify() throws {
    let verify = try run(["verify"])
    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
  }
}
