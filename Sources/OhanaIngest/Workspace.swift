import OhanaConfig
import OhanaFiles
import OhanaStore

/// The folders of an Ohana tree and the objects that write into them.
///
/// `inbox/` takes new files, `outbox/` holds what Ohana gives back, `artifacts/` the
/// content-addressed store, `registry/` the manifests people commit. Ohana's own working state
/// (claims, locks) lives in `inbox/.ohana/`, on the same file system as the inbox so that a
/// claim is one atomic rename, and hidden so that no scan ever takes it for input.
public struct Workspace: Sendable {
  public let root: String

  public init(root: String) { self.root = root }

  public var inbox: String { Path.join(root, "inbox") }
  public var outbox: String { Path.join(root, "outbox") }
  public var artifacts: String { Path.join(root, "artifacts") }
  public var registryRoot: String { Path.join(root, "registry") }
  public var configPath: String { Path.join(root, "ohana.yaml") }
  /// Ohana's private state inside the inbox.
  public var stateFolder: String { Path.join(inbox, ".ohana") }
  public var claimsFolder: String { Path.join(stateFolder, "claims") }

  public var store: ContentStore { ContentStore(root: artifacts) }
  public var registry: Registry {
    Registry(root: registryRoot, lockPath: Path.join(stateFolder, "locks", "registry.lock"))
  }

  /// Creates the four folders and a default `ohana.yaml` where they are missing. Idempotent.
  /// Returns what it created, as paths relative to the root.
  @discardableResult
  public func initialize() throws -> [String] {
    var created: [String] = []
    for folder in ["inbox", "outbox", "artifacts", "registry"] {
      let path = Path.join(root, folder)
      if try FileInfo.of(path) == nil { created.append(folder + "/") }
      try Directory.create(path)
    }
    try Directory.create(claimsFolder)
    if try FileInfo.of(configPath) == nil {
      try DurableFile.write(OhanaConfiguration.defaultText, to: configPath)
      created.append("ohana.yaml")
    }
    // A folder per pipeline (and a table pipeline's predict/ and feedback/), so that `cp` or
    // `rsync` into them just works.
    for pipeline in try loadConfiguration().pipelines {
      var folders = [pipeline.name]
      if pipeline.kind == .tabular { folders += PipelineConfig.reservedSubfolders.sorted().map { pipeline.name + "/" + $0 } }
      for folder in folders {
        let path = Path.join(inbox, folder)
        if try FileInfo.of(path) == nil { created.append("inbox/\(folder)/") }
        try Directory.create(path)
      }
    }
    return created
  }

  /// Reads and checks `ohana.yaml`.
  public func loadConfiguration() throws -> OhanaConfiguration {
    guard try FileInfo.of(configPath) != nil else {
      throw WorkspaceError.missingConfiguration(configPath)
    }
    return try OhanaConfiguration.parse(DurableFile.readText(configPath))
  }

  /// The outbox folder of `pipeline`, or the shared one when no pipeline applies.
  public func outboxFolder(pipeline: String?, _ child: String) -> String {
    pipeline.map { Path.join(outbox, $0, child) } ?? Path.join(outbox, child)
  }
}

/// Why a workspace cannot be used.
public enum WorkspaceError: Error, CustomStringConvertible, Sendable {
  case missingConfiguration(String)

  public var description: String {
    switch self {
    case .missingConfiguration(let path): return "\(path) not found: run `ohana init` first"
    }
  }
}
