import OhanaConfig
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaStore

/// Takes the feedback files of a tabular pipeline from `inbox/<pipeline>/feedback/` (see
/// ``FeedbackFile`` for their columns): each is kept in the content store, recorded as
/// `registry/feedback/<pipeline>/<sha256>.json` with an audit record, and removed from the inbox;
/// a file that cannot be used goes to `outbox/<pipeline>/rejected/` beside its reason.
///
/// Each step can be repeated, so a run killed at any point is finished by the next one: the store
/// is content-addressed, the record is written once (the same content again is a duplicate), and
/// the inbox file is removed last.
struct FeedbackInbox {
  let workspace: Workspace
  let pipeline: PipelineConfig
  let log: (String) -> Void

  static func manifestPath(pipeline: String, sha256: String) -> String {
    "feedback/\(pipeline)/\(sha256).json"
  }

  /// Takes every finished file; returns one line per file recorded.
  func take(now: Double) throws -> [String] {
    let folder = InboxFolder(
      workspace: workspace, label: pipeline.name + "/feedback", pipeline: pipeline.name, log: log)
    var taken: [String] = []
    for name in try folder.readyFiles() {
      let bytes = try DurableFile.read(Path.join(folder.path, name))
      let file: FeedbackFile
      do { file = try FeedbackFile(bytes: bytes, idColumn: pipeline.tabular.idColumn) } catch {
        try folder.refuse(name, reason: error.description)
        continue
      }
      let artifact = try workspace.store.store(bytes: bytes)
      if try record(file, sha256: artifact.sha256, source: folder.label + "/" + name, now: now) {
        taken.append("\(pipeline.name): feedback \(name): \(file.rows.count) rows")
      } else {
        log("\(pipeline.name): feedback \(name) was recorded already (same content); removed from the inbox")
      }
      try folder.remove(name)
    }
    return taken
  }

  /// Writes the record and its audit line unless they exist; returns whether the record is new.
  private func record(_ file: FeedbackFile, sha256: String, source: String, now: Double) throws -> Bool {
    let registry = workspace.registry
    let path = Self.manifestPath(pipeline: pipeline.name, sha256: sha256)
    return try registry.withLock {
      let existing = try registry.manifest(path)
      let manifest =
        existing
        ?? [
          "schema": "ohana.feedback/1", "pipeline": .string(pipeline.name), "sha256": .string(sha256),
          "source": .string(source), "kind": .string(file.kind), "rows": .integer(file.rows.count),
          "invalid_rows": .integer(file.invalidRows), "received_at": .string(Timestamp.iso8601(now)),
          "artifact": .string(
            "artifacts/" + String(workspace.store.path(of: sha256).dropFirst(workspace.store.root.count + 1))),
        ]
      if existing == nil { try registry.write(manifest, to: path) }
      // A run killed between the record and its audit line adds the line now, once.
      let details: JSONValue = [
        "pipeline": .string(pipeline.name), "source": manifest["source"] ?? .null,
        "rows": manifest["rows"] ?? .null,
      ]
      if try !registry.audit.contains(subject: sha256, details: details) {
        try registry.audit.append(action: "feedback.recorded", subject: sha256, details: details)
      }
      return existing == nil
    }
  }
}
