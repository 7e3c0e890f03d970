import OhanaConfig
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaMonitor

/// One drift report of a pipeline as files, `outbox/<pipeline>/reports/drift-<name>.html` and
/// `.json`: the JSON is written after the page, so its presence says the report is complete,
/// and it names the reference model and the content analyzed, so an up-to-date report is not
/// redone and a second tick writes nothing. The tick's ``DriftReports`` hold what is on file.
struct DriftReportFile {
  let workspace: Workspace
  let pipeline: PipelineConfig
  /// The report's name (`dataset-…`, `predictions-…`, `tree-…`).
  let name: String

  private var folder: String { workspace.outboxFolder(pipeline: pipeline.name, "reports") }
  private var jsonPath: String { Path.join(folder, "drift-\(name).json") }

  /// The pipeline's multiple-testing correction.
  var correction: PValueCorrection {
    switch pipeline.monitoring.drift.correction {
    case .none: .none
    case .bonferroni: .bonferroni
    case .fdr: .benjaminiHochberg
    }
  }

  /// Whether the report on file already compares content `sha256` with model `version`'s data
  /// under the current correction.
  func isCurrent(in reports: DriftReports, version: String, sha256: String) -> Bool {
    guard let existing = reports[name] else { return false }
    return existing["reference"]?["model_version"]?.stringValue == version
      && existing["current"]?["sha256"]?.stringValue == sha256
      && existing["correction"]?.stringValue == correction.rawValue
  }

  /// Writes the page, then the JSON, and records it in `reports`; returns the line a tick prints.
  func write(
    _ report: DriftReport, title: String, kind: String, sha256: String, observedAt: String, version: String,
    datasets: [String], into reports: inout DriftReports
  ) throws -> String {
    var json = report.json.objectValue ?? [:]
    json["schema"] = "ohana.drift/1"
    json["pipeline"] = .string(pipeline.name)
    json["name"] = .string(name)
    json["observed_at"] = .string(observedAt)
    json["reference"] = [
      "model_version": .string(version), "datasets": .array(datasets.map { .string($0) }),
    ]
    json["current"] = ["kind": .string(kind), "sha256": .string(sha256)]
    try Directory.create(folder)
    try DurableFile.write(report.html(title: title), to: Path.join(folder, "drift-\(name).html"))
    try DurableFile.write(CanonicalJSON.bytes(.object(json)), to: jsonPath)
    reports.record(.object(json), name: name)
    return "\(pipeline.name): drift-\(name): " + (report.datasetDrift ? "drift detected" : "no drift")
      + " (\(report.driftedColumns) of \(report.testedColumns) columns)"
  }
}
