import Foundation
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaStore
import OhanaTestSupport
import Testing

@testable import OhanaTraining

/// The derived scored-rows files that spare each tick from parsing every output CSV again, and
/// from looking at every scored row again: the join finds the same rows with or without them, a
/// damaged or stale one is never used, and a batch scored again gets a file of its own.
struct ScoredRowsTests {
  /// A tree with hand-written prediction outputs of the pipeline `tables`.
  struct Outputs {
    let directory: TemporaryDirectory
    var workspace: Workspace { Workspace(root: directory.path) }
    var folder: String { directory.file("outbox/tables/predictions") }
    var derived: String { ScoredRowsFile.folder(stateFolder: workspace.stateFolder, pipeline: "tables") }
    var join: String { ScoredRowsFile.joinPath(stateFolder: workspace.stateFolder, pipeline: "tables") }

    init() throws { directory = try TemporaryDirectory() }

    /// Writes `<stem>.csv`, then its provenance (last, as scoring does); returns the provenance's
    /// SHA-256. Each row is `id,prediction,probability,variant,version`.
    @discardableResult
    func score(_ stem: String, _ rows: [String], at time: String) throws -> String {
      try Directory.create(folder)
      try writeCSV(stem, rows)
      let provenance: JSONValue = [
        "input_sha256": .string(SHA256Hasher.hash(Array(stem.utf8))),
        "rows": ["scored": .integer(rows.count)],
        "scored_at": .string(time), "model_version": "1.0.0",
        "outputs": [.string("outbox/tables/predictions/\(stem).csv")],
      ]
      let bytes = CanonicalJSON.bytes(provenance)
      try DurableFile.write(bytes, to: Path.join(folder, stem + ".provenance.json"))
      return SHA256Hasher.hash(bytes)
    }

    /// Replaces only `<stem>.csv`, as a run killed while scoring a batch again leaves it.
    func writeCSV(_ stem: String, _ rows: [String]) throws {
      let text =
        "line,prediction,probability,patient_id,age,variant,model_version\n"
        + rows.enumerated().map { line, row in
          let fields = row.split(separator: ",", omittingEmptySubsequences: false)
          return "\(line + 2),\(fields[1]),\(fields[2]),\(fields[0]),40,\(fields[3]),\(fields[4])\n"
        }.joined()
      try DurableFile.write(text, to: Path.join(folder, stem + ".csv"))
    }

    func rows(_ ids: Set<String>) throws -> [String: ScoredBatches.Row] {
      try ScoredBatches(workspace: workspace, pipeline: "tables").rows(of: ids, idColumn: "patient_id")
    }

    func derivedFiles() throws -> [String] { try Directory.entries(of: derived) }
  }

  static let week1 = [
    "A1,1,0.900000,production,1.0.0", "A2,0,0.200000,canary,1.1.0", ",1,0.700000,production,1.0.0",
    "A3,0,0.100000,production,1.0.0",
  ]
  static let week2 = ["A2,1,0.650000,production,1.0.0", "B1,0,0.300000,canary,1.1.0"]
  static let ids: Set<String> = ["A1", "A2", "A3", "B1", "nobody"]

  /// What the join must find for `ids` after week 1 and week 2 (read off the rows above: A2 was
  /// scored again in week 2, which wins; the row without an id and `nobody` are not there).
  static let expected: [String: ScoredBatches.Row] = [
    "A1": .init(variant: "production", version: "1.0.0", probability: 0.9, positive: true),
    "A2": .init(variant: "production", version: "1.0.0", probability: 0.65, positive: true),
    "A3": .init(variant: "production", version: "1.0.0", probability: 0.1, positive: false),
    "B1": .init(variant: "canary", version: "1.1.0", probability: 0.3, positive: false),
  ]

  @Test func theJoinFindsTheSameRowsWithAndWithoutDerivedFiles() throws {
    let outputs = try Outputs()
    let first = try outputs.score("week1", Self.week1, at: "2026-01-05T10:00:00Z")
    let second = try outputs.score("week2", Self.week2, at: "2026-01-12T10:00:00Z")
    #expect(try outputs.rows(Self.ids) == Self.expected, "made from the CSVs")
    #expect(try outputs.derivedFiles() == [first, second].sorted())
    #expect(FileManager.default.fileExists(atPath: outputs.join))

    // Read back from the join, which is not written again.
    let inode = try FileInfo.of(outputs.join)?.inode
    #expect(try outputs.rows(Self.ids) == Self.expected, "read from the join")
    #expect(try FileInfo.of(outputs.join)?.inode == inode)

    // Other ids: every batch is read again, from its derived file.
    let batchFile = try FileInfo.of(Path.join(outputs.derived, first))?.inode
    #expect(try outputs.rows(["A3"]) == ["A3": Self.expected["A3"]!])
    #expect(try FileInfo.of(Path.join(outputs.derived, first))?.inode == batchFile)
    try FileManager.default.removeItem(atPath: outputs.directory.file("inbox/.ohana/scored-rows"))
    #expect(try outputs.rows(Self.ids) == Self.expected, "made again after deletion")
  }

  @Test func aNewBatchIsTheOnlyOneReadForTheSameIDs() throws {
    let outputs = try Outputs()
    let first = try outputs.score("week1", Self.week1, at: "2026-01-05T10:00:00Z")
    _ = try outputs.rows(Self.ids)
    // Without week 1's derived file, only the join can still know its rows.
    try FileManager.default.removeItem(atPath: Path.join(outputs.derived, first))
    let second = try outputs.score("week2", Self.week2, at: "2026-01-12T10:00:00Z")
    #expect(try outputs.rows(Self.ids) == Self.expected)
    #expect(try outputs.derivedFiles() == [second], "week 1 was not read again")
  }

  @Test(arguments: ["truncated", "garbage", "flipped byte"])
  func aDamagedJoinIsIgnoredAndRebuilt(damage: String) throws {
    let outputs = try Outputs()
    try outputs.score("week1", Self.week1, at: "2026-01-05T10:00:00Z")
    try outputs.score("week2", Self.week2, at: "2026-01-12T10:00:00Z")
    _ = try outputs.rows(Self.ids)
    let pristine = try DurableFile.read(outputs.join)
    var damaged = pristine
    switch damage {
    case "truncated": damaged.removeLast(9)
    case "garbage": damaged = Array("ohana.scored-rows/1 2\n{}".utf8)
    default: damaged[damaged.count - 1] ^= 0x01
    }
    try DurableFile.write(damaged, to: outputs.join)
    #expect(try outputs.rows(Self.ids) == Self.expected)
    #expect(try DurableFile.read(outputs.join) == pristine, "rebuilt to the same bytes")
  }

  @Test(arguments: ["truncated", "header only", "flipped probability", "flipped header", "empty", "garbage"])
  func aDamagedDerivedFileIsIgnoredAndRebuilt(damage: String) throws {
    let outputs = try Outputs()
    let sha = try outputs.score("week1", Self.week1, at: "2026-01-05T10:00:00Z")
    try outputs.score("week2", Self.week2, at: "2026-01-12T10:00:00Z")
    _ = try outputs.rows(Self.ids)
    let path = Path.join(outputs.derived, sha)
    let pristine = try DurableFile.read(path)
    // Three rows with an id of two bytes each: a length, the id, a serving, a flag, a probability.
    let headerEnd = pristine.count - 3 * (4 + 2 + 4 + 1 + 8)
    var damaged = pristine
    switch damage {
    case "truncated": damaged.removeLast(5)
    case "header only": damaged = Array(pristine[..<headerEnd])
    // The last byte is the top of the last probability's exponent: 0.1 would read as another number.
    case "flipped probability": damaged[damaged.count - 1] ^= 0x01
    case "flipped header": damaged[30] ^= 0x01
    case "empty": damaged = []
    default: damaged = Array("not a derived file\n".utf8)
    }
    try DurableFile.write(damaged, to: path)
    // Without the join, which answers for the same ids without reading any batch.
    try FileManager.default.removeItem(atPath: outputs.join)
    #expect(try outputs.rows(Self.ids) == Self.expected)
    #expect(try DurableFile.read(path) == pristine, "rebuilt to the same bytes")
  }

  @Test func aBatchScoredAgainGetsANewFileAndTheOldOneGoes() throws {
    let outputs = try Outputs()
    let old = try outputs.score("week1", Self.week1, at: "2026-01-05T10:00:00Z")
    _ = try outputs.rows(Self.ids)
    #expect(try outputs.derivedFiles() == [old])

    // Scored again (say by a new model): a new provenance, so a new derived file.
    let rescored = ["A1,0,0.400000,production,1.2.0"]
    let new = try outputs.score("week1", rescored, at: "2026-01-06T10:00:00Z")
    #expect(new != old)
    #expect(
      try outputs.rows(Self.ids) == [
        "A1": .init(variant: "production", version: "1.2.0", probability: 0.4, positive: false)
      ])
    #expect(try outputs.derivedFiles() == [new], "the old batch's file is removed")

    // Killed while scoring again: a new CSV beside the old provenance is read as it is, never
    // through the derived file made for the CSV before it.
    try outputs.writeCSV("week1", ["A1,1,0.800000,canary,1.3.0"])
    #expect(
      try outputs.rows(Self.ids) == [
        "A1": .init(variant: "canary", version: "1.3.0", probability: 0.8, positive: true)
      ]
    )
    // The same with another id column: the file is made again for it.
    #expect(
      try ScoredBatches(workspace: outputs.workspace, pipeline: "tables").rows(of: ["40"], idColumn: "age")
        == [
          "40": .init(variant: "canary", version: "1.3.0", probability: 0.8, positive: true)
        ])
  }

  /// Through `ohana tick`: a tree whose derived files were made by earlier ticks and a copy of it
  /// without them write the same reports, metrics and registry records for new feedback.
  @Test func tickWritesTheSameFilesWithAndWithoutDerivedRows() throws {
    let tree = try MonitoringTree.make(
      monitoring: """
        experiments:
          - {id: ab, control: 1.0.0, treatment: 1.0.1, split: 0.5, alpha: 0.05, min_samples: 1000}
        performance: {window_rows: 50, tolerance: 0.05}
        """, autoPromote: false)
    try tree.twoVersions()
    try tree.dropBatch("week1", rows: 200, seed: 41, prefix: "A")
    try tree.dropBatch("week2", rows: 200, seed: 42, prefix: "B")
    try tree.tick(now: 1_800_000_000)
    let week1 = try tree.scored("week1")
    try tree.dropFeedback("first", column: "outcome", week1.prefix(100).map { ($0["patient_id"] ?? "", "1") })
    try tree.tick(now: 1_800_000_100)
    let derived = tree.directory.file("inbox/.ohana/scored-rows/tables")
    #expect(tree.files("inbox/.ohana/scored-rows/tables").count == 2)

    // New feedback on both weeks; the copy has no derived files (and its inodes differ anyway).
    let week2 = try tree.scored("week2")
    try tree.dropFeedback(
      "second", column: "outcome",
      (week1.suffix(100) + week2).enumerated().map { ($1["patient_id"] ?? "", $0 % 3 == 0 ? "0" : "1") })
    let copy = MonitoringTree(directory: try TemporaryDirectory())
    try FileManager.default.removeItem(atPath: copy.root)
    try FileManager.default.copyItem(atPath: tree.root, toPath: copy.root)
    try FileManager.default.removeItem(atPath: copy.directory.file("inbox/.ohana/scored-rows"))

    let withDerived = try tree.tick(now: 1_800_000_200)
    let without = try copy.tick(now: 1_800_000_200)
    #expect(withDerived.stdout == without.stdout)
    #expect(withDerived.stdout.contains("feedback second.csv: 300 rows"), "\(withDerived.stdout)")
    for folder in ["outbox", "registry"] {
      var mine = try tree.snapshot(folder)
      var theirs = try copy.snapshot(folder)
      // The audit log's records carry the wall-clock time of each write.
      mine["audit/log.jsonl"] = nil
      theirs["audit/log.jsonl"] = nil
      #expect(mine.keys.sorted() == theirs.keys.sorted())
      for name in mine.keys.sorted() where mine[name] != theirs[name] {
        Issue.record("\(folder)/\(name) differs with and without the derived rows")
      }
    }
    #expect(try tree.json("outbox/tables/reports/experiment-ab.json")["analysis"] != nil)
    #expect(FileManager.default.fileExists(atPath: derived))
    #expect(copy.files("inbox/.ohana/scored-rows/tables").count == 2, "made again in the copy")
  }
}
