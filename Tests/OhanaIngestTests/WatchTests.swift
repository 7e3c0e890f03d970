import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

/// `ohana watch` as a subprocess: files arriving by cp, by rename, by a slow writer and by
/// rsync are each processed once, and only once complete.
@Suite(.serialized) struct WatchTests {
  final class Watcher {
    let process = Process()
    let errors = Pipe()

    init(root: String) throws {
      process.executableURL = URL(fileURLWithPath: OhanaCommand.executable)
      process.arguments = ["watch", "--root", root]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = errors
      try process.run()
    }

    /// Sends SIGTERM and returns the exit status and what was printed on stderr.
    func stop() -> (Int32, String) {
      kill(process.processIdentifier, SIGTERM)
      let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      return (process.terminationStatus, text)
    }
  }

  func watchedTree() throws -> TemporaryDirectory {
    let tree = try Fixtures.tree()
    let config = try String(contentsOfFile: tree.file("ohana.yaml"), encoding: .utf8)
      .replacing("settle_seconds: 2", with: "settle_seconds: 0.5")
      .replacing("rescan_seconds: 30", with: "rescan_seconds: 1")
    try tree.write(config, to: "ohana.yaml")
    return tree
  }

  /// Waits until `condition` holds, polling, for at most `seconds`.
  func waitFor(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if try condition() { return true }
      usleep(20_000)
    }
    return try condition()
  }

  func accepted(_ tree: TemporaryDirectory) throws -> [String] { try Fixtures.outcomes(tree.path).accepted }

  @Test func filesArrivingEveryWayAreTakenOnceWhenComplete() throws {
    let tree = try watchedTree()
    try tree.write(Fixtures.gedcom("Early"), to: "inbox/early.ged")
    let watcher = try Watcher(root: tree.path)
    #expect(try waitFor(10) { try accepted(tree) == ["early.ged"] })

    // cp from outside the tree.
    let outside = try TemporaryDirectory()
    try outside.write(Fixtures.csv(1), to: "copied.csv")
    try OhanaCommand.runProgram("/bin/cp", [outside.file("copied.csv"), tree.file("inbox/copied.csv")])
    // rename from a folder on the same file system.
    try tree.write(Fixtures.csv(2), to: "staging/renamed.csv")
    #expect(rename(tree.file("staging/renamed.csv"), tree.file("inbox/tables/renamed.csv")) == 0)
    #expect(try waitFor(10) { try accepted(tree).count == 3 })

    // A slow writer: half the file, a pause longer than settle and rescan, then the rest.
    let slowText = Fixtures.csv(3, rows: 200)
    let half = slowText.utf8.count / 2
    // Created and kept open by one call: writing an empty file first and reopening it would
    // close it once, and a closed empty file is complete as far as the watcher can know.
    let descriptor = open(tree.file("inbox/slow.csv"), O_WRONLY | O_CREAT | O_EXCL, 0o644)
    #expect(descriptor >= 0)
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    handle.write(Data(slowText.utf8.prefix(half)))
    sleep(3)
    #expect(try !accepted(tree).contains("slow.csv"))
    handle.write(Data(slowText.utf8.dropFirst(half)))
    try handle.close()
    #expect(try waitFor(10) { try accepted(tree).contains("slow.csv") })

    // rsync into a new subfolder (it writes hidden temp names, then renames).
    if let rsync = OhanaCommand.which("rsync") {
      for index in 0..<5 { try outside.write(Fixtures.gedcom("Synced\(index)"), to: "batch/tree-\(index).ged") }
      let result = try OhanaCommand.runProgram(rsync, ["-a", outside.file("batch") + "/", tree.file("inbox/family-trees/batch/")])
      #expect(result.status == 0)
      #expect(try waitFor(10) { try accepted(tree).count == 9 })
    }

    let (status, log) = watcher.stop()
    #expect(status == 0, "\(log)")
    let all = try accepted(tree)
    #expect(Set(all).count == all.count, "a file was taken twice: \(all)")
    #expect(try Fixtures.outcomes(tree.path).rejected.isEmpty)
    // The slow file was stored whole.
    let receipt = try Fixtures.files(tree.file("outbox/tables/accepted")).first { $0.hasPrefix("slow.csv") }
    let json = try Fixtures.json(tree.file("outbox/tables/accepted/" + #require(receipt)))
    #expect(json["datasets"]?[0]?["size"]?.intValue == Int64(slowText.utf8.count))
    #expect(try OhanaCommand.run(["verify", "--root", tree.path]).status == 0)
  }

  @Test func stopsPromptlyOnSIGINTWithNothingToDo() throws {
    let tree = try watchedTree()
    let watcher = try Watcher(root: tree.path)
    usleep(300_000)
    kill(watcher.process.processIdentifier, SIGINT)
    let started = Date()
    watcher.process.waitUntilExit()
    #expect(watcher.process.terminationStatus == 0)
    #expect(Date().timeIntervalSince(started) < 3)
  }
}
