import Foundation

/// Whole-text scans that come before reading lines: the line-ending style, counts of line
/// breaks and record lines, and where the text can be cut into parts read side by side.
enum TextScan {
  /// The longest line GEDCOM 5.5.x allows, in bytes.
  static let maximumLineLength = 255

  /// The line-ending style from the first line break: `LF`, `CRLF` or `CR` (old Macintosh
  /// files, where lines end with CR alone).
  static func lineEnding(_ text: UnsafeRawBufferPointer, from start: Int) -> (
    name: String, carriageReturnsOnly: Bool
  ) {
    var probe = start
    while probe < text.count, text[probe] != 0x0A, text[probe] != 0x0D { probe += 1 }
    guard probe < text.count, text[probe] == 0x0D else { return ("LF", false) }
    let carriageReturnsOnly = probe + 1 < text.count && text[probe + 1] != 0x0A
    return (carriageReturnsOnly ? "CR" : "CRLF", carriageReturnsOnly)
  }

  /// How many records of each kind a text holds, to size the tables before reading it.
  struct RecordCounts {
    var records = 0
    var individuals = 0
    var families = 0
  }

  /// The lines of `text[start..<end]` that begin with `0` right after a line feed (records,
  /// but for indented ones), and among them the `INDI` and `FAM` records, found sixteen bytes
  /// at a time in vector registers.
  static func countRecords(in text: UnsafeRawBufferPointer, from start: Int, to end: Int) -> RecordCounts {
    var counts = RecordCounts()
    guard let base = text.baseAddress else { return counts }
    typealias Bytes = SIMD16<UInt8>
    let feed = Bytes(repeating: 0x0A)
    let zero = Bytes(repeating: 0x30)
    var index = start
    // The second load, one byte on, sees what follows each byte: a "0" after a line feed.
    while index &+ 17 <= end {
      let here = base.loadUnaligned(fromByteOffset: index, as: Bytes.self)
      let next = base.loadUnaligned(fromByteOffset: index &+ 1, as: Bytes.self)
      // Whether any lane is true, read as two words (`any` is a call, not an instruction).
      let records = unsafeBitCast((here .== feed) .& (next .== zero), to: SIMD2<UInt64>.self)
      if records[0] | records[1] != 0 {
        for half in 0..<2 {
          // A found lane is a byte of all ones; the record line starts one byte on.
          var found = records[half]
          while found != 0 {
            let lane = found.trailingZeroBitCount &>> 3
            count(recordAt: index &+ half &* 8 &+ lane &+ 1, in: text, end: end, into: &counts)
            found &= ~(0xFF << UInt64(lane &* 8))
          }
        }
      }
      index &+= 16
    }
    while index &+ 1 < end {
      if base.load(fromByteOffset: index, as: UInt8.self) == 0x0A,
        base.load(fromByteOffset: index &+ 1, as: UInt8.self) == 0x30
      {
        count(recordAt: index &+ 1, in: text, end: end, into: &counts)
      }
      index &+= 1
    }
    return counts
  }

  /// The line feeds of `text[start..<end]`, sixteen bytes at a time: what a part of the text
  /// needs to number its lines.
  static func countLineFeeds(in text: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int {
    guard let base = text.baseAddress else { return 0 }
    typealias Bytes = SIMD16<UInt8>
    let feed = Bytes(repeating: 0x0A)
    var total = 0
    var index = start
    // Counted per lane (each a 0 or 1 added, as a true lane is all ones and subtracting it
    // adds one), the lanes summed before any can pass 255.
    while index &+ 16 <= end {
      var lanes = Bytes()
      let roundsEnd = min(end, index &+ 255 &* 16)
      while index &+ 16 <= roundsEnd {
        lanes &-= unsafeBitCast(
          base.loadUnaligned(fromByteOffset: index, as: Bytes.self) .== feed, to: Bytes.self)
        index &+= 16
      }
      total &+= Int(SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
    }
    while index < end {
      if base.load(fromByteOffset: index, as: UInt8.self) == 0x0A { total &+= 1 }
      index &+= 1
    }
    return total
  }

  /// About how many records of each kind `text[start..<end]` holds, an eighth more than
  /// 64 evenly spaced samples of it show, to size the tables that a part of the text
  /// fills (more only costs their growing). A short text is counted whole.
  static func estimatedRecords(in text: UnsafeRawBufferPointer, from start: Int, to end: Int) -> RecordCounts
  {
    let samples = 64
    let sampleBytes = 1 << 14
    let length = end - start
    guard length > samples * sampleBytes * 4 else { return countRecords(in: text, from: start, to: end) }
    var seen = RecordCounts()
    for sample in 0..<samples {
      let from = start + length / samples * sample
      let counts = countRecords(in: text, from: from, to: from + sampleBytes)
      seen.records += counts.records
      seen.individuals += counts.individuals
      seen.families += counts.families
    }
    func scaled(_ count: Int) -> Int { count * length / (samples * sampleBytes) * 9 / 8 + 64 }
    return RecordCounts(
      records: scaled(seen.records), individuals: scaled(seen.individuals), families: scaled(seen.families))
  }

  /// Counts the record whose line starts at `line` (with `0`), by kind.
  @inline(__always)
  private static func count(
    recordAt line: Int, in text: UnsafeRawBufferPointer, end: Int, into counts: inout RecordCounts
  ) {
    counts.records &+= 1
    var tag = line + 2
    if tag < end, text[tag] == 0x40 {
      // Past the xref: the next "@" within a few bytes, then one space.
      let limit = min(end, tag + 64)
      tag += 1
      while tag < limit, text[tag] != 0x40 { tag += 1 }
      tag += 2
    }
    guard tag + 4 < end else { return }
    let word =
      UInt32(text[tag]) | UInt32(text[tag + 1]) << 8 | UInt32(text[tag + 2]) << 16 | UInt32(text[tag + 3])
      << 24
    if word == 0x4944_4E49, text[tag + 4] <= 0x20 {  // "INDI"
      counts.individuals &+= 1
    } else if word & 0x00FF_FFFF == 0x004D_4146, text[tag + 3] <= 0x20 {  // "FAM"
      counts.families &+= 1
    }
  }

  /// The offset of the first `byte` in `text[start..<end]`, else `end`. Lines and values are
  /// short: the first words are searched inline, eight bytes at a time, before calling
  /// `memchr`, whose call costs more than a short search.
  @inline(__always)
  static func first(_ byte: UInt8, in text: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
    let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
    var index = start
    let inlineEnd = min(end, start &+ 32)
    while index &+ 8 <= inlineEnd {
      let found = zeroBytes(
        UnsafeRawPointer(text + index).loadUnaligned(as: UInt64.self).littleEndian ^ pattern)
      if found != 0 { return index &+ found.trailingZeroBitCount / 8 }
      index &+= 8
    }
    guard index < end, let found = memchr(text + index, Int32(byte), end &- index) else { return end }
    return UnsafeRawPointer(found) - UnsafeRawPointer(text)
  }

  /// The high bit of each byte of `word` below `limit` (at most 0x80): exact for the lowest
  /// such byte, which is all callers read (a borrow may mark a byte above it).
  @inline(__always)
  static func bytesBelow(_ limit: UInt8, in word: UInt64) -> UInt64 {
    (word &- UInt64(limit) &* 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
  }

  /// The high bit of each zero byte of `word`, exactly (no borrow between bytes).
  @inline(__always)
  static func zeroBytes(_ word: UInt64) -> UInt64 {
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((word & low) &+ low) | word | low)
  }

  /// The start of the first line at or after `target` that is a plain record line
  /// (`0 @ID@ TAG` or `0 TAG`, single spaces, not `CONC`/`CONT`), before `end`; nil if none.
  ///
  /// Reading stops at such a line with nothing open and no continuation pending, so the text
  /// before and after it can be read apart and the results joined.
  static func recordBoundary(in text: UnsafeRawBufferPointer, after target: Int, before end: Int) -> Int? {
    var index = target
    while index + 3 < end {
      guard text[index] == 0x0A else {
        index += 1
        continue
      }
      let line = index + 1
      index += 1
      guard text[line] == 0x30, text[line + 1] == 0x20 else { continue }
      var tag = line + 2
      if text[tag] == 0x40 {
        var close = tag + 1
        while close < end, text[close] != 0x40, text[close] > 0x20 { close += 1 }
        guard close < end, close > tag + 1, close - tag <= Int(UInt16.max), text[close] == 0x40,
          close + 1 < end,
          text[close + 1] == 0x20
        else {
          continue
        }
        tag = close + 2
      }
      var tagEnd = tag
      while tagEnd < end, text[tagEnd] > 0x20, text[tagEnd] < 0x80 { tagEnd += 1 }
      guard tagEnd > tag, tagEnd < end else { continue }
      let spelled = text[tag..<tagEnd]
      if spelled.elementsEqual("CONC".utf8) || spelled.elementsEqual("CONT".utf8) { continue }
      return line
    }
    return nil
  }
}
