/// An artifact in the content-addressed store.
public struct StoredArtifact: Sendable, Equatable {
  /// Lowercase hex SHA-256 of the content.
  public let sha256: String
  /// Size in bytes.
  public let size: Int64
  /// `true` when the same content was already stored before this call.
  public let wasAlreadyStored: Bool

  public init(sha256: String, size: Int64, wasAlreadyStored: Bool) {
    self.sha256 = sha256
    self.size = size
    self.wasAlreadyStored = wasAlreadyStored
  }
}
