import Foundation

/// Word tokens of names and places, for overlap features.
enum TextTokens {
  /// Words that say nothing about where a place is.
  private static let placeStopWords: Set<[UInt8]> = Set(
    ["of", "the", "near", "nr", "co", "county", "parish", "par", "st", "de", "la", "le", "and"].map {
      Array($0.utf8)
    })

  /// The folded lowercase words of `text` (split at anything that is not a letter or digit).
  static func words(_ text: String, dropPlaceStopWords: Bool = false) -> [[UInt8]] {
    let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    var words: [[UInt8]] = []
    var current: [UInt8] = []
    func flush() {
      if current.count >= 2, !(dropPlaceStopWords && placeStopWords.contains(current)) { words.append(current) }
      current.removeAll(keepingCapacity: true)
    }
    for byte in folded.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte | 0x20)
      case 0x80...0xFF: current.append(byte)
      default: flush()
      }
    }
    flush()
    return words
  }

  /// Jaccard overlap of two sorted, duplicate-free token-id lists.
  static func jaccard(_ first: UnsafeBufferPointer<Int32>, _ second: UnsafeBufferPointer<Int32>) -> Double {
    if first.isEmpty || second.isEmpty { return 0 }
    var i = 0
    var j = 0
    var shared = 0
    while i < first.count, j < second.count {
      if first[i] == second[j] {
        shared += 1
        i += 1
        j += 1
      } else if first[i] < second[j] {
        i += 1
      } else {
        j += 1
      }
    }
    return Double(shared) / Double(first.count + second.count - shared)
  }
}
