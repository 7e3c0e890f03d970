import Foundation
import Testing

@testable import OhanaGEDCOM

// MARK: - Helpers

/// The shared data folder (`$OHANA_DATA`, else `../shared/data` beside the package), if present.
private enum EncodingTestData {
  static let root: String? = {
    let candidate: String
    if let environment = ProcessInfo.processInfo.environment["OHANA_DATA"], !environment.isEmpty {
      candidate = environment
    } else {
      // Tests/OhanaGEDCOMTests/EncodingTests.swift → the package root is three levels up.
      var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
      for _ in 0..<3 { url.deleteLastPathComponent() }
      candidate = url.appendingPathComponent("../shared/data").standardizedFileURL.path
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue
    else { return nil }
    return candidate
  }()

  static var present: Bool { root != nil }

  /// The bytes of a file in the data folder.
  static func bytes(_ relative: String) throws -> [UInt8] {
    let path = (root ?? "/nonexistent") + "/" + relative
    return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
  }
}

/// Transcodes `bytes` and returns the UTF-8 and the replacement count.
private func transcode(_ bytes: [UInt8], _ encoding: TextEncoding) -> (utf8: [UInt8], replaced: Int) {
  bytes.withUnsafeBytes { TextDecoder.toUTF8($0, from: encoding) }
}

/// The Unicode scalar values of transcoded `bytes` (exact: no canonical equivalence as with `==`).
private func scalarValues(_ bytes: [UInt8], _ encoding: TextEncoding) -> [UInt32] {
  String(decoding: transcode(bytes, encoding).utf8, as: UTF8.self).unicodeScalars.map(\.value)
}

/// The Unicode scalar values of a string literal.
private func scalarValues(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

/// Whether `haystack` contains the exact UTF-8 bytes of `needle`.
private func containsUTF8(_ haystack: [UInt8], _ needle: String) -> Bool {
  let pattern = Array(needle.utf8)
  guard !pattern.isEmpty, haystack.count >= pattern.count else { return pattern.isEmpty }
  for start in 0...(haystack.count - pattern.count) where haystack[start] == pattern[0] {
    if haystack[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
  }
  return false
}

private func chooseEncoding(_ declared: String?, _ bytes: [UInt8]) -> EncodingChoice {
  bytes.withUnsafeBytes { EncodingChoice.choose(declared: declared, bytes: $0) }
}

private func utf16Bytes(_ text: String, bigEndian: Bool) -> [UInt8] {
  text.utf16.flatMap { unit -> [UInt8] in
    let high = UInt8(unit >> 8)
    let low = UInt8(unit & 0xFF)
    return bigEndian ? [high, low] : [low, high]
  }
}

/// A small deterministic generator for random-input tests.
private struct SplitMix64 {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

// MARK: - Declared names

@Suite("TextEncoding names")
struct TextEncodingNameTests {
  @Test(
    "HEAD.CHAR names",
    arguments: [
      ("UTF-8", TextEncoding.utf8), ("utf8", .utf8), (" UTF-8 ", .utf8), ("UTF8", .utf8),
      ("UNICODE", .utf16LE), ("Unicode", .utf16LE), ("UTF-16", .utf16LE), ("UTF-16BE", .utf16BE),
      ("UTF-16LE", .utf16LE), ("ANSEL", .ansel), ("ansel", .ansel), ("ASCII", .ascii),
      ("ANSI", .windows1252), ("IBM WINDOWS", .windows1252), ("IBM-WINDOWS", .windows1252),
      ("WINDOWS-1252", .windows1252), ("CP1252", .windows1252), ("cp 1252", .windows1252),
      ("IBMPC", .cp437), ("IBM PC", .cp437), ("IBM-PC", .cp437), ("ibm_pc", .cp437), ("DOS", .cp437),
      ("CP437", .cp437), ("CP850", .cp850), ("IBM850", .cp850), ("MACINTOSH", .macRoman),
      ("MAC", .macRoman), ("MacRoman", .macRoman), ("LATIN1", .latin1), ("ISO-8859-1", .latin1),
      ("ISO 8859-1", .latin1),
    ])
  func knownNames(name: String, expected: TextEncoding) {
    #expect(TextEncoding(declaredName: name) == expected)
  }

  @Test("Unknown names", arguments: ["", "KLINGON", "ISO-8859-2", "UTF-7", "EBCDIC", "  "])
  func unknownNames(name: String) {
    #expect(TextEncoding(declaredName: name) == nil)
  }

  @Test("Every raw value names its own case")
  func rawValuesRoundTrip() {
    for encoding in TextEncoding.allCases {
      #expect(TextEncoding(declaredName: encoding.rawValue) == encoding, "\(encoding)")
    }
  }
}

// MARK: - Byte-order marks and UTF-16 detection

@Suite("Byte-order marks")
struct ByteOrderMarkTests {
  @Test func marks() {
    func mark(_ bytes: [UInt8]) -> (TextEncoding, Int)? {
      bytes.withUnsafeBytes { TextDecoder.byteOrderMark($0) }.map { ($0.encoding, $0.length) }
    }
    #expect(mark([0xEF, 0xBB, 0xBF, 0x30]).map { $0.0 == .utf8 && $0.1 == 3 } == true)
    #expect(mark([0xEF, 0xBB, 0xBF]).map { $0.0 == .utf8 && $0.1 == 3 } == true)
    #expect(mark([0xFF, 0xFE, 0x30, 0x00]).map { $0.0 == .utf16LE && $0.1 == 2 } == true)
    #expect(mark([0xFE, 0xFF, 0x00, 0x30]).map { $0.0 == .utf16BE && $0.1 == 2 } == true)
    #expect(mark([0xEF, 0xBB]) == nil)
    #expect(mark([0xFF]) == nil)
    #expect(mark([]) == nil)
    #expect(mark(Array("0 HEAD".utf8)) == nil)
  }

  @Test func unmarkedUTF16() {
    func guess(_ bytes: [UInt8]) -> TextEncoding? { bytes.withUnsafeBytes { TextDecoder.unmarkedUTF16($0) } }
    #expect(guess([0x30, 0x00, 0x20, 0x00]) == .utf16LE)
    #expect(guess([0x00, 0x30, 0x00, 0x20]) == .utf16BE)
    #expect(guess(utf16Bytes("0 HEAD", bigEndian: false)) == .utf16LE)
    #expect(guess(utf16Bytes("0 HEAD", bigEndian: true)) == .utf16BE)
    #expect(guess(Array("0 HEAD".utf8)) == nil)
    #expect(guess([0x00, 0x00]) == nil)
    #expect(guess([0x30]) == nil)
    #expect(guess([]) == nil)
  }
}

// MARK: - ASCII and UTF-8 validation

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
  private func valid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { TextDecoder.isValidUTF8($0) } }
  private func ascii(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { TextDecoder.isASCII($0) } }

  @Test func wellFormed() {
    #expect(valid([]))
    #expect(valid(Array("0 HEAD\n1 CHAR UTF-8\n".utf8)))
    #expect(valid(Array("Fran\u{E7}ois M\u{FC}ller \u{20AC} \u{1F600} \u{10FFFF}".utf8)))
    #expect(valid([0xC2, 0x80]))
    #expect(valid([0xE0, 0xA0, 0x80]))
    #expect(valid([0xED, 0x9F, 0xBF]))
    #expect(valid([0xF0, 0x90, 0x80, 0x80]))
    #expect(valid([0xF4, 0x8F, 0xBF, 0xBF]))
  }

  @Test(
    "Ill-formed sequences",
    arguments: [
      [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF],
      [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
      [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xC3], [0xE2, 0x82],
      [0xF0, 0x9F, 0x98], [0xC3, 0x41], [0xE2, 0x28, 0xA1], [0x41, 0xE9, 0x42],
    ] as [[UInt8]])
  func illFormed(bytes: [UInt8]) {
    #expect(!valid(bytes))
    #expect(!valid(Array(repeating: 0x41, count: 37) + bytes + Array(repeating: 0x42, count: 41)))
  }

  @Test("A high byte anywhere in a long run is found (every chunk position)")
  func everyPosition() {
    for length in [1, 7, 8, 9, 31, 32, 33, 64, 100] {
      let plain = [UInt8](repeating: 0x61, count: length)
      #expect(ascii(plain))
      #expect(valid(plain))
      for position in 0..<length {
        var stray = plain
        stray[position] = 0x80
        #expect(!ascii(stray), "length \(length), position \(position)")
        #expect(!valid(stray), "length \(length), position \(position)")
        var accented = plain
        accented.insert(contentsOf: [0xC3, 0xA9], at: position)
        #expect(!ascii(accented))
        #expect(valid(accented), "length \(length), position \(position)")
        var cut = plain
        cut[position] = 0xC3
        #expect(!valid(cut), "a lone lead byte at \(position) of \(length)")
      }
    }
  }

  @Test("Agrees with the standard library on random bytes")
  func randomAgreement() {
    var random = SplitMix64(state: 42)
    for round in 0..<3000 {
      let length = Int(random.next() % 64)
      let bytes = (0..<length).map { _ -> UInt8 in
        let value = random.next()
        // Mostly ASCII and UTF-8 lead/continuation bytes, to reach the interesting cases.
        switch value % 4 {
        case 0: return UInt8(truncatingIfNeeded: value >> 8) & 0x7F
        case 1: return 0x80 | UInt8(truncatingIfNeeded: value >> 8) & 0x3F
        default: return UInt8(truncatingIfNeeded: value >> 8)
        }
      }
      let expected = String(validating: bytes, as: UTF8.self) != nil
      #expect(valid(bytes) == expected, "round \(round): \(bytes)")
      // Repair matches the standard library's replacement of maximal subparts.
      let repaired = transcode(bytes, .utf8).utf8
      #expect(repaired == Array(String(decoding: bytes, as: UTF8.self).utf8), "round \(round): \(bytes)")
    }
  }
}

// MARK: - UTF-8, ASCII and UTF-16 transcoding

@Suite("Unicode transcoding")
struct UnicodeTranscodingTests {
  @Test func validUTF8PassesThrough() {
    let text = Array("0 HEAD\n1 NAME Fran\u{E7}ois /M\u{FC}ller/ \u{1F600}\n".utf8)
    let result = transcode(text, .utf8)
    #expect(result.utf8 == text)
    #expect(result.replaced == 0)
  }

  @Test("Invalid UTF-8 is replaced per maximal subpart and counted")
  func invalidUTF8() {
    // The example of the Unicode Standard, chapter 3 ("U+FFFD Substitution of Maximal Subparts").
    let bytes: [UInt8] = [0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64]
    let result = transcode(bytes, .utf8)
    #expect(result.replaced == 6)
    #expect(result.utf8 == Array("a\u{FFFD}\u{FFFD}\u{FFFD}b\u{FFFD}c\u{FFFD}\u{FFFD}d".utf8))

    let cp1252Name: [UInt8] = Array("Jos".utf8) + [0xE9] + Array(" M".utf8) + [0xFC] + Array("ller".utf8)
    let name = transcode(cp1252Name, .utf8)
    #expect(name.replaced == 2)
    #expect(name.utf8 == Array("Jos\u{FFFD} M\u{FFFD}ller".utf8))

    #expect(transcode([0xED, 0xA0, 0x80], .utf8).replaced == 3)  // a surrogate: three bad bytes
    #expect(transcode([0xF0, 0x9F, 0x98], .utf8).replaced == 1)  // truncated at the end: one
    #expect(transcode([0xC0, 0xAF], .utf8).replaced == 2)  // overlong "/"
  }

  @Test func asciiReplacesHighBytes() {
    let result = transcode([0x41, 0xE9, 0x42, 0x80], .ascii)
    #expect(result.utf8 == Array("A\u{FFFD}B\u{FFFD}".utf8))
    #expect(result.replaced == 2)
    #expect(transcode(Array("0 HEAD".utf8), .ascii) == (Array("0 HEAD".utf8), 0))
  }

  @Test("UTF-16 in both byte orders")
  func utf16BothOrders() {
    let text = "0 HEAD\r\n1 NAME Ren\u{E9} /\u{141}\u{F3}d\u{17A}/ \u{20AC} \u{1F600}\r\n"
    for bigEndian in [false, true] {
      let result = transcode(utf16Bytes(text, bigEndian: bigEndian), bigEndian ? .utf16BE : .utf16LE)
      #expect(result.utf8 == Array(text.utf8))
      #expect(result.replaced == 0)
    }
  }

  @Test("The byte-order mark is kept (callers strip it)")
  func utf16KeepsMark() {
    #expect(scalarValues([0xFF, 0xFE, 0x30, 0x00], .utf16LE) == [0xFEFF, 0x30])
    #expect(scalarValues([0xFE, 0xFF, 0x00, 0x30], .utf16BE) == [0xFEFF, 0x30])
    #expect(scalarValues([0xEF, 0xBB, 0xBF, 0x30], .utf8) == [0xFEFF, 0x30])
  }

  @Test("Unpaired surrogates and an odd final byte become U+FFFD")
  func utf16Errors() {
    let lonelyHigh: [UInt8] = [0x00, 0xD8, 0x41, 0x00]  // LE: D800 'A'
    #expect(scalarValues(lonelyHigh, .utf16LE) == [0xFFFD, 0x41])
    #expect(transcode(lonelyHigh, .utf16LE).replaced == 1)
    let lonelyLow: [UInt8] = [0xDC, 0x00, 0x00, 0x41]  // BE: DC00 'A'
    #expect(scalarValues(lonelyLow, .utf16BE) == [0xFFFD, 0x41])
    let highAtEnd: [UInt8] = [0x41, 0x00, 0x3D, 0xD8]  // LE: 'A' D83D
    #expect(scalarValues(highAtEnd, .utf16LE) == [0x41, 0xFFFD])
    let oddByte: [UInt8] = [0x41, 0x00, 0x42]
    let odd = transcode(oddByte, .utf16LE)
    #expect(odd.utf8 == Array("A\u{FFFD}".utf8))
    #expect(odd.replaced == 1)
    #expect(transcode([], .utf16BE) == ([], 0))
  }
}

// MARK: - Single-byte code pages

@Suite("Code pages")
struct CodePageTests {
  private func check(_ encoding: TextEncoding, _ pairs: [(UInt8, UInt32)]) {
    for (byte, expected) in pairs {
      #expect(scalarValues([byte], encoding) == [expected], "\(encoding) byte \(String(byte, radix: 16))")
    }
  }

  @Test func windows1252() {
    check(
      .windows1252,
      [
        (0x80, 0x20AC), (0x85, 0x2026), (0x8A, 0x0160), (0x92, 0x2019), (0x96, 0x2013), (0x9F, 0x0178),
        (0xA3, 0x00A3), (0xC9, 0x00C9), (0xDF, 0x00DF), (0xE9, 0x00E9), (0xFC, 0x00FC), (0xFF, 0x00FF),
      ])
    let euro = transcode([0x80], .windows1252)
    #expect(euro.utf8 == [0xE2, 0x82, 0xAC])
    #expect(euro.replaced == 0)
    let undefined = transcode([0x81, 0x8D, 0x8F, 0x90, 0x9D], .windows1252)
    #expect(undefined.replaced == 5)
    #expect(undefined.utf8 == Array(String(repeating: "\u{FFFD}", count: 5).utf8))
  }

  @Test("Windows-1252 agrees with Foundation on every defined byte")
  func windows1252AgreesWithFoundation() {
    for byte in UInt8(0x80)...UInt8(0xFF) where ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(byte) {
      let foundation = String(data: Data([byte]), encoding: .windowsCP1252)
      #expect(
        foundation.map { scalarValues($0) } == scalarValues([byte], .windows1252),
        "byte \(String(byte, radix: 16))")
    }
  }

  @Test func cp437() {
    check(
      .cp437,
      [
        (0x80, 0x00C7), (0x81, 0x00FC), (0x82, 0x00E9), (0x84, 0x00E4), (0x94, 0x00F6), (0x9A, 0x00DC),
        (0x9C, 0x00A3), (0x9E, 0x20A7), (0xA4, 0x00F1), (0xA5, 0x00D1), (0xB0, 0x2591), (0xC4, 0x2500),
        (0xDB, 0x2588), (0xE1, 0x00DF), (0xE3, 0x03C0), (0xF8, 0x00B0), (0xFF, 0x00A0),
      ])
  }

  @Test func cp850() {
    check(
      .cp850,
      [
        (0x82, 0x00E9), (0x9B, 0x00F8), (0x9D, 0x00D8), (0x9E, 0x00D7), (0xB5, 0x00C1), (0xC6, 0x00E3),
        (0xD0, 0x00F0), (0xD1, 0x00D0), (0xD5, 0x0131), (0xE1, 0x00DF), (0xE7, 0x00FE), (0xEE, 0x00AF),
      ])
  }

  @Test func macRoman() {
    check(
      .macRoman,
      [
        (0x80, 0x00C4), (0x87, 0x00E1), (0x8A, 0x00E4), (0x8E, 0x00E9), (0x9A, 0x00F6), (0x9F, 0x00FC),
        (0xA5, 0x2022), (0xA7, 0x00DF), (0xC6, 0x2206), (0xCA, 0x00A0), (0xD2, 0x201C), (0xDB, 0x20AC),
        (0xDE, 0xFB01), (0xF0, 0xF8FF), (0xFF, 0x02C7),
      ])
  }

  @Test("Latin-1 is the identity on all 256 bytes")
  func latin1() {
    let all = (0...255).map { UInt8($0) }
    #expect(scalarValues(all, .latin1) == (0...255).map { UInt32($0) })
    #expect(transcode(all, .latin1).replaced == 0)
  }

  @Test("Every code page keeps ASCII and defines the whole upper half but CP1252's five gaps")
  func wholeTables() {
    let ascii = (0..<128).map { UInt8($0) }
    let upper = (128..<256).map { UInt8($0) }
    for encoding in [TextEncoding.windows1252, .cp437, .cp850, .macRoman, .latin1] {
      #expect(transcode(ascii, encoding).utf8 == ascii)
      #expect(transcode(upper, encoding).replaced == (encoding == .windows1252 ? 5 : 0), "\(encoding)")
      #expect(scalarValues(upper, encoding).count == 128)
    }
  }

  @Test func mixedText() {
    let bytes: [UInt8] = Array("Ren".utf8) + [0xE9] + Array(" M".utf8) + [0xFC] + Array("ller ".utf8) + [0x80]
    #expect(transcode(bytes, .windows1252).utf8 == Array("Ren\u{E9} M\u{FC}ller \u{20AC}".utf8))
    let dos: [UInt8] = Array("Ren".utf8) + [0x82] + Array(" M".utf8) + [0x81] + Array("ller".utf8)
    #expect(transcode(dos, .cp437).utf8 == Array("Ren\u{E9} M\u{FC}ller".utf8))
    #expect(transcode(dos, .cp850).utf8 == Array("Ren\u{E9} M\u{FC}ller".utf8))
    let mac: [UInt8] = Array("Ren".utf8) + [0x8E] + Array(" M".utf8) + [0x9F] + Array("ller".utf8)
    #expect(transcode(mac, .macRoman).utf8 == Array("Ren\u{E9} M\u{FC}ller".utf8))
  }
}

// MARK: - ANSEL

@Suite("ANSEL")
struct ANSELTests {
  @Test(
    "A diacritic before its letter becomes the precomposed letter",
    arguments: [
      ([0xE2, 0x65], [0x00E9]),  // é
      ([0xE8, 0x6F], [0x00F6]),  // ö
      ([0xE4, 0x6E], [0x00F1]),  // ñ
      ([0xEA, 0x61], [0x00E5]),  // å
      ([0xF0, 0x63], [0x00E7]),  // ç
      ([0xE1, 0x65], [0x00E8]),  // è
      ([0xE3, 0x6F], [0x00F4]),  // ô
      ([0xE9, 0x73], [0x0161]),  // š
      ([0xE5, 0x61], [0x0101]),  // ā
      ([0xE6, 0x67], [0x011F]),  // ğ
      ([0xE7, 0x7A], [0x017C]),  // ż
      ([0xEE, 0x6F], [0x0151]),  // ő
      ([0xF1, 0x61], [0x0105]),  // ą
      ([0xF2, 0x74], [0x1E6D]),  // ṭ
      ([0xE0, 0x61], [0x1EA3]),  // ả
      ([0xE2, 0x45], [0x00C9]),  // É
      ([0xEA, 0x41], [0x00C5]),  // Å
      ([0xE8, 0x55], [0x00DC]),  // Ü
      ([0xF7, 0x73], [0x0219]),  // ș (comma below)
    ] as [([UInt8], [UInt32])])
  func singleDiacritic(bytes: [UInt8], expected: [UInt32]) {
    #expect(scalarValues(bytes, .ansel) == expected)
    #expect(transcode(bytes, .ansel).replaced == 0)
  }

  @Test func words() {
    // Wałęsa: ł is a letter of its own (B1); ę is ogonek (F1) + e.
    let walesa: [UInt8] = [0x57, 0x61, 0xB1, 0xF1, 0x65, 0x73, 0x61]
    #expect(scalarValues(walesa, .ansel) == scalarValues("Wa\u{142}\u{119}sa"))
    // Dvořák
    let dvorak: [UInt8] = [0x44, 0x76, 0x6F, 0xE9, 0x72, 0xE2, 0x61, 0x6B]
    #expect(scalarValues(dvorak, .ansel) == scalarValues("Dvo\u{159}\u{E1}k"))
    // Łódź
    let lodz: [UInt8] = [0xA1, 0xE2, 0x6F, 0x64, 0xE2, 0x7A]
    #expect(scalarValues(lodz, .ansel) == scalarValues("\u{141}\u{F3}d\u{17A}"))
    // "Müller, Hélène" on one line
    let line: [UInt8] = [
      0x4D, 0xE8, 0x75, 0x6C, 0x6C, 0x65, 0x72, 0x2C, 0x20, 0x48, 0xE2, 0x65, 0x6C, 0xE1, 0x65,
      0x6E, 0x65,
    ]
    #expect(scalarValues(line, .ansel) == scalarValues("M\u{FC}ller, H\u{E9}l\u{E8}ne"))
  }

  @Test("Several diacritics on one letter")
  func stackedDiacritics() {
    #expect(scalarValues([0xF2, 0xE3, 0x65], .ansel) == [0x1EC7])  // dot below + circumflex: ệ
    #expect(scalarValues([0xE3, 0xF2, 0x65], .ansel) == [0x1EC7])  // the other order, reordered by NFC
    #expect(scalarValues([0xE3, 0xE4, 0x65], .ansel) == [0x1EC5])  // circumflex then tilde: ễ
    #expect(scalarValues([0xE8, 0xE5, 0x75], .ansel) == [0x01D6])  // diaeresis then macron: ǖ
    // "Nguyễn"
    let nguyen: [UInt8] = [0x4E, 0x67, 0x75, 0x79, 0xE3, 0xE4, 0x65, 0x6E]
    #expect(scalarValues(nguyen, .ansel) == scalarValues("Nguy\u{1EC5}n"))
  }

  @Test("A diacritic on a non-ASCII ANSEL letter is composed too")
  func diacriticOnSpecialLetter() {
    #expect(scalarValues([0xE2, 0xA2], .ansel) == [0x01FE])  // acute + Ø: Ǿ
    #expect(scalarValues([0xE2, 0xB5], .ansel) == [0x01FD])  // acute + æ: ǽ
    #expect(scalarValues([0xE2, 0xB1], .ansel) == [0x0142, 0x0301])  // acute + ł: nothing precomposed
  }

  @Test("A diacritic with no letter after it sits on a space")
  func danglingDiacritics() {
    #expect(scalarValues([0x61, 0xE2], .ansel) == [0x61, 0x20, 0x0301])  // at the end of the input
    #expect(scalarValues([0xE2, 0x20, 0x62], .ansel) == [0x20, 0x0301, 0x62])  // before a space
    #expect(scalarValues([0x61, 0xE2, 0x0A, 0x62], .ansel) == [0x61, 0x20, 0x0301, 0x0A, 0x62])  // line end
    #expect(scalarValues([0xE2, 0x0D, 0x0A], .ansel) == [0x20, 0x0301, 0x0D, 0x0A])
    #expect(scalarValues([0xE8, 0xE5], .ansel) == [0x20, 0x0308, 0x0304])
    #expect(transcode([0x61, 0xE2], .ansel).replaced == 0)
  }

  @Test("Lines end the composition; CR LF is kept")
  func lines() {
    let bytes: [UInt8] = [0xE2, 0x65, 0x0D, 0x0A, 0xE8, 0x75, 0x0A, 0x41, 0x0A, 0xF2, 0xE3, 0x65, 0x0A]
    #expect(scalarValues(bytes, .ansel) == scalarValues("\u{E9}\r\n\u{FC}\nA\n\u{1EC7}\n"))
  }

  @Test("Spacing characters of the MARC-8 / ANSEL table")
  func spacingCharacters() {
    let table: [(UInt8, UInt32)] = [
      (0xA1, 0x0141), (0xA2, 0x00D8), (0xA3, 0x0110), (0xA4, 0x00DE), (0xA5, 0x00C6), (0xA6, 0x0152),
      (0xA7, 0x02B9), (0xA8, 0x00B7), (0xA9, 0x266D), (0xAA, 0x00AE), (0xAB, 0x00B1), (0xAC, 0x01A0),
      (0xAD, 0x01AF), (0xAE, 0x02BC), (0xB0, 0x02BB), (0xB1, 0x0142), (0xB2, 0x00F8), (0xB3, 0x0111),
      (0xB4, 0x00FE), (0xB5, 0x00E6), (0xB6, 0x0153), (0xB7, 0x02BA), (0xB8, 0x0131), (0xB9, 0x00A3),
      (0xBA, 0x00F0), (0xBC, 0x01A1), (0xBD, 0x01B0), (0xC0, 0x00B0), (0xC1, 0x2113), (0xC2, 0x2117),
      (0xC3, 0x00A9), (0xC4, 0x266F), (0xC5, 0x00BF), (0xC6, 0x00A1), (0xC7, 0x00DF), (0xC8, 0x20AC),
      (0x8D, 0x200D), (0x8E, 0x200C),
    ]
    for (byte, expected) in table {
      #expect(scalarValues([byte], .ansel) == [expected], "byte \(String(byte, radix: 16))")
    }
  }

  @Test("GEDCOM 5.5 additions to ANSEL")
  func gedcomAdditions() {
    #expect(scalarValues([0xBE], .ansel) == [0x25A1])  // empty box
    #expect(scalarValues([0xBF], .ansel) == [0x25A0])  // black box
    #expect(scalarValues([0xCD], .ansel) == [0x65])  // midline e
    #expect(scalarValues([0xCE], .ansel) == [0x6F])  // midline o
    #expect(scalarValues([0xCF], .ansel) == [0xDF])  // es zet
    #expect(scalarValues([0xFC, 0x6F], .ansel) == [0x6F, 0x0338])  // diacritic slash through a letter
    #expect(scalarValues([0x57, 0x65, 0x69, 0xCF], .ansel) == scalarValues("Wei\u{DF}"))
  }

  @Test("Combining marks without a precomposed form stay after their letter")
  func uncomposedMarks() {
    // Ligature halves: t͡s written EB t EC s.
    #expect(scalarValues([0xEB, 0x74, 0xEC, 0x73], .ansel) == [0x74, 0xFE20, 0x73, 0xFE21])
    #expect(scalarValues([0xFA, 0x6E, 0xFB, 0x67], .ansel) == [0x6E, 0xFE22, 0x67, 0xFE23])
    #expect(scalarValues([0xF6, 0x61], .ansel) == [0x61, 0x0332])  // underline
    #expect(scalarValues([0xE2, 0x71], .ansel) == [0x71, 0x0301])  // q́
    #expect(scalarValues([0xFE, 0x61], .ansel) == [0x61, 0x0313])  // comma above
    #expect(scalarValues([0xED, 0x61], .ansel) == [0x61, 0x0315])  // comma above right
    #expect(scalarValues([0xEF, 0x61], .ansel) == [0x61, 0x0310])  // candrabindu
  }

  @Test("Bytes ANSEL does not define become U+FFFD and are counted")
  func undefinedBytes() {
    let undefined: [UInt8] = [0x80, 0x88, 0x9F, 0xA0, 0xAF, 0xBB, 0xC9, 0xCC, 0xD0, 0xDF, 0xFD, 0xFF]
    let result = transcode(undefined, .ansel)
    #expect(result.replaced == undefined.count)
    #expect(scalarValues(undefined, .ansel) == Array(repeating: 0xFFFD, count: undefined.count))
    // A diacritic before an undefined byte stays on the replacement character.
    #expect(scalarValues([0xE2, 0xD5], .ansel) == [0xFFFD, 0x0301])
    #expect(transcode([0xE2, 0xD5], .ansel).replaced == 1)
  }

  @Test func asciiIsUnchanged() {
    let text = Array("0 HEAD\n1 CHAR ANSEL\n0 @I1@ INDI\n1 NAME John /Smith/\n".utf8)
    #expect(transcode(text, .ansel) == (text, 0))
  }

  @Test("The output is NFC")
  func outputIsNFC() {
    var bytes: [UInt8] = []
    for mark in UInt8(0xE0)...UInt8(0xFE) where mark != 0xFD {
      for letter in Array("AEIOUNCSZaeiouncszy ".utf8) { bytes += [mark, letter] }
      bytes += [0xF2, mark, 0x65, 0x0A]
    }
    let text = String(decoding: transcode(bytes, .ansel).utf8, as: UTF8.self)
    #expect(scalarValues(text) == scalarValues(text.precomposedStringWithCanonicalMapping))
  }
}

// MARK: - The ANSEL / Windows-1252 heuristic

@Suite("High-byte heuristic")
struct HighByteProfileTests {
  private func looksLikeANSEL(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { HighByteProfile($0).looksLikeANSEL }
  }

  private func windows1252(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }  // Latin-1 letters only
  }

  @Test func windowsTextIsNotANSEL() {
    #expect(!looksLikeANSEL(windows1252("1 NAME Hans /M\u{FC}ller/\n2 PLAC J\u{E4}gerstra\u{DF}e\n")))
    #expect(!looksLikeANSEL(windows1252("1 NAME Ren\u{E9} /L\u{E9}v\u{EA}que/\n1 NAME H\u{E9}l\u{E8}ne\n")))
    #expect(!looksLikeANSEL(windows1252("1 NAME Jos\u{E9} /Garc\u{ED}a Pe\u{F1}a/\n")))
    #expect(!looksLikeANSEL(windows1252("1 NAME Bj\u{F6}rn /\u{C5}str\u{F6}m/\n")))
    #expect(!looksLikeANSEL(windows1252("2 PLAC Schr\u{F6}der, K\u{F6}ln\n")))
  }

  @Test func anselTextIsANSEL() {
    let emile: [UInt8] = [0xE2, 0x45, 0x6D, 0x69, 0x6C, 0x65, 0x20, 0x4D, 0xE8, 0x75, 0x6C, 0x6C, 0x65, 0x72]
    #expect(looksLikeANSEL(emile))
    let helene: [UInt8] = [0x48, 0xE2, 0x65, 0x6C, 0xE1, 0x65, 0x6E, 0x65, 0x0A]
    #expect(looksLikeANSEL(helene))
    #expect(!looksLikeANSEL(Array("plain ASCII".utf8)))
  }
}

// MARK: - Choosing the encoding

@Suite("EncodingChoice")
struct EncodingChoiceTests {
  private let utf8Text = Array("0 HEAD\n1 NAME Fran\u{E7}ois /M\u{FC}ller/\n".utf8)
  private let asciiText = Array("0 HEAD\n1 NAME John /Smith/\n".utf8)
  /// "José Müller" and "Weiß" in Windows-1252.
  private let windowsText: [UInt8] =
    Array("0 HEAD\n1 NAME Jos".utf8) + [0xE9] + Array(" /M".utf8) + [0xFC] + Array("ller/\n2 PLAC Wei".utf8)
    + [0xDF] + Array("\n".utf8)
  /// "Émile Müller" and "Hélène" in ANSEL.
  private let anselText: [UInt8] =
    Array("0 HEAD\n1 NAME ".utf8) + [0xE2] + Array("Emile /M".utf8) + [0xE8] + Array("uller/\n1 NAME H".utf8)
    + [0xE2] + Array("el".utf8) + [0xE1] + Array("ene\n".utf8)

  @Test("A byte-order mark wins")
  func byteOrderMarkWins() {
    let marked = [0xEF, 0xBB, 0xBF] + asciiText
    let overruled = chooseEncoding("ANSEL", marked)
    #expect(overruled.encoding == .utf8)
    #expect(overruled.declared == "ANSEL")
    #expect(
      overruled.note == "HEAD.CHAR says ANSEL but the file starts with a UTF-8 byte-order mark; read as UTF-8"
    )
    #expect(chooseEncoding("UTF-8", marked) == EncodingChoice(encoding: .utf8, declared: "UTF-8", note: nil))
    #expect(chooseEncoding(nil, marked).note?.contains("no HEAD.CHAR") == true)

    let littleEndian = [0xFF, 0xFE] + utf16Bytes("0 HEAD\r\n", bigEndian: false)
    #expect(
      chooseEncoding("UNICODE", littleEndian) == EncodingChoice(encoding: .utf16LE, declared: "UNICODE"))
    let bigEndian = [0xFE, 0xFF] + utf16Bytes("0 HEAD\r\n", bigEndian: true)
    #expect(chooseEncoding("UNICODE", bigEndian) == EncodingChoice(encoding: .utf16BE, declared: "UNICODE"))
    #expect(chooseEncoding("UTF-16LE", bigEndian).encoding == .utf16BE)
    #expect(chooseEncoding("UTF-16LE", bigEndian).note == nil)
    #expect(chooseEncoding("ANSEL", bigEndian).encoding == .utf16BE)
    #expect(chooseEncoding("ANSEL", bigEndian).note != nil)
  }

  @Test("UTF-16 without a mark is found from its zero bytes")
  func unmarkedUTF16() {
    let bigEndian = utf16Bytes("0 HEAD\r\n1 CHAR UNICODE\r\n", bigEndian: true)
    #expect(chooseEncoding("UNICODE", bigEndian) == EncodingChoice(encoding: .utf16BE, declared: "UNICODE"))
    let littleEndian = utf16Bytes("0 HEAD\r\n", bigEndian: false)
    let undeclared = chooseEncoding(nil, littleEndian)
    #expect(undeclared.encoding == .utf16LE)
    #expect(undeclared.note?.contains("UTF-16") == true)
  }

  @Test("Declared UTF-8 or ASCII but not valid UTF-8: Windows-1252 or ANSEL, with a note")
  func declaredUnicodeButEightBit() {
    let windows = chooseEncoding("UTF-8", windowsText)
    #expect(windows.encoding == .windows1252)
    #expect(windows.note?.hasPrefix("HEAD.CHAR says UTF-8 but the file is not valid UTF-8") == true)
    let ansel = chooseEncoding("UTF-8", anselText)
    #expect(ansel.encoding == .ansel)
    #expect(ansel.note?.contains("ANSEL") == true)
    let ascii = chooseEncoding("ASCII", windowsText)
    #expect(ascii.encoding == .windows1252)
    #expect(ascii.note?.hasPrefix("HEAD.CHAR says ASCII") == true)
    #expect(chooseEncoding("ASCII", anselText).encoding == .ansel)
  }

  @Test func declaredUTF8AndValid() {
    #expect(chooseEncoding("UTF-8", utf8Text) == EncodingChoice(encoding: .utf8, declared: "UTF-8"))
    #expect(chooseEncoding("UTF-8", asciiText) == EncodingChoice(encoding: .utf8, declared: "UTF-8"))
  }

  @Test func declaredASCII() {
    #expect(chooseEncoding("ASCII", asciiText) == EncodingChoice(encoding: .ascii, declared: "ASCII"))
    let multiByte = chooseEncoding("ASCII", utf8Text)
    #expect(multiByte.encoding == .utf8)
    #expect(
      multiByte.note
        == "HEAD.CHAR says ASCII but the file is valid UTF-8 with multi-byte characters; read as UTF-8")
  }

  @Test("Declared 8-bit but valid multi-byte UTF-8: UTF-8, with a note")
  func declaredEightBitButUTF8() {
    let ansel = chooseEncoding("ANSEL", utf8Text)
    #expect(ansel.encoding == .utf8)
    #expect(
      ansel.note
        == "HEAD.CHAR says ANSEL but the file is valid UTF-8 with multi-byte characters; read as UTF-8")
    for name in ["ANSI", "IBMPC", "IBM WINDOWS", "MACINTOSH", "CP850", "LATIN1"] {
      let choice = chooseEncoding(name, utf8Text)
      #expect(choice.encoding == .utf8, "\(name)")
      #expect(choice.note?.hasPrefix("HEAD.CHAR says \(name) but") == true, "\(name)")
    }
  }

  @Test("Declared 8-bit encodings are kept when the bytes do not say otherwise")
  func declaredEightBitKept() {
    #expect(chooseEncoding("ANSEL", anselText) == EncodingChoice(encoding: .ansel, declared: "ANSEL"))
    #expect(chooseEncoding("ANSEL", asciiText) == EncodingChoice(encoding: .ansel, declared: "ANSEL"))
    #expect(chooseEncoding("ANSI", windowsText) == EncodingChoice(encoding: .windows1252, declared: "ANSI"))
    #expect(chooseEncoding("IBMPC", windowsText) == EncodingChoice(encoding: .cp437, declared: "IBMPC"))
    #expect(chooseEncoding("IBM WINDOWS", windowsText).encoding == .windows1252)
    #expect(chooseEncoding("MACINTOSH", windowsText).encoding == .macRoman)
    #expect(chooseEncoding(" ANSEL ", anselText) == EncodingChoice(encoding: .ansel, declared: " ANSEL "))
  }

  @Test("No declaration: UTF-8 if valid, else the heuristic, always with a note")
  func undeclared() {
    for (bytes, expected) in [
      (utf8Text, TextEncoding.utf8), (asciiText, .utf8), (windowsText, .windows1252), (anselText, .ansel),
    ] {
      let choice = chooseEncoding(nil, bytes)
      #expect(choice.encoding == expected)
      #expect(choice.declared == nil)
      #expect(choice.note?.hasPrefix("There is no HEAD.CHAR") == true)
    }
  }

  @Test("An unknown name is treated as no declaration, and named in the note")
  func unknownName() {
    for (bytes, expected) in [
      (utf8Text, TextEncoding.utf8), (windowsText, .windows1252), (anselText, .ansel),
    ] {
      let choice = chooseEncoding("KLINGON", bytes)
      #expect(choice.encoding == expected)
      #expect(choice.declared == "KLINGON")
      #expect(choice.note?.contains("\"KLINGON\"") == true)
    }
  }

  @Test("An empty HEAD.CHAR is treated as no declaration")
  func emptyName() {
    let choice = chooseEncoding(" ", windowsText)
    #expect(choice.encoding == .windows1252)
    #expect(choice.note?.hasPrefix("HEAD.CHAR is empty and the file is not valid UTF-8") == true)
  }

  @Test("Declared UNICODE without UTF-16 bytes is read as if undeclared")
  func declaredUnicodeButNotUTF16() {
    let choice = chooseEncoding("UNICODE", utf8Text)
    #expect(choice.encoding == .utf8)
    #expect(choice.note?.hasPrefix("HEAD.CHAR says UNICODE (UTF-16) but") == true)
    #expect(chooseEncoding("UNICODE", windowsText).encoding == .windows1252)
  }

  @Test func emptyFile() {
    #expect(chooseEncoding(nil, []).encoding == .utf8)
    #expect(chooseEncoding("ANSEL", []) == EncodingChoice(encoding: .ansel, declared: "ANSEL"))
  }
}

// MARK: - Real files

@Suite("Real files in the shared data folder")
struct SharedDataEncodingTests {

  /// The decoded text after any byte-order mark, with the choice made for `declared`.
  private func read(_ name: String, declared: String?) throws -> (
    choice: EncodingChoice, utf8: [UInt8], replaced: Int
  ) {
    let bytes = try EncodingTestData.bytes("gedcom/" + name)
    return bytes.withUnsafeBytes { raw in
      let choice = EncodingChoice.choose(declared: declared, bytes: raw)
      let skip = TextDecoder.byteOrderMark(raw)?.length ?? 0
      let result = TextDecoder.toUTF8(UnsafeRawBufferPointer(rebasing: raw[skip...]), from: choice.encoding)
      return (choice, result.utf8, result.replaced)
    }
  }

  private func isNFC(_ utf8: [UInt8]) -> Bool {
    let text = String(decoding: utf8, as: UTF8.self)
    return scalarValues(text) == scalarValues(text.precomposedStringWithCanonicalMapping)
  }

  @Test(.enabled(if: EncodingTestData.present, "shared data not found (set OHANA_DATA)"))
  func anselTestFile() throws {
    let file = try read("encoding__ansel-lf.ged", declared: "ANSEL")
    #expect(file.choice == EncodingChoice(encoding: .ansel, declared: "ANSEL"))
    #expect(file.replaced == 0)
    #expect(!containsUTF8(file.utf8, "\u{FFFD}"))
    #expect(isNFC(file.utf8))
    #expect(
      containsUTF8(
        file.utf8,
        "slash l - uppercase (\u{141}), slash o - uppercase (\u{D8}), slash d - uppercase (\u{110})"))
    #expect(containsUTF8(file.utf8, "inverted exclamation mark (\u{A1}), es zet (\u{DF})"))
    #expect(containsUTF8(file.utf8, "hook o - lowercase (\u{1A1}), hook u - lowercase (\u{1B0})"))
    // E2 before each lowercase letter: acute accent, precomposed wherever Unicode has the letter.
    let acute =
      "2 PLAC \u{E1}b\u{301}\u{107}d\u{301}\u{E9}f\u{301}\u{1F5}h\u{301}\u{ED}j\u{301}\u{1E31}\u{13A}"
      + "\u{1E3F}\u{144}\u{F3}\u{1E55}q\u{301}\u{155}\u{15B}t\u{301}\u{FA}v\u{301}\u{1E83}x\u{301}"
      + "\u{FD}\u{17A}\n"
    #expect(containsUTF8(file.utf8, acute))
    // E8 before each uppercase letter: diaeresis.
    let diaeresis =
      "2 PLAC \u{C4}B\u{308}C\u{308}D\u{308}\u{CB}F\u{308}G\u{308}\u{1E26}\u{CF}J\u{308}K\u{308}"
      + "L\u{308}M\u{308}N\u{308}\u{D6}P\u{308}Q\u{308}R\u{308}S\u{308}T\u{308}\u{DC}V\u{308}\u{1E84}\u{1E8C}"
      + "\u{178}Z\u{308}\n"
    #expect(containsUTF8(file.utf8, diaeresis))
    // E0, hook above, composes only with vowels.
    #expect(containsUTF8(file.utf8, "2 PLAC \u{1EA3}b\u{309}c\u{309}d\u{309}\u{1EBB}f\u{309}"))
    // The heuristic agrees without the declaration.
    #expect(try read("encoding__ansel-lf.ged", declared: nil).choice.encoding == .ansel)
  }

  @Test(.enabled(if: EncodingTestData.present, "shared data not found (set OHANA_DATA)"))
  func myRootsPalmFile() throws {
    let bytes = try EncodingTestData.bytes("gedcom/edge-cases__vendor-myroots-palmos.ged")
    let file = try read("edge-cases__vendor-myroots-palmos.ged", declared: "ANSEL")
    #expect(file.choice == EncodingChoice(encoding: .ansel, declared: "ANSEL"))
    #expect(file.replaced == 0)
    #expect(file.utf8 == bytes)  // pure ASCII: ANSEL leaves it as it is
    #expect(containsUTF8(file.utf8, "1 NAME Sarah /Evans/\n"))
  }

  @Test(.enabled(if: EncodingTestData.present, "shared data not found (set OHANA_DATA)"))
  func windows1252File() throws {
    let file = try read("encoding__ansi-cp1252-ftm17.ged", declared: "ANSI")
    #expect(file.choice == EncodingChoice(encoding: .windows1252, declared: "ANSI"))
    #expect(file.replaced == 0)
    #expect(containsUTF8(file.utf8, "provinces of La Coru\u{F1}a, Lug"))
    #expect(containsUTF8(file.utf8, "king of Castile and Le\u{F3}n. It came"))
    #expect(containsUTF8(file.utf8, "2 CONT \u{A3}5.99\n"))
    #expect(try read("encoding__ansi-cp1252-ftm17.ged", declared: nil).choice.encoding == .windows1252)
    #expect(try read("encoding__ansi-cp1252-ftm17.ged", declared: "UTF-8").choice.encoding == .windows1252)
  }

  @Test(.enabled(if: EncodingTestData.present, "shared data not found (set OHANA_DATA)"))
  func ibmPCFile() throws {
    let file = try read("encoding__ibmpc-cp437-broskeep.ged", declared: "IBMPC")
    #expect(file.choice == EncodingChoice(encoding: .cp437, declared: "IBMPC"))
    #expect(file.replaced == 0)
    #expect(containsUTF8(file.utf8, "over John C. Fr\u{E9}mont and Millard Fillmore"))
  }

  @Test(.enabled(if: EncodingTestData.present, "shared data not found (set OHANA_DATA)"))
  func ibmWindowsFile() throws {
    let file = try read("encoding__ibm-windows-easytree.ged", declared: "IBM WINDOWS")
    #expect(file.choice == EncodingChoice(encoding: .windows1252, declared: "IBM WINDOWS"))
    #expect(file.replaced == 0)
  }

  @Test(.enabled(if: EncodingTestData.present, "shared data not found (set OHANA_DATA)"))
  func utf16Files() throws {
    let little = try read("encoding__utf16le.ged", declared: "UNICODE")
    let big = try read("encoding__utf16be.ged", declared: "UNICODE")
    #expect(little.choice == EncodingChoice(encoding: .utf16LE, declared: "UNICODE"))
    #expect(big.choice == EncodingChoice(encoding: .utf16BE, declared: "UNICODE"))
    #expect(little.replaced == 0)
    #expect(big.replaced == 0)
    #expect(little.utf8 == big.utf8)
    #expect(little.utf8.starts(with: Array("0 HEAD\r\n1 GEDC\r\n".utf8)))
    #expect(containsUTF8(little.utf8, "1 CHAR UNICODE\r\n"))
    #expect(containsUTF8(little.utf8, "1 NAME Robert Eugene /Williams/\r\n"))
    // Without HEAD.CHAR the byte-order mark still decides.
    #expect(try read("encoding__utf16be.ged", declared: nil).choice.encoding == .utf16BE)
  }

  @Test(.enabled(if: EncodingTestData.present, "shared data not found (set OHANA_DATA)"))
  func utf8WithMarkFile() throws {
    let bytes = try EncodingTestData.bytes("gedcom/encoding__utf8-bom.ged")
    #expect(bytes.withUnsafeBytes { TextDecoder.byteOrderMark($0)?.length } == 3)
    let file = try read("encoding__utf8-bom.ged", declared: "UTF-8")
    #expect(file.choice == EncodingChoice(encoding: .utf8, declared: "UTF-8"))
    #expect(file.replaced == 0)
    #expect(file.utf8 == Array(bytes.dropFirst(3)))
    #expect(file.utf8.starts(with: Array("0 HEAD\n1 GEDC\n".utf8)))
    #expect(containsUTF8(file.utf8, "1 NAME Robert Eugene /Williams/\n"))
  }
}
