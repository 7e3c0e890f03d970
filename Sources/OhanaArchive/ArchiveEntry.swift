/// One regular-file member of an archive, as announced by its header.
public struct ArchiveEntry: Sendable, Equatable {
  /// The member's path inside the archive, exactly as stored (relative, `/`-separated).
  ///
  /// Bytes that are not valid UTF-8 (names written in a legacy code page) appear as U+FFFD.
  public let name: String
  /// The size the header declares, when it declares one. The data read must match it.
  public let declaredSize: Int64?

  /// Creates an entry description.
  public init(name: String, declaredSize: Int64?) {
    self.name = name
    self.declaredSize = declaredSize
  }
}
