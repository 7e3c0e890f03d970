import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaStore
import OhanaWatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A folder of the inbox that a later stage owns (`inbox/<pipeline>/predict/`,
/// `inbox/<pipeline>/feedback/`, `inbox/approvals/`): which files are ready, how a refused one
/// is set aside beside its reason, and how a finished one leaves.
struct InboxFolder {
  /// The folder's absolute path.
  let path: String
  /// Its path below `inbox/`, as people see it in messages (`tables/feedback`).
  let label: String
  /// Where refused files go (`outbox/<pipeline>/rejected/`, or `outbox/rejected/`).
  let rejectedFolder: String
  let pipeline: String?
  let log: (String) -> Void

  init(workspace: Workspace, label: String, pipeline: String?, log: @escaping (String) -> Void) {
    path = Path.join(workspace.inbox, label)
    self.label = label
    rejectedFolder = workspace.outboxFolder(pipeline: pipeline, "rejected")
    self.pipeline = pipeline
    self.log = log
  }

  /// Regular files no process holds open for writing, hidden and temporary names left alone, sorted.
  func readyFiles() throws -> [String] {
    guard (try FileInfo.of(path)) != nil else { return [] }
    return try Directory.entries(of: path).filter { name in
      guard !InboxNames.isIgnored(name), let info = try FileInfo.of(Path.join(path, name)),
        info.kind == .regular
      else { return false }
      return WriterCheck.check(path: Path.join(path, name)) != .writerPresent
    }.sorted()
  }

  /// Moves `name` to the rejected folder as `<folder>~<name>`, its reason beside it in `.error.json`.
  func refuse(_ name: String, reason: String) throws {
    try Directory.create(rejectedFolder)
    let destination = Path.join(rejectedFolder, Path.name(of: label) + "~" + name)
    let error: JSONValue = [
      "source": .string(label + "/" + name), "error": .string(reason), "pipeline": .nullable(pipeline),
      "time": .string(Timestamp.nowISO8601()),
    ]
    try DurableFile.write(CanonicalJSON.bytes(error), to: destination + ".error.json")
    guard rename(Path.join(path, name), destination) == 0 else {
      throw FileSystemError("rename", path: destination)
    }
    try Directory.sync(rejectedFolder)
    try Directory.sync(path)
    log("rejected \(label)/\(name): \(reason)")
  }

  /// Removes a finished file (gone already is fine: a run killed after its removal).
  func remove(_ name: String) throws {
    let file = Path.join(path, name)
    guard unlink(file) == 0 || errno == ENOENT else { throw FileSystemError("unlink", path: file) }
    try Directory.sync(path)
  }
}
