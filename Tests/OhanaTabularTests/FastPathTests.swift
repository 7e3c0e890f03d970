import Foundation
import Testing

@testable import OhanaTabular

/// The word-at-a-time fast paths (unquoted fields, short decimals, the recent-levels cache)
/// against plain references on seeded random inputs.
@Suite struct FastPathTests {
  @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), 9, UInt8(ascii: "|")])
  func tokenizerMatchesTheByteByByteReference(delimiter: UInt8) {
    var random = SplitMix64(seed: UInt64(delimiter))
    // Mostly plain bytes, so records take the fast path and leave it at quotes and line ends.
    let alphabet: [UInt8] =
      Array("aaaabbbb1234 ".utf8) + [delimiter, delimiter, delimiter, 10, 10, 13, 34, 9]
    for _ in 0..<3000 {
      let length = Int(random.next() % 120)
      let bytes = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
      let expected = ReferenceTokenizer.records(bytes, delimiter: delimiter)
      let found = bytes.withUnsafeBufferPointer { text -> [ReferenceTokenizer.Record] in
        var tokenizer = CSVTokenizer(text, delimiter: delimiter, start: 0, line: 1)
        var fields: [CellSpan] = []
        var records: [ReferenceTokenizer.Record] = []
        while let record = tokenizer.next(into: &fields) {
          records.append(
            ReferenceTokenizer.Record(
              start: record.start, end: record.end, line: record.line, unterminated: record.unterminated,
              strayTextField: record.strayTextField, isBlank: record.isBlank,
              fields: fields.map {
                ReferenceTokenizer.Field(start: $0.start, length: $0.length, escaped: $0.escaped)
              }))
        }
        return records
      }
      #expect(found == expected, "input: \(bytes)")
      if found != expected { return }
    }
  }

  @Test func packedDecimalsMatchTheReferenceOnEdgeCases() {
    let cases = [
      "0", "-0", "00", "07", "-07", "0.", ".0", ".", "-", "-.", "-.5", "5.", "0.5", "0.0", "30.0", "21.63",
      "99999999", "-9999999", "12345678", "1.234567", "0.000001", "1..2", "1.2.3", "+5", "1e5", "1 2", " 1",
      "9.", "-9.", "10", "-1.5", "0.0000000", "1234567.", ".1234567", "00.5", "0.05",
    ]
    for text in cases { expectSameDecimal(Array(text.utf8), padding: 0xFF) }
  }

  @Test func packedDecimalsMatchTheReferenceOnRandomText() {
    var random = SplitMix64(seed: 7)
    let alphabet = Array("0123456789012345678900.-.+e ".utf8)
    for _ in 0..<200_000 {
      let length = Int(1 + random.next() % 8)
      let bytes = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
      // Whatever follows the cell must not change its value.
      expectSameDecimal(bytes, padding: alphabet[Int(random.next() % UInt64(alphabet.count))])
    }
  }

  @Test func packedDecimalsAreCorrectlyRounded() {
    // Every plain decimal of at most 8 characters equals what strtod (Double(String)) reads.
    var random = SplitMix64(seed: 11)
    for _ in 0..<200_000 {
      let digits = Int(1 + random.next() % 7)
      let point = Int(random.next() % UInt64(digits + 1))
      var text = String(random.next() % 10_000_000).padding(toLength: digits, withPad: "7", startingAt: 0)
      if text.count > 1 && text.first == "0" { text = "1" + text.dropFirst() }
      if point < digits && digits < 8 { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
      if text.count < 8 && random.next() % 2 == 0 { text = "-" + text }
      let bytes = Array(text.utf8) + [UInt8](repeating: 0x35, count: 16)
      var isFloat = false
      let value = bytes.withUnsafeBufferPointer {
        CellParsing.packedDecimal($0.baseAddress!, text.utf8.count, isFloat: &isFloat)
      }
      guard let value, let reference = Double(text) else {
        Issue.record("\(text) was not read")
        return
      }
      #expect(value.bitPattern == reference.bitPattern, "\(text)")
      #expect(isFloat == text.contains("."))
    }
  }

  @Test func categoricalColumnsMatchTheirText() throws {
    // Many levels of 1-24 bytes (some sharing cache slots, some longer than the cached 16),
    // padded, quoted and missing cells, in random order: each row must read back as written.
    var random = SplitMix64(seed: 3)
    let pool = (0..<300).map { index -> String in
      let length = 1 + index % 24
      return String(
        (0..<length).map { offset in Character(UnicodeScalar(UInt8(97 + (index * 7 + offset) % 26))) })
    }
    var lines = ["id,level,other"]
    var expected: [String?] = []
    for row in 0..<20_000 {
      let level = pool[Int(random.next() % UInt64(random.next() % 4 == 0 ? pool.count : 5))]
      switch random.next() % 10 {
      case 0:
        lines.append("\(row),NA,x")
        expected.append(nil)
      case 1:
        lines.append("\(row),\"\(level)\",x")
        expected.append(level)
      case 2:
        lines.append("\(row),  \(level) ,x")
        expected.append(level)
      default:
        lines.append("\(row),\(level),x")
        expected.append(level)
      }
    }
    let table = try parse(lines.joined(separator: "\n"))
    #expect(table.column(named: "level")?.type == .categorical)
    #expect(texts(table, "level") == expected)
    #expect(table.column(named: "id")?.numbers == (0..<20_000).map(Double.init))
  }

  @Test func largeInputsReadInHalvesMatchTheSmallReading() throws {
    // Over the two-thread threshold: the same rows as parsing them in small pieces.
    var random = SplitMix64(seed: 5)
    var lines = ["a,b,c,d"]
    while lines.count < 120_000 {
      let number = Double(random.next() % 100_000) / 100
      lines.append(
        "\(random.next() % 1000),\(number),\(["Yes", "No", "Maybe"][Int(random.next() % 3)]),\"q,\(lines.count)\""
      )
    }
    let text = lines.joined(separator: "\r\n")
    #expect(text.utf8.count >= CSVReader.parallelThreshold)
    let whole = try parse(text)
    #expect(whole.rowCount == lines.count - 1)
    var offset = 1
    for piece in stride(from: 1, to: lines.count, by: 20_000) {
      let part = try parse(
        ([lines[0]] + lines[piece..<min(piece + 20_000, lines.count)]).joined(separator: "\n"))
      for name in ["a", "b", "c", "d"] {
        #expect(Array(texts(whole, name)[(offset - 1)..<(offset - 1 + part.rowCount)]) == texts(part, name))
      }
      offset += part.rowCount
    }
  }

  private func expectSameDecimal(_ text: [UInt8], padding: UInt8) {
    let bytes = text + [UInt8](repeating: padding, count: 16)
    bytes.withUnsafeBufferPointer { buffer in
      let base = buffer.baseAddress!
      var packedFloat = false
      var referenceFloat = false
      let packed = CellParsing.packedDecimal(base, text.count, isFloat: &packedFloat)
      let reference = CellParsing.shortDecimal(base, text.count, isFloat: &referenceFloat)
      let shown = String(decoding: text, as: UTF8.self)
      // Up to 8 bytes it takes exactly what the reference takes; longer text is left to it.
      #expect(packed?.bitPattern == (text.count <= 8 ? reference?.bitPattern : nil), "\(shown)")
      if packed != nil { #expect(packedFloat == referenceFloat, "\(shown)") }
    }
  }
}

/// A seeded generator (SplitMix64), so failures repeat.
private struct SplitMix64 {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}

/// The tokenizer's rules one byte at a time, written plainly, as the reference for its fast path.
private enum ReferenceTokenizer {
  struct Field: Equatable {
    var start: Int
    var length: Int
    var escaped: Bool
  }

  struct Record: Equatable {
    var start: Int
    var end: Int
    var line: Int
    var unterminated: Bool
    var strayTextField: Int?
    var isBlank: Bool
    var fields: [Field]
  }

  static func records(_ bytes: [UInt8], delimiter: UInt8) -> [Record] {
    let quote = UInt8(ascii: "\"")
    let count = bytes.count
    var records: [Record] = []
    var index = 0
    var line = 1
    func isStop(_ byte: UInt8) -> Bool { byte == delimiter || byte == 10 || byte == 13 }
    while index < count {
      var record = Record(
        start: index, end: index, line: line, unterminated: false, strayTextField: nil, isBlank: false,
        fields: [])
      var sawQuote = false
      while true {
        if index < count && bytes[index] == quote {
          sawQuote = true
          var scan = index + 1
          var escaped = false
          while true {
            while scan < count && bytes[scan] != quote {
              if bytes[scan] == 10 || (bytes[scan] == 13 && (scan + 1 == count || bytes[scan + 1] != 10)) {
                line += 1
              }
              scan += 1
            }
            guard scan + 1 < count && bytes[scan + 1] == quote else { break }
            escaped = true
            scan += 2
          }
          record.fields.append(
            Field(start: index + 1, length: min(scan, count) - index - 1, escaped: escaped))
          if scan >= count {
            record.unterminated = true
            index = count
            record.end = count
            break
          }
          index = scan + 1
          while index < count && (bytes[index] == 32 || (bytes[index] == 9 && delimiter != 9)) { index += 1 }
          if index < count && !isStop(bytes[index]) {
            record.strayTextField = record.strayTextField ?? record.fields.count - 1
            while index < count && !isStop(bytes[index]) { index += 1 }
          }
        } else {
          let start = index
          while index < count && !isStop(bytes[index]) { index += 1 }
          record.fields.append(Field(start: start, length: index - start, escaped: false))
        }
        if index >= count {
          record.end = count
          break
        }
        let byte = bytes[index]
        index += 1
        if byte == delimiter { continue }
        record.end = index - 1
        if byte == 13 && index < count && bytes[index] == 10 { index += 1 }
        line += 1
        break
      }
      record.isBlank = !sawQuote && record.end == record.start
      records.append(record)
    }
    return records
  }
}
