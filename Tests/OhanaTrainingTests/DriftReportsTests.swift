import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaTestSupport
import Testing

@testable import OhanaTraining

/// The drift reports a tick reads once: found by name, damaged ones left out (so that they are
/// written again), in observation order, and a report written during the tick seen at once.
struct DriftReportsTests {
  @Test("Reports are read once by name, damaged ones left out, oldest observation first")
  func readOnce() throws {
    let directory = try TemporaryDirectory()
    let workspace = Workspace(root: directory.path)
    #expect(try DriftReports(workspace: workspace, pipeline: "tables").ordered.isEmpty)
    let folder = workspace.outboxFolder(pipeline: "tables", "reports")
    try Directory.create(folder)
    func report(_ name: String, observed: String) -> JSONValue {
      ["name": .string(name), "observed_at": .string(observed)]
    }
    for (name, observed) in [
      ("b", "2026-02-01T00:00:00Z"), ("a", "2026-02-01T00:00:00Z"), ("c", "2026-01-01T00:00:00Z"),
    ] {
      try DurableFile.write(
        CanonicalJSON.bytes(report(name, observed: observed)), to: Path.join(folder, "drift-\(name).json"))
    }
    try DurableFile.write(Array("{damaged".utf8), to: Path.join(folder, "drift-d.json"))
    try DurableFile.write(Array("{}".utf8), to: Path.join(folder, "performance.json"))
    var reports = try DriftReports(workspace: workspace, pipeline: "tables")
    #expect(reports["a"]?["observed_at"]?.stringValue == "2026-02-01T00:00:00Z")
    #expect(reports["d"] == nil && reports["performance"] == nil)
    #expect(reports.ordered.compactMap { $0["name"]?.stringValue } == ["c", "a", "b"])
    reports.record(report("e", observed: "2026-03-01T00:00:00Z"), name: "e")
    #expect(reports.ordered.last?["name"]?.stringValue == "e")
  }
}
