/// A word folded to upper case and packed into integers, so keywords are recognized
/// without building strings. Holds up to 16 bytes; longer words only keep their length,
/// which no keyword matches.
struct WordKey: Hashable, Sendable {
  static let capacity = 16

  private(set) var low: UInt64 = 0
  private(set) var high: UInt64 = 0
  private(set) var count = 0

  init() {}

  /// The key of an ASCII keyword.
  init(_ keyword: StaticString) {
    keyword.withUTF8Buffer { bytes in
      for byte in bytes { append(byte) }
    }
  }

  /// Appends one byte, folding ASCII lower case to upper case.
  mutating func append(_ byte: UInt8) {
    let folded = (byte >= 0x61 && byte <= 0x7A) ? byte - 0x20 : byte
    if count < 8 {
      low |= UInt64(folded) << (8 * UInt64(count))
    } else if count < Self.capacity {
      high |= UInt64(folded) << (8 * UInt64(count - 8))
    }
    count += 1
  }
}
