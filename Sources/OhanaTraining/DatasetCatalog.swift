import OhanaGEDCOM
import OhanaJSON
import OhanaStore
import OhanaTabular

/// The datasets a pipeline has accepted, read from their manifests in `registry/datasets/`.
public struct DatasetCatalog: Sendable {
  /// One accepted dataset.
  public struct Entry: Sendable, Equatable {
    public var sha256: String
    /// The first name it arrived under, for output file names.
    public var name: String
    /// The family-graph artifact of a GEDCOM dataset.
    public var graphSHA256: String?
    /// The columnar table artifact of a CSV dataset.
    public var tableSHA256: String? = nil
    /// The schema version a CSV dataset was accepted under.
    public var schemaVersion: String? = nil
    /// Data rows of a CSV dataset.
    public var rows: Int = 0
  }

  public let entries: [Entry]

  /// Reads every manifest of `pipeline`, in SHA-256 order.
  public init(registry: Registry, pipeline: String) throws {
    entries = try registry.manifests(under: "datasets/\(pipeline)").compactMap { path in
      guard let manifest = try registry.manifest(path), let sha = manifest["sha256"]?.stringValue else { return nil }
      let source = manifest["sources"]?[0]?.stringValue ?? sha
      return Entry(
        sha256: sha, name: source, graphSHA256: manifest["graph"]?["sha256"]?.stringValue,
        tableSHA256: manifest["table"]?["sha256"]?.stringValue,
        schemaVersion: manifest["table_schema"]?["version"]?.stringValue,
        rows: Int(manifest["counts"]?["rows"]?.intValue ?? 0))
    }.sorted { $0.sha256 < $1.sha256 }
  }

  /// The columnar table of a CSV dataset, from the store.
  public static func table(of entry: Entry, store: ContentStore) throws -> CSVTable {
    guard let sha = entry.tableSHA256 else { throw TrainingError.noTable(dataset: entry.sha256) }
    return try CSVTable(decoding: store.read(sha))
  }

  /// The family graph of a dataset, from the graph cache in the store.
  public static func graph(of entry: Entry, store: ContentStore) throws -> FamilyGraph {
    guard let sha = entry.graphSHA256 else { throw TrainingError.noGraph(dataset: entry.sha256) }
    return try FamilyGraph(decoding: store.read(sha))
  }
}
