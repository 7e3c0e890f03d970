/// Byte-level encoding work: byte-order marks, UTF-8 validation and transcoding to UTF-8.
///
/// The parser works on UTF-8 bytes, so a file in any ``TextEncoding`` is transcoded once, up front.
/// Everything here is written for 100 MB inputs: ASCII is checked eight bytes at a time and
/// single-byte code pages go through precomputed tables into an output allocated once.
public enum TextDecoder {
  /// The encoding and length of a byte-order mark at the start, if any.
  ///
  /// UTF-8 `EF BB BF`, UTF-16 little-endian `FF FE`, UTF-16 big-endian `FE FF`.
  public static func byteOrderMark(
    _ bytes: UnsafeRawBufferPointer
  ) -> (encoding: TextEncoding, length: Int)? {
    let count = bytes.count
    if count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { return (.utf8, 3) }
    if count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE { return (.utf16LE, 2) }
    if count >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF { return (.utf16BE, 2) }
    return nil
  }

  /// UTF-16 without a byte-order mark, guessed from the first two bytes, else `nil`.
  ///
  /// A GEDCOM file starts with `0` (`30 00` little-endian, `00 30` big-endian); more generally an
  /// ASCII character next to a zero byte gives the byte order away.
  public static func unmarkedUTF16(_ bytes: UnsafeRawBufferPointer) -> TextEncoding? {
    guard bytes.count >= 2 else { return nil }
    let first = bytes[0]
    let second = bytes[1]
    if first != 0 && first < 0x80 && second == 0 { return .utf16LE }
    if first == 0 && second != 0 && second < 0x80 { return .utf16BE }
    return nil
  }

  /// Whether every byte is below 0x80.
  public static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let count = bytes.count
    var index = 0
    let highBits: UInt64 = 0x8080_8080_8080_8080
    while index &+ 32 <= count {
      let a = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      let b = base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
      let c = base.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self)
      let d = base.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self)
      if (a | b | c | d) & highBits != 0 { return false }
      index &+= 32
    }
    while index &+ 8 <= count {
      if base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & highBits != 0 { return false }
      index &+= 8
    }
    while index < count {
      if base.load(fromByteOffset: index, as: UInt8.self) >= 0x80 { return false }
      index &+= 1
    }
    return true
  }

  /// Whether the bytes are well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
  ///
  /// ASCII runs are skipped eight (and thirty-two) bytes at a time.
  public static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let count = bytes.count
    var index = 0
    while index < count {
      index = skipASCII(base, from: index, count: count)
      guard index < count else { return true }
      let length = sequenceLength(base, at: index, count: count)
      if length <= 0 { return false }
      index &+= length
    }
    return true
  }

  /// Transcodes `bytes` from `encoding` to UTF-8.
  ///
  /// Bytes that cannot be decoded become U+FFFD and are counted in `replaced`. A byte-order mark is
  /// not stripped (callers strip it). UTF-8 input is validated and each maximal ill-formed
  /// subsequence replaced; ASCII input has each byte of 0x80 or more replaced. ANSEL output is NFC.
  public static func toUTF8(
    _ bytes: UnsafeRawBufferPointer, from encoding: TextEncoding
  ) -> (utf8: [UInt8], replaced: Int) {
    switch encoding {
    case .utf8: return repairUTF8(bytes)
    case .ascii: return asciiToUTF8(bytes)
    case .utf16LE: return utf16ToUTF8(bytes, bigEndian: false)
    case .utf16BE: return utf16ToUTF8(bytes, bigEndian: true)
    case .ansel: return ANSELDecoder.decode(bytes)
    case .windows1252: return SingleByteCodePage.windows1252.decode(bytes)
    case .cp437: return SingleByteCodePage.cp437.decode(bytes)
    case .cp850: return SingleByteCodePage.cp850.decode(bytes)
    case .macRoman: return SingleByteCodePage.macRoman.decode(bytes)
    case .latin1: return SingleByteCodePage.latin1.decode(bytes)
    }
  }

  // MARK: - UTF-8

  /// The UTF-8 bytes of U+FFFD.
  static let replacementUTF8: [UInt8] = [0xEF, 0xBF, 0xBD]

  /// The index of the first byte at or after `index` that is 0x80 or more (or `count`).
  @inline(__always)
  static func skipASCII(_ base: UnsafeRawPointer, from index: Int, count: Int) -> Int {
    let highBits: UInt64 = 0x8080_8080_8080_8080
    var index = index
    while index &+ 32 <= count {
      let a = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      let b = base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
      let c = base.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self)
      let d = base.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self)
      if (a | b | c | d) & highBits != 0 { break }
      index &+= 32
    }
    while index &+ 8 <= count {
      if base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & highBits != 0 { break }
      index &+= 8
    }
    while index < count && base.load(fromByteOffset: index, as: UInt8.self) < 0x80 { index &+= 1 }
    return index
  }

  /// The length of the well-formed UTF-8 sequence at `index` (1-4), or, when it is ill-formed, minus
  /// the length of its maximal subpart (the bytes to replace with one U+FFFD; at least 1).
  ///
  /// Follows table 3-7 of the Unicode Standard ("Well-Formed UTF-8 Byte Sequences").
  @inline(__always)
  static func sequenceLength(_ base: UnsafeRawPointer, at index: Int, count: Int) -> Int {
    let lead = base.load(fromByteOffset: index, as: UInt8.self)
    if lead < 0x80 { return 1 }
    let length: Int
    var low: UInt8 = 0x80  // the range of the second byte
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: length = 3; low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: length = 3; high = 0x9F
    case 0xF0: length = 4; low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4: length = 4; high = 0x8F
    default: return -1
    }
    var offset = 1
    while offset < length {
      let at = index &+ offset
      guard at < count else { return -offset }
      let byte = base.load(fromByteOffset: at, as: UInt8.self)
      if offset == 1 {
        if byte < low || byte > high { return -1 }
      } else if byte & 0xC0 != 0x80 {
        return -offset
      }
      offset &+= 1
    }
    return length
  }

  /// UTF-8 with each maximal ill-formed subsequence replaced by U+FFFD.
  static func repairUTF8(_ bytes: UnsafeRawBufferPointer) -> (utf8: [UInt8], replaced: Int) {
    guard let base = bytes.baseAddress else { return ([], 0) }
    if isValidUTF8(bytes) { return (Array(bytes), 0) }
    let count = bytes.count
    var output: [UInt8] = []
    output.reserveCapacity(count + count / 8 + 16)
    var replaced = 0
    var index = 0
    var runStart = 0  // the start of the well-formed bytes not yet copied
    while index < count {
      index = skipASCII(base, from: index, count: count)
      guard index < count else { break }
      let length = sequenceLength(base, at: index, count: count)
      if length > 0 {
        index &+= length
        continue
      }
      output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
      output.append(contentsOf: replacementUTF8)
      replaced += 1
      index &+= -length
      runStart = index
    }
    output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<count]))
    return (output, replaced)
  }

  /// ASCII with every byte of 0x80 or more replaced by U+FFFD.
  static func asciiToUTF8(_ bytes: UnsafeRawBufferPointer) -> (utf8: [UInt8], replaced: Int) {
    if isASCII(bytes) { return (Array(bytes), 0) }
    var replaced = 0
    for byte in bytes where byte >= 0x80 { replaced += 1 }
    let size = bytes.count + 2 * replaced
    let output = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      var at = 0
      for byte in bytes {
        if byte < 0x80 {
          buffer[at] = byte
          at &+= 1
        } else {
          buffer[at] = 0xEF
          buffer[at &+ 1] = 0xBF
          buffer[at &+ 2] = 0xBD
          at &+= 3
        }
      }
      initialized = at
    }
    return (output, replaced)
  }

  /// Appends the UTF-8 form of a Unicode scalar value.
  @inline(__always)
  static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
      output.append(UInt8(truncatingIfNeeded: scalar))
    case 0x80..<0x800:
      output.append(UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6))
      output.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
      output.append(UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12))
      output.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
      output.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
    default:
      output.append(UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18))
      output.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 12 & 0x3F))
      output.append(UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F))
      output.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
    }
  }

  // MARK: - UTF-16

  /// UTF-16 to UTF-8; unpaired surrogates and a final odd byte become U+FFFD.
  static func utf16ToUTF8(
    _ bytes: UnsafeRawBufferPointer, bigEndian: Bool
  ) -> (utf8: [UInt8], replaced: Int) {
    guard let base = bytes.baseAddress else { return ([], 0) }
    let units = bytes.count / 2
    let hasOddByte = bytes.count % 2 == 1
    @inline(__always) func unit(_ index: Int) -> UInt16 {
      let raw = base.loadUnaligned(fromByteOffset: index &* 2, as: UInt16.self)
      return bigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw)
    }
    // First pass: the exact output size, so the output is allocated once and not oversized.
    var size = hasOddByte ? 3 : 0
    var scan = 0
    while scan < units {
      let value = unit(scan)
      scan &+= 1
      switch value {
      case 0..<0x80: size &+= 1
      case 0x80..<0x800: size &+= 2
      case 0xD800..<0xDC00 where scan < units && (0xDC00..<0xE000).contains(unit(scan)):
        scan &+= 1
        size &+= 4
      default: size &+= 3  // the rest of the BMP, and an unpaired surrogate's U+FFFD
      }
    }
    var replaced = 0
    let output = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      @inline(__always) func put(_ byte: UInt32, _ at: inout Int) {
        buffer[at] = UInt8(truncatingIfNeeded: byte)
        at &+= 1
      }
      @inline(__always) func putReplacement(_ at: inout Int) {
        put(0xEF, &at)
        put(0xBF, &at)
        put(0xBD, &at)
      }
      var at = 0
      var index = 0
      while index < units {
        let value = UInt32(unit(index))
        index &+= 1
        switch value {
        case 0..<0x80:
          put(value, &at)
        case 0x80..<0x800:
          put(0xC0 | value >> 6, &at)
          put(0x80 | value & 0x3F, &at)
        case 0xD800..<0xDC00:
          let next = index < units ? UInt32(unit(index)) : 0
          guard (0xDC00..<0xE000).contains(next) else {
            putReplacement(&at)
            replaced += 1
            continue
          }
          index &+= 1
          let scalar = 0x10000 + ((value - 0xD800) << 10 | (next - 0xDC00))
          put(0xF0 | scalar >> 18, &at)
          put(0x80 | scalar >> 12 & 0x3F, &at)
          put(0x80 | scalar >> 6 & 0x3F, &at)
          put(0x80 | scalar & 0x3F, &at)
        case 0xDC00..<0xE000:
          putReplacement(&at)
          replaced += 1
        default:
          put(0xE0 | value >> 12, &at)
          put(0x80 | value >> 6 & 0x3F, &at)
          put(0x80 | value & 0x3F, &at)
        }
      }
      if hasOddByte {
        putReplacement(&at)
        replaced += 1
      }
      initialized = at
    }
    return (output, replaced)
  }
}
