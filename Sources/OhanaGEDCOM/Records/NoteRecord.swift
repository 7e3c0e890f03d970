/// A shared note: a `NOTE` record of GEDCOM 5.x or an `SNOTE` record of 7.0.
public struct NoteRecord: Sendable, Equatable {
  public var xref: String
  public var line: Int
  /// The text, continuation lines joined.
  public var text: String
}
