import Foundation
import OhanaJSON
import OhanaTestSupport
import OhanaTabular
import Testing

/// Several workers at once, and workers killed at random instants: every file is still taken
/// exactly once.
@Suite(.serialized) struct IngestRobustnessTests {
  /// Writes `count` distinct small CSV files into the inbox.
  func fill(_ tree: TemporaryDirectory, count: Int) throws {
    for index in 0..<count {
      try tree.write(Fixtures.csv(index, rows: 2), to: "inbox/tables/file-\(index).csv")
    }
  }

  /// Starts `ohana ingest` on the tree without waiting for it.
  func startIngest(_ tree: TemporaryDirectory) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: OhanaCommand.executable)
    process.arguments = ["ingest", "--root", tree.path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  func expectEachTakenOnce(_ tree: TemporaryDirectory, count: Int) throws {
    let (accepted, rejected) = try Fixtures.outcomes(tree.path)
    #expect(rejected.isEmpty, "\(rejected.prefix(5))")
    #expect(accepted.count == count)
    #expect(Set(accepted).count == count)
    #expect(Fixtures.files(tree.file("registry/datasets/tables"), suffix: ".json").count == count)
    let log = try String(contentsOfFile: tree.file("registry/audit/log.jsonl"), encoding: .utf8)
    // One record per dataset; schema versions have records of their own.
    let datasetRecords = log.split(separator: "\n").filter { $0.contains("\"dataset.") }
    #expect(datasetRecords.count == count)
    let schemas = Fixtures.files(tree.file("registry/schemas/tables"), suffix: ".json")
    #expect(schemas.count <= TableSchema.maxDomainLevels, "an id column does not start a schema version per file")
    #expect(Fixtures.files(tree.file("inbox/tables")) == ["feedback", "predict"])
    let verify = try OhanaCommand.run(["verify", "--root", tree.path])
    #expect(verify.status == 0, "\(verify.stdout)")
  }

  @Test func fourWorkersOverAThousandFiles() throws {
    let tree = try Fixtures.tree()
    try fill(tree, count: 1000)
    let processes = try (0..<4).map { _ in try startIngest(tree) }
    for process in processes {
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
    }
    try expectEachTakenOnce(tree, count: 1000)
  }

  @Test func killedAtRandomInstantsThenFinished() throws {
    let tree = try Fixtures.tree()
    try fill(tree, count: 300)
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<12 {
      let process = try startIngest(tree)
      usleep(UInt32.random(in: 20_000...250_000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    let final = try OhanaCommand.run(["ingest", "--root", tree.path])
    #expect(final.status == 0, "\(final.stderr)")
    try expectEachTakenOnce(tree, count: 300)
    // Claims of the killed workers were all taken back.
    #expect(Fixtures.files(tree.file("inbox/.ohana/claims")).isEmpty)
  }
}
