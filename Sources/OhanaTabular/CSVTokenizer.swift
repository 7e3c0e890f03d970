/// Where one field's text lies: its start and length in the input (or, for the fields of a
/// repaired record, in the reader's side text), and whether it holds doubled quotes still to be
/// undone (a quoted field's span excludes the outer quotes).
struct CellSpan {
  var bits: UInt64

  @inline(__always)
  init(start: Int, length: Int, escaped: Bool, side: Bool = false) {
    bits =
      UInt64(truncatingIfNeeded: start) | UInt64(truncatingIfNeeded: length) << 31 | (side ? 1 << 62 : 0)
      | (escaped ? 1 << 63 : 0)
  }

  var start: Int { Int(truncatingIfNeeded: bits & 0x7FFF_FFFF) }
  var length: Int { Int(truncatingIfNeeded: (bits >> 31) & 0x7FFF_FFFF) }
  var side: Bool { (bits >> 62) & 1 != 0 }
  var escaped: Bool { bits >> 63 != 0 }

  /// The same span, marked as lying in the side text.
  var inSideText: CellSpan { CellSpan(start: start, length: length, escaped: escaped, side: true) }
}

/// Cuts CSV bytes into records and fields (RFC 4180): fields may be quoted with `"`, a quote
/// inside a quoted field is doubled, quoted fields may hold delimiters and line breaks, and
/// records end with LF, CRLF or a lone CR. Nothing is copied: fields come out as spans.
///
/// Lenient where files in the wild are: a quote inside an unquoted field is an ordinary
/// character, and spaces after a closing quote are ignored. Text after a closing quote and a
/// quote left open at the end of the input are reported on the record.
struct CSVTokenizer {
  /// One record: its bytes (without the line ending), its first physical line and what is
  /// wrong with its quoting.
  struct Record {
    var start: Int
    var end: Int
    var line: Int
    /// A quoted field runs to the end of the input.
    var unterminated = false
    /// The first field with text after its closing quote.
    var strayTextField: Int?
    /// The line is empty (no byte before its line ending).
    var isBlank = false
    /// The number of fields.
    var fieldCount = 0
  }

  static let maximumInputBytes = Int(Int32.max)

  private let text: UnsafeBufferPointer<UInt8>
  private let delimiter: UInt8
  /// Records starting at or after this offset are not read.
  private let stop: Int
  /// The offset of the next record.
  private(set) var position: Int
  /// The physical line (1-based) ``position`` is on.
  private(set) var line: Int

  /// Reads records of `text` starting at `start` (on physical line `line`) until one would
  /// start at or after `stop`.
  init(_ text: UnsafeBufferPointer<UInt8>, delimiter: UInt8, start: Int, line: Int, stop: Int? = nil) {
    self.text = text
    self.delimiter = delimiter
    self.stop = stop ?? text.count
    position = start
    self.line = line
  }

  /// The next record, its fields replacing `fields`; `nil` at the end.
  mutating func next(into fields: inout [CellSpan]) -> Record? {
    let empty = CellSpan(start: 0, length: 0, escaped: false)
    let capacity = max(fields.capacity, 8)
    if fields.count < capacity {
      fields.append(contentsOf: repeatElement(empty, count: capacity - fields.count))
    }
    while true {
      let saved = self
      let found = fields.withUnsafeMutableBufferPointer { next(into: $0.baseAddress!, capacity: $0.count) }
      guard let record = found else {
        fields.removeAll()
        return nil
      }
      if record.fieldCount <= fields.count {
        fields.removeLast(fields.count - record.fieldCount)
        return record
      }
      // Too many fields for the buffer: read the record again into a larger one.
      self = saved
      fields = Array(repeating: empty, count: record.fieldCount)
    }
  }

  /// The next record, its first `capacity` fields written to `fields` (``Record/fieldCount``
  /// counts them all); `nil` at the end.
  mutating func next(into fields: UnsafeMutablePointer<CellSpan>, capacity: Int) -> Record? {
    guard position < stop, let base = text.baseAddress else { return nil }
    let count = text.count
    let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), ret = UInt8(ascii: "\r")
    let delimiter = self.delimiter
    var index = position
    var record = Record(start: index, end: index, line: line)
    var fieldCount = 0
    var sawQuote = false
    // Unquoted fields eight bytes at a time: each stop byte (delimiter or line break) of a word
    // ends a field. A word holding a quote, and the last bytes of the input, go on to the loop
    // below from the start of the field they are in.
    let delimiters = UInt64(delimiter) &* Self.everyByte
    var word = index
    var finished = false
    words: while word <= count &- 8 {
      let bytes = UInt64(littleEndian: UnsafeRawPointer(base + word).loadUnaligned(as: UInt64.self))
      var stops =
        Self.matches(bytes, delimiters) | Self.matches(bytes, Self.newlines)
        | Self.matches(bytes, Self.returns)
      if Self.matches(bytes, Self.quotes) != 0 { break }
      while stops != 0 {
        let stop = word &+ stops.trailingZeroBitCount &>> 3
        if fieldCount < capacity {
          fields[fieldCount] = CellSpan(start: index, length: stop &- index, escaped: false)
        }
        fieldCount &+= 1
        index = stop &+ 1
        let byte = base[stop]
        if byte != delimiter {
          record.end = stop
          if byte == ret && index < count && base[index] == newline { index += 1 }
          line += 1
          finished = true
          break words
        }
        stops &= stops &- 1
      }
      word &+= 8
    }
    while !finished {
      if index < count && base[index] == quote {
        // A quoted field: find the closing quote, stepping over doubled ones.
        sawQuote = true
        let contentStart = index + 1
        var scan = contentStart
        var escaped = false
        while true {
          while scan < count && base[scan] != quote {
            let byte = base[scan]
            if byte == newline || (byte == ret && (scan + 1 == count || base[scan + 1] != newline)) {
              line += 1
            }
            scan += 1
          }
          if scan + 1 < count && base[scan + 1] == quote {
            escaped = true
            scan += 2
            continue
          }
          break
        }
        if fieldCount < capacity {
          fields[fieldCount] = CellSpan(
            start: contentStart, length: min(scan, count) - contentStart, escaped: escaped)
        }
        fieldCount += 1
        if scan >= count {
          record.unterminated = true
          index = count
          record.end = count
          break
        }
        index = scan + 1
        while index < count && (base[index] == UInt8(ascii: " ") || (base[index] == 9 && delimiter != 9)) {
          index += 1
        }
        if index < count && base[index] != delimiter && base[index] != newline && base[index] != ret {
          if record.strayTextField == nil { record.strayTextField = fieldCount - 1 }
          while index < count && base[index] != delimiter && base[index] != newline && base[index] != ret {
            index += 1
          }
        }
      } else {
        let fieldStart = index
        while index < count {
          let byte = base[index]
          if byte == delimiter || byte == newline || byte == ret { break }
          index += 1
        }
        if fieldCount < capacity {
          fields[fieldCount] = CellSpan(start: fieldStart, length: index - fieldStart, escaped: false)
        }
        fieldCount += 1
      }
      if index >= count {
        record.end = count
        break
      }
      let byte = base[index]
      index += 1
      if byte == delimiter { continue }
      record.end = index - 1
      if byte == ret && index < count && base[index] == newline { index += 1 }
      line += 1
      break
    }
    record.isBlank = !sawQuote && record.end == record.start
    record.fieldCount = fieldCount
    position = index
    return record
  }

  /// 0x01 in every byte, and the line feed, carriage return and quote in every byte (computed
  /// properties: constants, where a stored static would be read through its initializer).
  private static var everyByte: UInt64 { 0x0101_0101_0101_0101 }
  private static var newlines: UInt64 { 0x0A0A_0A0A_0A0A_0A0A }
  private static var returns: UInt64 { 0x0D0D_0D0D_0D0D_0D0D }
  private static var quotes: UInt64 { 0x2222_2222_2222_2222 }

  /// The high bit of each byte of `word` that equals the byte repeated in `pattern`. Exact: a
  /// byte of `x = word ^ pattern` is zero just when the high bit of `((x & low) + low) | x` is
  /// clear, and the sum carries into no other byte.
  @inline(__always)
  static func matches(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let x = word ^ pattern
    return ~(((x & low) &+ low) | x) & ~low
  }
}
