/// A `SOUR` record: where information came from.
public struct SourceRecord: Sendable, Equatable {
  public var xref: String
  public var line: Int
  /// `TITL`.
  public var title: String?
  /// `AUTH`.
  public var author: String?
  /// `PUBL`.
  public var publication: String?
}
