import Foundation

/// Gives the text of cells from their spans: doubled quotes undone (into a scratch buffer),
/// spaces and tabs trimmed. Also holds the side text: the content of repaired records, which
/// their fields' spans point into. Owns both buffers; call ``release()`` when done.
struct CellSource {
  let text: UnsafeBufferPointer<UInt8>
  let missing: MissingTokens
  /// The first address from which 16 bytes can no longer be read inside ``text``.
  private let overreadLimit: UnsafePointer<UInt8>
  private var scratch = GrowableBytes()
  private var side = GrowableBytes()
  private var unescapedCount = 0

  init(_ text: UnsafeBufferPointer<UInt8>, missing: MissingTokens) {
    self.text = text
    self.missing = missing.privateCopy()
    let base = text.baseAddress ?? UnsafePointer(bitPattern: 16)!
    overreadLimit = base + max(0, text.count - 16)
  }

  func release() {
    scratch.release()
    side.release()
  }

  /// The trimmed text of the cell `span` (valid until the next call), and whether 16 bytes may
  /// be read from its start.
  @inline(__always)
  mutating func cell(_ span: CellSpan) -> (text: UnsafePointer<UInt8>, count: Int, overread: Bool) {
    var start: UnsafePointer<UInt8>
    var count = span.length
    var overread: Bool
    if span.escaped || span.side {
      start = span.escaped ? unescape(span) : UnsafePointer(side.base + span.start)
      if span.escaped { count = unescapedCount }
      overread = true
    } else {
      start = text.baseAddress! + span.start
      overread = start < overreadLimit
    }
    if count > 0 && (start[0] <= 32 || start[count - 1] <= 32) {
      while count > 0 && (start[0] == 32 || start[0] == 9) {
        start += 1
        count -= 1
      }
      while count > 0 && (start[count - 1] == 32 || start[count - 1] == 9) { count -= 1 }
      overread = overread && (span.escaped || span.side || start < overreadLimit)
    }
    return (start, count, overread)
  }

  /// Appends the quoted field `span` of the input, doubled quotes undone, to the side text;
  /// returns where it starts there.
  mutating func appendToSide(_ span: CellSpan) -> Int {
    let start = side.count
    side.reserve(side.count + span.length)
    side.count += Self.unescape(text.baseAddress! + span.start, span.length, into: side.base + start)
    return start
  }

  /// The side text so far.
  var sideText: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: side.base, count: side.count) }

  /// Forgets the side text (its spans have been read).
  mutating func clearSide() { side.count = 0 }

  /// Copies the quoted field `span` with each doubled quote made single.
  private mutating func unescape(_ span: CellSpan) -> UnsafePointer<UInt8> {
    scratch.reserve(span.length)
    let source = span.side ? UnsafePointer(side.base) : text.baseAddress!
    unescapedCount = Self.unescape(source + span.start, span.length, into: scratch.base)
    return UnsafePointer(scratch.base)
  }

  /// Copies `count` bytes of quoted-field content, keeping one quote of each doubled pair;
  /// returns the bytes written.
  private static func unescape(
    _ source: UnsafePointer<UInt8>, _ count: Int, into target: UnsafeMutablePointer<UInt8>
  )
    -> Int
  {
    var written = 0
    var index = 0
    while index < count {
      target[written] = source[index]
      written += 1
      index += source[index] == UInt8(ascii: "\"") ? 2 : 1
    }
    return written
  }
}
