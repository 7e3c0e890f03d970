import OhanaGEDCOM
import OhanaJSON
import OhanaStore

/// The datasets a pipeline has accepted, read from their manifests in `registry/datasets/`.
public struct DatasetCatalog: Sendable {
  /// One accepted dataset.
  public struct Entry: Sendable, Equatable {
    public var sha256: String
    /// The first name it arrived under, for output file names.
    public var name: String
    /// The family-graph artifact of a GEDCOM dataset.
    public var graphSHA256: String?
  }

  public let entries: [Entry]

  /// Reads every manifest of `pipeline`, in SHA-256 order.
  public init(registry: Registry, pipeline: String) throws {
    entries = try registry.manifests(under: "datasets/\(pipeline)").compactMap { path in
      guard let manifest = try registry.manifest(path), let sha = manifest["sha256"]?.stringValue else { return nil }
      let source = manifest["sources"]?[0]?.stringValue ?? sha
      return Entry(sha256: sha, name: source, graphSHA256: manifest["graph"]?["sha256"]?.stringValue)
    }.sorted { $0.sha256 < $1.sha256 }
  }

  /// The family graph of a dataset, from the graph cache in the store.
  public static func graph(of entry: Entry, store: ContentStore) throws -> FamilyGraph {
    guard let sha = entry.graphSHA256 else { throw TrainingError.noGraph(dataset: entry.sha256) }
    return try FamilyGraph(decoding: store.read(sha))
  }
}
