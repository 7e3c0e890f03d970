import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

/// The tree on a small ext4 loop image, cut with `xfs_io -x -c shutdown` (no log flush) right
/// after receipts were written, then remounted: every file with a receipt is intact.
@Suite(
  .serialized,
  .enabled(if: getuid() == 0, "needs root to mount a loop image"),
  .enabled(if: OhanaCommand.which("xfs_io") != nil && OhanaCommand.which("mkfs.ext4") != nil, "needs xfs_io and mkfs.ext4"))
struct PowerCutTests {
  func sh(_ command: String) throws -> OhanaCommand.Result {
    try OhanaCommand.runProgram("/bin/sh", ["-c", command])
  }

  @Test func receiptsSurviveAPowerCut() throws {
    let work = try TemporaryDirectory()
    let image = work.file("disk.img")
    let mount = work.file("mnt")
    try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
    try #require(try sh("truncate -s 96M '\(image)' && mkfs.ext4 -q '\(image)'").status == 0)
    let mounted = try sh("mount -o loop '\(image)' '\(mount)'")
    try #require(mounted.status == 0, "mount failed: \(mounted.stderr)")
    defer { _ = try? sh("umount '\(mount)' 2>/dev/null") }

    let root = mount + "/tree"
    #expect(try OhanaCommand.run(["init", "--root", root]).status == 0)
    for index in 0..<25 {
      let text = index % 2 == 0 ? Fixtures.gedcom("Cut\(index)", people: 4) : Fixtures.csv(index, rows: 50)
      try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/inbox/input-\(index).\(index % 2 == 0 ? "ged" : "csv")"))
    }
    #expect(try OhanaCommand.run(["ingest", "--root", root]).status == 0)
    // What the receipts promise, read before the cut.
    var promised: [String] = []
    for pipeline in ["family-trees", "tables"] {
      let folder = root + "/outbox/\(pipeline)/accepted"
      for name in Fixtures.files(folder, suffix: ".json") {
        let receipt = try Fixtures.json(folder + "/" + name)
        promised += receipt["datasets"]?.arrayValue?.compactMap { $0["sha256"]?.stringValue } ?? []
      }
    }
    #expect(promised.count == 25)
    let cut = try sh("xfs_io -x -c shutdown '\(mount)'")
    try #require(cut.status == 0, "shutdown failed: \(cut.stderr)")
    #expect(try sh("umount '\(mount)'").status == 0)
    #expect(try sh("mount -o loop '\(image)' '\(mount)'").status == 0)
    for sha in promised {
      let path = root + "/artifacts/sha256/" + sha.prefix(2) + "/" + sha.dropFirst(2)
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      let digest = try OhanaCommand.runProgram("/usr/bin/sha256sum", [path]).stdout.prefix(64)
      #expect(String(digest) == sha, "artifact \(sha) is damaged after the power cut (\(data.count) bytes)")
    }
  }
}
