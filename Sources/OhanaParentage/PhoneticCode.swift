import Foundation

/// Phonetic keys for surnames, used to block candidate families and as a feature.
///
/// Two keys are computed so that common spelling variants meet in at least one block:
/// - ``soundex(_:)``: the classic American Soundex (first letter and three digits);
/// - ``skeleton(_:)``: a consonant skeleton that also merges `ph`/`v` with `f`, `c`/`q` with `k`,
///   `z` with `s` and drops the silent `p` of `mps`/`mpt` (Thompson ≈ Thomson), which Soundex
///   keeps apart.
public enum PhoneticCode {
  /// The lowercase ASCII letters of `text`: diacritics folded (Ó → o), everything else dropped.
  public static func letters(_ text: String) -> [UInt8] {
    let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    var out: [UInt8] = []
    out.reserveCapacity(folded.utf8.count)
    for byte in folded.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"): out.append(byte)
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(byte | 0x20)
      default: continue
      }
    }
    return out
  }

  /// The Soundex code of `letters` (e.g. "smith" → "S530"), or "" for no letters.
  public static func soundex(_ letters: [UInt8]) -> String {
    guard let first = letters.first else { return "" }
    var code: [UInt8] = [first - 32]
    var previous = soundexDigit(first)
    for letter in letters.dropFirst() {
      let digit = soundexDigit(letter)
      if letter == UInt8(ascii: "h") || letter == UInt8(ascii: "w") { continue }
      if digit == 0 {
        previous = 0
        continue
      }
      if digit != previous { code.append(UInt8(ascii: "0") + digit) }
      previous = digit
      if code.count == 4 { break }
    }
    while code.count < 4 { code.append(UInt8(ascii: "0")) }
    return String(decoding: code, as: UTF8.self)
  }

  /// The consonant skeleton of `letters` (e.g. "thompson" → "TMSN"), at most six letters.
  public static func skeleton(_ letters: [UInt8]) -> String {
    guard !letters.isEmpty else { return "" }
    var mapped: [UInt8] = []
    mapped.reserveCapacity(letters.count)
    var index = 0
    while index < letters.count {
      var letter = letters[index]
      let next = index + 1 < letters.count ? letters[index + 1] : 0
      if letter == UInt8(ascii: "p"), next == UInt8(ascii: "h") {
        letter = UInt8(ascii: "f")
        index += 1
      } else if letter == UInt8(ascii: "p"), index > 0, letters[index - 1] == UInt8(ascii: "m"),
        next == UInt8(ascii: "s") || next == UInt8(ascii: "t")
      {
        index += 1
        continue
      }
      switch letter {
      case UInt8(ascii: "v"): letter = UInt8(ascii: "f")
      case UInt8(ascii: "c"), UInt8(ascii: "q"): letter = UInt8(ascii: "k")
      case UInt8(ascii: "z"): letter = UInt8(ascii: "s")
      default: break
      }
      let isFirst = mapped.isEmpty
      let silent = [UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"),
        UInt8(ascii: "u"), UInt8(ascii: "y"), UInt8(ascii: "h"), UInt8(ascii: "w")].contains(letter)
      if isFirst || (!silent && mapped.last != letter) { mapped.append(letter) }
      index += 1
    }
    return String(decoding: mapped.prefix(6).map { $0 - 32 }, as: UTF8.self)
  }

  private static func soundexDigit(_ letter: UInt8) -> UInt8 {
    switch letter {
    case UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "p"), UInt8(ascii: "v"): 1
    case UInt8(ascii: "c"), UInt8(ascii: "g"), UInt8(ascii: "j"), UInt8(ascii: "k"), UInt8(ascii: "q"),
      UInt8(ascii: "s"), UInt8(ascii: "x"), UInt8(ascii: "z"):
      2
    case UInt8(ascii: "d"), UInt8(ascii: "t"): 3
    case UInt8(ascii: "l"): 4
    case UInt8(ascii: "m"), UInt8(ascii: "n"): 5
    case UInt8(ascii: "r"): 6
    default: 0
    }
  }
}
