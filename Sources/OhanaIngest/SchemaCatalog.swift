import OhanaJSON
import OhanaStore
import OhanaTabular

/// The schema versions of a tabular pipeline, kept as `registry/schemas/<pipeline>/<version>.json`.
///
/// The first dataset's inferred schema is version 1.0; a compatible change (a new optional
/// column, new categories) adds a minor version, an incompatible one a major version when the
/// configuration allows it.
public struct SchemaCatalog: Sendable {
  public let registry: Registry
  public let pipeline: String

  public init(registry: Registry, pipeline: String) {
    self.registry = registry
    self.pipeline = pipeline
  }

  /// The registry-relative path of a version's file.
  public func relativePath(_ version: String) -> String { "schemas/\(pipeline)/\(version).json" }

  /// Every version, oldest first.
  public func versions() throws -> [TableSchema] {
    try registry.manifests(under: "schemas/\(pipeline)").compactMap { path in
      try registry.manifest(path).map { json throws in try TableSchema(json: json) }
    }.sorted { Self.order($0.version).lexicographicallyPrecedes(Self.order($1.version)) }
  }

  /// The newest version, which new datasets are checked against.
  public func current() throws -> TableSchema? { try versions().last }

  /// The version called `version`.
  public func schema(_ version: String) throws -> TableSchema? {
    try registry.manifest(relativePath(version)).map { json throws in try TableSchema(json: json) }
  }

  /// Major and minor of a `major.minor` version, for ordering (unparsable sorts first).
  public static func order(_ version: String) -> [Int] {
    version.split(separator: ".").map { Int($0) ?? -1 }
  }

  /// The version after `version`: `1.2` → `1.3` (minor) or `2.0` (major).
  public static func next(after version: String, major: Bool) -> String {
    let parts = order(version)
    let (majorPart, minorPart) = (max(parts.first ?? 1, 1), parts.count > 1 ? max(parts[1], 0) : 0)
    return major ? "\(majorPart + 1).0" : "\(majorPart).\(minorPart + 1)"
  }
}
