#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import OhanaFiles
import OhanaJSON
import OhanaStore

/// Checks that the tree is consistent: every artifact still hashes to its name and is
/// read-only, every manifest is canonical JSON whose references exist, and the audit chain is
/// intact. Each problem is one sentence naming the file.
public struct Verifier {
  public let workspace: Workspace

  public init(workspace: Workspace) { self.workspace = workspace }

  /// Every problem found (empty when all is consistent) and how many things were checked.
  public func run() throws -> (problems: [String], checked: Int) {
    var problems: [String] = []
    var checked = 0
    let store = workspace.store
    let (digests, strays) = try store.inventory()
    for stray in strays {
      problems.append("\(relative(stray)) is not a content-addressed artifact")
    }
    for digest in digests {
      checked += 1
      let path = store.path(of: digest)
      if try !store.verify(digest) {
        problems.append("artifact \(relative(path)) does not match its SHA-256: its content has changed")
      }
      var status = stat()
      if lstat(path, &status) == 0, status.st_mode & 0o222 != 0 {
        problems.append("artifact \(relative(path)) is writable; artifacts must be read-only")
      }
    }
    let registry = workspace.registry
    let audited = Set(try registry.audit.records().compactMap { $0["subject"]?.stringValue })
    for manifestPath in try registry.manifests(under: "datasets") {
      checked += 1
      problems += try checkDataset(manifestPath, registry: registry, store: store, audited: audited)
    }
    for folder in ["models", "runs", "channels"] {
      for manifestPath in try registry.manifests(under: folder) {
        checked += 1
        problems += try checkModelRecord(manifestPath, folder: folder, registry: registry, store: store, audited: audited)
      }
    }
    problems += try registry.audit.verify()
    return (problems, checked)
  }

  /// The manifest at `path` if it is canonical JSON, else the problems.
  private func readCanonical(_ path: String, registry: Registry) throws -> (JSONValue?, [String]) {
    let bytes = try DurableFile.read(registry.path(path))
    guard let manifest = try? JSONParser.parse(bytes) else { return (nil, ["registry/\(path) is not valid JSON"]) }
    if CanonicalJSON.bytes(manifest) != bytes {
      return (manifest, ["registry/\(path) is not in canonical form (sorted keys, 2-space indent, final newline)"])
    }
    return (manifest, [])
  }

  /// Model versions, runs and channels: their artifacts and the versions they name exist.
  private func checkModelRecord(
    _ path: String, folder: String, registry: Registry, store: ContentStore, audited: Set<String>
  ) throws -> [String] {
    let (read, problems) = try readCanonical(path, registry: registry)
    guard let manifest = read else { return problems }
    var found = problems
    func requireArtifact(_ sha: String?) {
      if let sha, !store.contains(sha) {
        found.append("registry/\(path) refers to artifact \(sha), which is missing from artifacts/")
      }
    }
    switch folder {
    case "models":
      requireArtifact(manifest["artifact"]?["sha256"]?.stringValue)
      let subject = "\(manifest["pipeline"]?.stringValue ?? "")@\(manifest["version"]?.stringValue ?? "")"
      if !audited.contains(subject) { found.append("registry/\(path) has no record in the audit log") }
    case "runs":
      for (_, family) in manifest["families"]?.objectValue ?? [:] { requireArtifact(family["artifact"]?.stringValue) }
      if let version = manifest["model_version"]?.stringValue, let pipeline = manifest["pipeline"]?.stringValue,
        try FileInfo.of(registry.path("models/\(pipeline)/\(version).json")) == nil
      {
        found.append("registry/\(path) names model \(version), which has no file in registry/models/\(pipeline)/")
      }
    default:
      let pipeline = manifest["pipeline"]?.stringValue ?? ""
      var named = (manifest["staging"]?.arrayValue ?? []) + (manifest["previous_production"]?.arrayValue ?? [])
      named += [manifest["production"], manifest["canary"]?["version"]].compactMap { $0 }
      for version in named.compactMap(\.stringValue)
      where try FileInfo.of(registry.path("models/\(pipeline)/\(version).json")) == nil {
        found.append("registry/\(path) names model \(version), which has no file in registry/models/\(pipeline)/")
      }
    }
    return found
  }

  private func checkDataset(_ path: String, registry: Registry, store: ContentStore, audited: Set<String>)
    throws -> [String]
  {
    let (read, found) = try readCanonical(path, registry: registry)
    guard let manifest = read else { return found }
    var problems = found
    let name = Path.name(of: path)
    guard let sha = manifest["sha256"]?.stringValue, name == sha + ".json" else {
      return problems + ["registry/\(path) does not name its own SHA-256 in its sha256 field"]
    }
    let pipeline = Path.name(of: Path.parent(of: path))
    if manifest["pipeline"]?.stringValue != pipeline {
      problems.append("registry/\(path) says pipeline \(manifest["pipeline"]?.stringValue ?? "none") but is filed under \(pipeline)")
    }
    if !store.contains(sha) {
      problems.append("registry/\(path) refers to artifact \(sha), which is missing from artifacts/")
    }
    if let graph = manifest["graph"]?["sha256"]?.stringValue, !store.contains(graph) {
      problems.append("registry/\(path) refers to graph artifact \(graph), which is missing from artifacts/")
    }
    if !audited.contains(sha) {
      problems.append("registry/\(path) has no record in the audit log")
    }
    return problems
  }

  private func relative(_ path: String) -> String {
    path.hasPrefix(workspace.root + "/") ? String(path.dropFirst(workspace.root.count + 1)) : path
  }
}
