import OhanaFiles
import OhanaIngest
import OhanaJSON

/// The drift reports of one pipeline (`outbox/<pipeline>/reports/drift-*.json`), parsed once
/// per tick: the drift monitors ask it whether a report is current and add the ones they
/// write, and the monitoring snapshot takes the latest. An idle tick used to parse every
/// report twice, which was most of its time once a pipeline had hundreds of batches.
struct DriftReports {
  /// Each report by its name (`dataset-…`, `predictions-…`, `tree-…`); damaged files are left
  /// out, so that their reports are written again.
  private var byName: [String: JSONValue] = [:]

  /// The reports on file now.
  init(workspace: Workspace, pipeline: String) throws {
    let folder = workspace.outboxFolder(pipeline: pipeline, "reports")
    guard (try FileInfo.of(folder)) != nil else { return }
    for entry in try Directory.entries(of: folder) where entry.hasPrefix("drift-") && entry.hasSuffix(".json")
    {
      guard let report = try? JSONParser.parse(DurableFile.read(Path.join(folder, entry))) else { continue }
      byName[String(entry.dropFirst("drift-".count).dropLast(".json".count))] = report
    }
  }

  /// The report named `name`, if on file.
  subscript(name: String) -> JSONValue? { byName[name] }

  /// Records the report just written as `name`.
  mutating func record(_ report: JSONValue, name: String) { byName[name] = report }

  /// Every report, oldest observation first.
  var ordered: [JSONValue] {
    byName.values.sorted {
      ($0["observed_at"]?.stringValue ?? "", $0["name"]?.stringValue ?? "")
        < ($1["observed_at"]?.stringValue ?? "", $1["name"]?.stringValue ?? "")
    }
  }
}
