/// A single-byte code page as a precomputed table from each byte to its UTF-8 bytes.
///
/// Each entry packs up to three UTF-8 bytes (first byte lowest) with the length in the top byte, so
/// decoding is one table load per input byte and no branching on the character.
struct SingleByteCodePage: Sendable {
  /// The packed UTF-8 form of each of the 256 bytes.
  let entries: [UInt32]

  /// A code page whose bytes 0x00-0x7F are ASCII and whose bytes 0x80-0xFF are `upperHalf`.
  init(upperHalf: [UInt32]) {
    precondition(upperHalf.count == 128, "a code page's upper half has 128 entries")
    precondition(upperHalf.allSatisfy { (0x80...0xFFFF).contains($0) }, "upper half is U+0080-U+FFFF")
    var entries = [UInt32](repeating: 0, count: 256)
    for byte in 0..<128 { entries[byte] = Self.pack(UInt32(byte)) }
    for (offset, scalar) in upperHalf.enumerated() { entries[128 + offset] = Self.pack(scalar) }
    self.entries = entries
  }

  /// The packed entry of U+FFFD, the mark of a byte the code page does not define.
  static let replacementEntry: UInt32 = pack(0xFFFD)

  /// Windows-1252, also what "ANSI" and "IBM WINDOWS" mean in practice.
  static let windows1252 = SingleByteCodePage(upperHalf: CodePageTables.windows1252)
  /// IBM PC code page 437.
  static let cp437 = SingleByteCodePage(upperHalf: CodePageTables.cp437)
  /// IBM PC code page 850.
  static let cp850 = SingleByteCodePage(upperHalf: CodePageTables.cp850)
  /// Mac OS Roman.
  static let macRoman = SingleByteCodePage(upperHalf: CodePageTables.macRoman)
  /// ISO 8859-1, where every byte is the code point of the same value.
  static let latin1 = SingleByteCodePage(upperHalf: (128..<256).map { UInt32($0) })

  /// Packs a Unicode scalar value (at most U+FFFF) into an entry.
  static func pack(_ scalar: UInt32) -> UInt32 {
    switch scalar {
    case 0..<0x80:
      return 1 << 24 | scalar
    case 0x80..<0x800:
      let first = 0xC0 | scalar >> 6
      let second = 0x80 | scalar & 0x3F
      return 2 << 24 | second << 8 | first
    default:
      let first = 0xE0 | scalar >> 12
      let second = 0x80 | scalar >> 6 & 0x3F
      let third = 0x80 | scalar & 0x3F
      return 3 << 24 | third << 16 | second << 8 | first
    }
  }

  /// Transcodes `bytes` to UTF-8; bytes the code page leaves undefined become U+FFFD and are counted.
  func decode(_ bytes: UnsafeRawBufferPointer) -> (utf8: [UInt8], replaced: Int) {
    if TextDecoder.isASCII(bytes) { return (Array(bytes), 0) }
    return entries.withUnsafeBufferPointer { table in
      // First pass: the exact output size, so the output is allocated once.
      var size = 0
      var replaced = 0
      let replacement = Self.replacementEntry
      for byte in bytes {
        let entry = table[Int(byte)]
        size &+= Int(entry >> 24)
        if entry == replacement { replaced &+= 1 }
      }
      let utf8 = [UInt8](unsafeUninitializedCapacity: size) { output, initialized in
        var at = 0
        for byte in bytes {
          if byte < 0x80 {
            output[at] = byte
            at &+= 1
            continue
          }
          let entry = table[Int(byte)]
          output[at] = UInt8(truncatingIfNeeded: entry)
          output[at &+ 1] = UInt8(truncatingIfNeeded: entry >> 8)
          if entry >> 24 == 3 { output[at &+ 2] = UInt8(truncatingIfNeeded: entry >> 16) }
          at &+= Int(entry >> 24)
        }
        initialized = at
      }
      return (utf8, replaced)
    }
  }
}
