import OhanaFiles
import OhanaJSON

/// The `registry/` tree: one canonical JSON manifest per thing, plus the audit log.
///
/// Writers take the registry lock (kept outside `registry/` so it never shows in git), write a
/// manifest only when its canonical bytes change, and record each change in the audit log, so
/// rerunning a stage leaves `registry/` byte-for-byte unchanged.
public struct Registry: Sendable {
  /// The `registry/` folder.
  public let root: String
  /// The lock file that serializes registry writers across processes.
  public let lockPath: String
  /// The hash-chained audit log.
  public let audit: AuditLog

  public init(root: String, lockPath: String) {
    self.root = root
    self.lockPath = lockPath
    self.audit = AuditLog(path: Path.join(root, "audit", "log.jsonl"))
  }

  /// Runs `body` holding the registry lock.
  public func withLock<T>(_ body: () throws -> T) throws -> T {
    try FileLock.withLock(lockPath, body)
  }

  /// The absolute path of a registry-relative path.
  public func path(_ relative: String) -> String { Path.join(root, relative) }

  /// The manifest at `relative`, or `nil` when there is none.
  public func manifest(_ relative: String) throws -> JSONValue? {
    let full = path(relative)
    guard (try FileInfo.of(full)) != nil else { return nil }
    let bytes = try DurableFile.read(full)
    do { return try JSONParser.parse(bytes) } catch {
      throw StoreError.corruptManifest(path: full, reason: "\(error)")
    }
  }

  /// Writes `value` canonically at `relative` when it differs from what is there; returns
  /// whether it wrote. Callers hold the lock and audit the change.
  @discardableResult
  public func write(_ value: JSONValue, to relative: String) throws -> Bool {
    let full = path(relative)
    try Directory.create(Path.parent(of: full))
    return try DurableFile.writeIfChanged(CanonicalJSON.bytes(value), to: full)
  }

  /// Registry-relative paths of every `.json` manifest below `folder` (recursively), sorted.
  public func manifests(under folder: String) throws -> [String] {
    var found: [String] = []
    func walk(_ relative: String) throws {
      for name in (try Directory.entries(of: path(relative))) where !name.hasPrefix(".") {
        let child = relative.isEmpty ? name : Path.join(relative, name)
        switch (try FileInfo.of(path(child)))?.kind {
        case .directory: try walk(child)
        case .regular where name.hasSuffix(".json"): found.append(child)
        default: break
        }
      }
    }
    try walk(folder)
    return found
  }
}
