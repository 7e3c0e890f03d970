import Foundation

/// Recognizes missing-value tokens on raw cell bytes with a few comparisons: most cells are
/// rejected by their first byte or their length alone.
struct MissingTokens {
  /// Whether the empty cell is missing.
  private let emptyIsMissing: Bool
  /// Bit `b % 64` set when some token starts with a byte congruent to `b` (a quick filter).
  private let firstBytes: UInt64
  /// Bit `n` set when some token has `n` bytes (tokens longer than 63 bytes set bit 63).
  private let lengths: UInt64
  /// Tokens of 1…8 bytes, packed little-endian, with their lengths.
  private var short: [(key: UInt64, length: Int)]
  /// Longer tokens.
  private var long: [[UInt8]]
  /// Whether some token reads as a number, boolean or date (like `-999`), so cells must be
  /// checked for tokens before they are parsed, not only when they fail to parse.
  let shadowsValues: Bool

  init(_ tokens: Set<String>) {
    var firstBytes: UInt64 = 0
    var lengths: UInt64 = 0
    var short: [(key: UInt64, length: Int)] = []
    var long: [[UInt8]] = []
    // Sorted so the matcher is the same for the same set.
    for token in tokens.sorted() where !token.isEmpty {
      let bytes = Array(token.utf8)
      firstBytes |= 1 << UInt64(bytes[0] & 63)
      lengths |= 1 << UInt64(min(bytes.count, 63))
      if bytes.count <= 8 {
        short.append((bytes.withUnsafeBufferPointer { Self.pack($0.baseAddress!, bytes.count) }, bytes.count))
      } else {
        long.append(bytes)
      }
    }
    emptyIsMissing = tokens.contains("")
    shadowsValues = tokens.contains { token in
      let bytes = Array(token.utf8)
      return bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return false }
        return CellParsing.type(of: base, buffer.count) != .categorical
      }
    }
    self.firstBytes = firstBytes
    self.lengths = lengths
    self.short = short
    self.long = long
  }

  /// The same matcher with storage of its own, so threads reading their copies never touch a
  /// shared reference count.
  func privateCopy() -> MissingTokens {
    var copy = self
    copy.short = short.map { $0 }
    copy.long = long.map { $0.map { $0 } }
    return copy
  }

  /// Whether the (trimmed) cell `text[0..<count]` is a missing-value token.
  @inline(__always)
  func contains(_ text: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    if count == 0 { return emptyIsMissing }
    guard firstBytes & (1 << UInt64(text[0] & 63)) != 0, lengths & (1 << UInt64(min(count, 63))) != 0 else {
      return false
    }
    if count <= 8 {
      let key = Self.pack(text, count)
      for token in short where token.length == count && token.key == key { return true }
      return false
    }
    for token in long where token.count == count {
      if token.withUnsafeBufferPointer({ memcmp($0.baseAddress!, text, count) == 0 }) { return true }
    }
    return false
  }

  /// Up to 8 bytes as one integer.
  @inline(__always)
  private static func pack(_ text: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
    var key: UInt64 = 0
    for index in 0..<count { key |= UInt64(text[index]) << UInt64(8 * index) }
    return key
  }
}
