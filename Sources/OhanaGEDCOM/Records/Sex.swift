import Foundation

/// A person's sex as recorded (`SEX`), read leniently: `M`, `male`, `Mann` … are male.
public enum Sex: String, Sendable, Equatable, CaseIterable {
  case male = "M"
  case female = "F"
  /// GEDCOM 7's `X`: does not fit the categories male or female.
  case other = "X"
  case unknown = "U"

  /// Reads a `SEX` value (its first line: some exporters run other lines into it); nil when it
  /// means nothing recognizable (it is then `unknown` with a diagnostic).
  public init?(recorded value: String) {
    let firstLine = value.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    let word = firstLine.trimmingCharacters(in: .whitespaces).lowercased()
    switch word {
    case "m", "male", "man", "boy", "männlich", "mann", "masculin", "homme", "h": self = .male
    case "f", "female", "woman", "girl", "w", "weiblich", "frau", "féminin", "femme": self = .female
    case "x", "intersex", "other": self = .other
    case "u", "", "unknown", "?", "n", "none": self = .unknown
    default: return nil
    }
  }
}
