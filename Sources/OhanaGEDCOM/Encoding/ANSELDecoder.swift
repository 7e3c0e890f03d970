import Foundation

/// Decodes ANSEL (ANSI/NISO Z39.47, the MARC-8 Extended Latin set) with the GEDCOM 5.5 additions.
///
/// ANSEL writes a combining diacritic *before* the letter it sits on; Unicode writes it after. The
/// decoder holds the diacritics until their base character arrives, writes the base and then the
/// marks in the order they were written, and composes each line that had marks to NFC, so
/// `E2 65` becomes "é" (U+00E9) rather than "e" + U+0301.
///
/// The table follows the Library of Congress MARC-8 code table for Extended Latin (including the
/// 2004 additions ß at 0xC7 and € at 0xC8, which MARC 21 has and GEDCOM files occasionally use),
/// plus the GEDCOM 5.5 extensions: 0xBE □, 0xBF ■, 0xCD midline e (read as "e"), 0xCE midline o
/// (read as "o"), 0xCF ß and 0xFC combining slash (U+0338). The two-character ligature and double
/// tilde (0xEB/0xEC, 0xFA/0xFB) map to the half marks U+FE20-U+FE23, one after each of the two
/// letters, which keeps every mark on its own letter. Bytes no table defines become U+FFFD.
enum ANSELDecoder {
  /// The scalar of each byte 0x80-0xFF (0xFFFD where undefined).
  static let upperHalf: [UInt32] = [
    0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,  // 80
    0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0x200D, 0x200C, 0xFFFD,  // 88: 8D joiner, 8E non-joiner
    0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,  // 90
    0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,  // 98
    0xFFFD, 0x0141, 0x00D8, 0x0110, 0x00DE, 0x00C6, 0x0152, 0x02B9,  // A0: Ł Ø Đ Þ Æ Œ ʹ
    0x00B7, 0x266D, 0x00AE, 0x00B1, 0x01A0, 0x01AF, 0x02BC, 0xFFFD,  // A8: · ♭ ® ± Ơ Ư ʼ
    0x02BB, 0x0142, 0x00F8, 0x0111, 0x00FE, 0x00E6, 0x0153, 0x02BA,  // B0: ʻ ł ø đ þ æ œ ʺ
    0x0131, 0x00A3, 0x00F0, 0xFFFD, 0x01A1, 0x01B0, 0x25A1, 0x25A0,  // B8: ı £ ð ơ ư □ ■
    0x00B0, 0x2113, 0x2117, 0x00A9, 0x266F, 0x00BF, 0x00A1, 0x00DF,  // C0: ° ℓ ℗ © ♯ ¿ ¡ ß
    0x20AC, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0x0065, 0x006F, 0x00DF,  // C8: € e o ß
    0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,  // D0
    0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,  // D8
    // Combining diacritics: hook above, grave, acute, circumflex, tilde, macron, breve, dot above,
    0x0309, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x0306, 0x0307,  // E0
    // diaeresis, caron, ring above, ligature halves, comma above right, double acute, candrabindu,
    0x0308, 0x030C, 0x030A, 0xFE20, 0xFE21, 0x0315, 0x030B, 0x0310,  // E8
    // cedilla, ogonek, dot below, diaeresis below, ring below, double low line, low line, comma below,
    0x0327, 0x0328, 0x0323, 0x0324, 0x0325, 0x0333, 0x0332, 0x0326,  // F0
    // left half ring below, breve below, double tilde halves, slash (GEDCOM), -, comma above, -.
    0x031C, 0x032E, 0xFE22, 0xFE23, 0x0338, 0xFFFD, 0x0313, 0xFFFD,  // F8
  ]

  /// Whether `byte` is one of ANSEL's combining diacritics (0xE0-0xFE, less the undefined 0xFD).
  @inline(__always)
  static func isCombining(_ byte: UInt8) -> Bool { byte >= 0xE0 && byte != 0xFD && byte != 0xFF }

  /// The scalar value of an ANSEL byte (U+FFFD where undefined).
  @inline(__always)
  static func scalar(_ byte: UInt8) -> UInt32 {
    byte < 0x80 ? UInt32(byte) : upperHalf[Int(byte) - 0x80]
  }

  /// The precomposed form of ASCII character `c` under diacritic byte `0xE0 + d`, at `d * 128 + c`,
  /// or 0 where there is none ("é" for `E2 65`, 0 for `E2 71`). Built once, from Foundation's NFC.
  static let precomposed: [UInt32] = {
    var table = [UInt32](repeating: 0, count: 32 * 128)
    for diacritic in 0..<32 where isCombining(UInt8(0xE0 + diacritic)) {
      guard let mark = Unicode.Scalar(upperHalf[0x60 + diacritic]) else { continue }
      for letter in UInt8(ascii: "A")...UInt8(ascii: "z") where Character(Unicode.Scalar(letter)).isLetter {
        var text = String(Character(Unicode.Scalar(letter)))
        text.unicodeScalars.append(mark)
        let composed = text.precomposedStringWithCanonicalMapping.unicodeScalars
        if composed.count == 1, let scalar = composed.first {
          table[diacritic * 128 + Int(letter)] = scalar.value
        }
      }
    }
    return table
  }()

  /// Transcodes ANSEL to NFC UTF-8; undefined bytes become U+FFFD and are counted.
  ///
  /// A diacritic with no base letter after it (before a control character such as the line end,
  /// or at the end of the input) is written on a space, the Unicode form of a standalone mark.
  /// The usual case, one diacritic on an ASCII letter, is composed from a table; a line with stacked
  /// diacritics or a diacritic on a non-ASCII character is composed by Foundation's NFC.
  static func decode(_ bytes: UnsafeRawBufferPointer) -> (utf8: [UInt8], replaced: Int) {
    if TextDecoder.isASCII(bytes) { return (Array(bytes), 0) }
    var writer = Writer(capacity: bytes.count + bytes.count / 8 + 16)
    let count = bytes.count
    var index = 0
    while index < count {
      let byte = bytes[index]
      if byte < 0x80 {
        if byte < 0x20 {
          writer.control(byte)
        } else if writer.pendingCount > 0 {
          writer.base(ascii: byte)
        } else {
          // A run of printable ASCII is copied as it is, in one go.
          var end = index &+ 1
          while end < count {
            let next = bytes[end]
            if next < 0x20 || next >= 0x80 { break }
            end &+= 1
          }
          writer.output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<end]))
          index = end
          continue
        }
      } else if isCombining(byte) {
        writer.wait(byte)
      } else {
        writer.base(scalar: upperHalf[Int(byte) &- 0x80])
      }
      index &+= 1
    }
    return writer.finish()
  }

  /// The decoder's state: the output so far and the diacritics waiting for their base character.
  ///
  /// A struct with mutating methods (not closures over local variables) so the hot loop needs no
  /// dynamic exclusivity checks.
  private struct Writer {
    var output: [UInt8] = []
    /// Diacritic bytes waiting for their base character: the first `pendingCount` of `pending`
    /// (a count instead of removing elements, which costs a call per character).
    var pending = [UInt8](repeating: 0, count: 8)
    var pendingCount = 0
    var replaced = 0
    /// Where the current line starts in `output`.
    var lineStart = 0
    /// Whether the current line has marks the table did not compose.
    var lineNeedsNFC = false
    let precomposed = ANSELDecoder.precomposed

    init(capacity: Int) {
      output.reserveCapacity(capacity)
    }

    /// A diacritic, held until its base character arrives.
    mutating func wait(_ mark: UInt8) {
      if pendingCount < pending.count { pending[pendingCount] = mark } else { pending.append(mark) }
      pendingCount += 1
    }

    /// Writes the waiting diacritics as they are and forgets them.
    mutating func writePending() {
      for index in 0..<pendingCount { TextDecoder.appendUTF8(scalar(pending[index]), to: &output) }
      pendingCount = 0
    }

    /// A printable ASCII character, with any waiting diacritics on it.
    @inline(__always)
    mutating func base(ascii byte: UInt8) {
      if pendingCount == 0 {
        output.append(byte)
      } else {
        attach(toASCII: byte)
      }
    }

    /// A non-ASCII, non-combining character (U+FFFD for a byte ANSEL does not define).
    mutating func base(scalar value: UInt32) {
      if value == 0xFFFD { replaced += 1 }
      TextDecoder.appendUTF8(value, to: &output)
      if pendingCount > 0 {
        writePending()
        lineNeedsNFC = true
      }
    }

    /// A control character; diacritics left waiting go on a space before it, and a line end
    /// closes the line for NFC.
    mutating func control(_ byte: UInt8) {
      if pendingCount > 0 { attach(toASCII: 0x20) }
      if byte == 0x0A || byte == 0x0D {
        if lineNeedsNFC {
          composeToNFC(&output, from: lineStart)
          lineNeedsNFC = false
        }
        output.append(byte)
        lineStart = output.count
      } else {
        output.append(byte)
      }
    }

    /// Writes an ASCII base character with the waiting diacritics after it.
    mutating func attach(toASCII base: UInt8) {
      if pendingCount == 1 {
        let mark = pending[0]
        pendingCount = 0
        let composed = precomposed[Int(mark &- 0xE0) &* 128 &+ Int(base)]
        if composed != 0 {
          TextDecoder.appendUTF8(composed, to: &output)
        } else {
          output.append(base)  // nothing composes: base + one mark is already NFC
          TextDecoder.appendUTF8(scalar(mark), to: &output)
        }
      } else {
        output.append(base)
        writePending()
        lineNeedsNFC = true
      }
    }

    /// The output, after any diacritics still waiting at the end of the input.
    mutating func finish() -> (utf8: [UInt8], replaced: Int) {
      if pendingCount > 0 { attach(toASCII: 0x20) }
      if lineNeedsNFC { composeToNFC(&output, from: lineStart) }
      return (output, replaced)
    }
  }

  /// Replaces `output[start...]` (whole characters of one line) with its NFC form.
  static func composeToNFC(_ output: inout [UInt8], from start: Int) {
    let text = output[start...].withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    let composed = text.precomposedStringWithCanonicalMapping
    output.removeSubrange(start...)
    output.append(contentsOf: composed.utf8)
  }
}
