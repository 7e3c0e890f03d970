/// A model version `MAJOR.MINOR.PATCH`.
///
/// Major when the feature schema changes, minor for a retrain on new data, patch for the same
/// data with other parameters (``ModelRegistry/nextVersion(after:schema:datasets:)``).
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var major: Int
  public var minor: Int
  public var patch: Int

  public init(_ major: Int, _ minor: Int, _ patch: Int) {
    self.major = major
    self.minor = minor
    self.patch = patch
  }

  /// Parses `1.2.3`; nil for anything else.
  public init?(_ text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3, let major = Int(parts[0]), let minor = Int(parts[1]), let patch = Int(parts[2]),
      major >= 0, minor >= 0, patch >= 0, parts.allSatisfy({ $0 == "0" || !$0.hasPrefix("0") })
    else { return nil }
    self.init(major, minor, patch)
  }

  public var description: String { "\(major).\(minor).\(patch)" }

  public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
    (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
  }

  /// The next major version (`x+1.0.0`).
  public var nextMajor: SemanticVersion { SemanticVersion(major + 1, 0, 0) }
  /// The next minor version (`x.y+1.0`).
  public var nextMinor: SemanticVersion { SemanticVersion(major, minor + 1, 0) }
  /// The next patch version (`x.y.z+1`).
  public var nextPatch: SemanticVersion { SemanticVersion(major, minor, patch + 1) }
}
