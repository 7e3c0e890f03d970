import Foundation

/// A personal name (`NAME`), split into its parts.
public struct PersonName: Sendable, Equatable {
  /// The name as written, without the slashes around the surname, spaces collapsed.
  public var full: String
  /// Given names: `GIVN` if present, else the text before the surname.
  public var given: String
  /// The surname: `SURN` if present, else the text between the slashes.
  public var surname: String
  /// `TYPE` (birth, married, aka …), if given.
  public var type: String?

  public init(full: String, given: String, surname: String, type: String? = nil) {
    self.full = full
    self.given = given
    self.surname = surname
    self.type = type
  }

  /// Splits a `NAME` value: `John Paul /Smith/ Jr.` → given `John Paul`, surname `Smith`.
  public init(value: String, givenPart: String? = nil, surnamePart: String? = nil, type: String? = nil) {
    let pieces = value.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
    let before = pieces.first.map(String.init) ?? ""
    let between = pieces.count > 1 ? String(pieces[1]) : ""
    let after = pieces.count > 2 ? String(pieces[2]) : ""
    full = Self.collapse([before, between, after].joined(separator: " "))
    given = Self.collapse(givenPart ?? before)
    surname = Self.collapse(surnamePart ?? between)
    self.type = type
  }

  /// Trims and collapses runs of white space to one space.
  static func collapse(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
  }
}
