import Foundation

/// Cuts UTF-8 GEDCOM text into nodes: the parser's hot loop.
///
/// One pass, no regular expressions, no per-line allocation: levels are read as digits, tags
/// and ids interned in ``SymbolTable``s, values kept as byte ranges. `CONC`/`CONT` lines are
/// appended to the value of the line they continue, in ``joined``.
struct LineReader {
  let text: [UInt8]
  let isVersion7: Bool
  var joined: [UInt8] = []
  var nodes: [GEDCOMNode] = []
  var xrefSpans: [GEDCOMDocument.XrefSpan] = []
  var tags = Tag.newTable()
  var xrefs: SymbolTable
  var recordOfXref: [Int32] = []
  var records: [Int] = []
  /// The interned xref id of each record (-1: none), beside `records`.
  var recordXref: [Int32] = []
  var diagnostics: [Diagnostic] = []
  var lineEnding = "LF"
  var lineCount = 0
  /// The tag cache of ``internTag(_:from:to:)``: packed tag bytes (0: empty) and their ids.
  private var tagCacheKeys = [UInt64](repeating: 0, count: 256)
  private var tagCacheIDs = [Int32](repeating: 0, count: 256)
  private let textCount: Int
  /// Indices of the nodes whose subtrees are still open, outermost first.
  private var open: [Int32] = []
  private var blankLines = 0
  private var firstBlankLine = 0
  private var trailerLine = 0

  /// The longest line GEDCOM 5.5.x allows, in bytes.
  static let maximumLineLength = 255

  init(text: [UInt8], isVersion7: Bool) {
    self.text = text
    self.isVersion7 = isVersion7
    textCount = text.count
    // Room for one node per line, counted up front: growing a 100-million-byte node array
    // by doubling would hold the old and the new copy at once.
    let lines = Self.countLines(text)
    nodes.reserveCapacity(lines)
    // Records take a few lines each: sized so that the table grows at most once or twice.
    xrefs = SymbolTable(capacity: max(1024, lines / 16))
  }

  /// Line feeds, or carriage returns when there are none (old Macintosh files), plus one.
  static func countLines(_ text: [UInt8]) -> Int {
    let feeds = count(0x0A, in: text)
    return (feeds > 0 ? feeds : count(0x0D, in: text)) + 1
  }

  /// Occurrences of `byte`, eight bytes at a time.
  static func count(_ byte: UInt8, in text: [UInt8]) -> Int {
    text.withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return 0 }
      let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
      let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
      var total = 0
      var index = 0
      while index &+ 8 <= buffer.count {
        let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ pattern
        // The high bit of each zero byte of `word`, exactly (no borrow between bytes).
        let zeros = ~(((word & low) &+ low) | word | low)
        total &+= zeros.nonzeroBitCount
        index &+= 8
      }
      while index < buffer.count {
        if base.load(fromByteOffset: index, as: UInt8.self) == byte { total &+= 1 }
        index &+= 1
      }
      return total
    }
  }

  mutating func readAll() {
    let text = self.text
    text.withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
      read(base, count: buffer.count)
    }
    for index in open { nodes[Int(index)].subtreeEnd = UInt32(nodes.count) }
    open.removeAll()
    if blankLines > 0 {
      diagnostics.append(
        Diagnostic(
          line: firstBlankLine, severity: .info, code: "blank-line",
          message: "\(blankLines) blank line\(blankLines == 1 ? " was" : "s were") skipped"))
    }
    if trailerLine == 0 {
      diagnostics.append(
        Diagnostic(
          line: lineCount, severity: .info, code: "missing-trailer",
          message: "the file does not end with a \"0 TRLR\" line (it may have been cut short)"))
    }
  }

  private mutating func read(_ base: UnsafePointer<UInt8>, count: Int) {
    var position = 0
    // The first line break tells the style; old Macintosh files end lines with CR alone.
    var probe = 0
    while probe < count, base[probe] != 0x0A, base[probe] != 0x0D { probe += 1 }
    let carriageReturnsOnly = probe + 1 < count && base[probe] == 0x0D && base[probe + 1] != 0x0A
    if probe < count, base[probe] == 0x0D { lineEnding = carriageReturnsOnly ? "CR" : "CRLF" }
    while position < count {
      var end: Int
      if carriageReturnsOnly {
        end = position
        while end < count, base[end] != 0x0D, base[end] != 0x0A { end += 1 }
      } else if let found = memchr(base + position, 0x0A, count - position) {
        end = UnsafeRawPointer(found) - UnsafeRawPointer(base)
      } else {
        end = count
      }
      var lineEnd = end
      while lineEnd > position, base[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      lineCount += 1
      readLine(base, from: position, to: lineEnd)
      position = end + 1
      if carriageReturnsOnly, end + 1 < count, base[end] == 0x0D, base[end + 1] == 0x0A { position += 1 }
    }
  }

  private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

  private mutating func readLine(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) {
    var index = start
    while index < end, Self.isBlank(base[index]) { index += 1 }
    if index == end {
      if blankLines == 0 { firstBlankLine = lineCount }
      blankLines += 1
      return
    }
    guard base[index] &- 0x30 < 10 else {
      continueValue(base, from: start, to: end, asNewLine: true, tag: nil)
      return
    }
    var level = 0
    while index < end, base[index] &- 0x30 < 10 {
      level = min(level * 10 + Int(base[index] &- 0x30), Int(UInt16.max))
      index += 1
    }
    guard index < end, Self.isBlank(base[index]) else {
      warn(
        "malformed-line",
        index == end ? "the line holds a level number but no tag; skipped" : "no space after the level number; skipped")
      return
    }
    while index < end, Self.isBlank(base[index]) { index += 1 }
    var xrefStart = 0
    var xrefLength = 0
    if index < end, base[index] == 0x40 {
      let idStart = index + 1
      var close = idStart
      while close < end, base[close] != 0x40, !Self.isBlank(base[close]) { close += 1 }
      guard close < end, close > idStart, close - idStart <= Int(UInt16.max) else {
        warn("malformed-line", "the cross-reference id is not closed with \"@\"; skipped")
        return
      }
      xrefStart = idStart
      xrefLength = close - idStart
      if base[close] != 0x40 {
        let id = String(decoding: UnsafeBufferPointer(start: base + idStart, count: xrefLength), as: UTF8.self)
        warn("malformed-xref", "the id @\(id) is not closed with \"@\"; read as @\(id)@")
      }
      index = close + 1
      while index < end, Self.isBlank(base[index]) { index += 1 }
    }
    let tagStart = index
    while index < end, !Self.isBlank(base[index]) { index += 1 }
    guard index > tagStart else {
      warn("malformed-line", "the line has no tag; skipped")
      return
    }
    let tag = internTag(base, from: tagStart, to: index)
    // The value is everything after the one delimiter that follows the tag.
    let valueStart = index < end ? index + 1 : end
    if !isVersion7, end - start > Self.maximumLineLength {
      warn(
        "long-line", "the line is \(end - start) bytes long; GEDCOM 5.5.x allows \(Self.maximumLineLength)",
        severity: .info)
    }
    closeSubtrees(deeperThan: level)
    if tag == Tag.conc || tag == Tag.cont {
      continueValue(base, from: valueStart, to: end, asNewLine: tag == Tag.cont, tag: tag)
      return
    }
    if let parent = open.last, level > Int(nodes[Int(parent)].level) + 1 {
      warn("level-jump", "the level jumps from \(nodes[Int(parent)].level) to \(level)")
    } else if open.isEmpty, level > 0 {
      warn("level-jump", "a line at level \(level) has no record above it")
    }
    var node = GEDCOMNode(
      valueStart: UInt32(valueStart), valueLength: UInt32(end - valueStart), tag: tag, line: UInt32(lineCount),
      subtreeEnd: 0, level: UInt16(level), flags: xrefLength > 0 ? GEDCOMNode.hasXref : 0)
    if end > valueStart { classifyValue(&node, base) }
    let index32 = Int32(nodes.count)
    nodes.append(node)
    open.append(index32)
    let xref = UnsafeRawBufferPointer(start: base + xrefStart, count: xrefLength)
    if xrefLength > 0 {
      xrefSpans.append(GEDCOMDocument.XrefSpan(node: index32, start: UInt32(xrefStart), length: Int32(xrefLength)))
    }
    if level == 0 { addRecord(index32, xref: xref) }
  }

  /// The id of the tag `base[start..<end]`; tags of up to seven bytes (nearly all) are looked
  /// up by their bytes packed in an integer, in a small direct-mapped cache before the table.
  private mutating func internTag(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int32 {
    let length = end - start
    guard length <= 7, start + 8 <= textCount else {
      return tags.intern(UnsafeRawBufferPointer(start: base + start, count: length))
    }
    let word = UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self)
    let key = word.littleEndian & (1 << (8 * UInt64(length)) - 1) | UInt64(length) << 56
    let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56)
    if tagCacheKeys[slot] == key { return tagCacheIDs[slot] }
    let id = tags.intern(UnsafeRawBufferPointer(start: base + start, count: length))
    tagCacheKeys[slot] = key
    tagCacheIDs[slot] = id
    return id
  }

  /// Marks pointers and undoes `@@` escapes.
  private mutating func classifyValue(_ node: inout GEDCOMNode, _ base: UnsafePointer<UInt8>) {
    node.flags |= GEDCOMNode.hasValue
    let start = Int(node.valueStart)
    let end = start + Int(node.valueLength)
    guard memchr(base + start, 0x40, end - start) != nil else { return }
    if end - start >= 3, base[start] == 0x40, base[end - 1] == 0x40, base[start + 1] != 0x23,
      base[start + 1] != 0x40, memchr(base + start + 1, 0x40, end - start - 2) == nil
    {
      node.flags |= GEDCOMNode.isPointer
      node.valueStart += 1
      node.valueLength -= 2
      return
    }
    if isVersion7 {
      // GEDCOM 7 doubles only a leading "@".
      if end - start >= 2, base[start] == 0x40, base[start + 1] == 0x40 {
        node.valueStart += 1
        node.valueLength -= 1
      }
    } else if Self.containsDoubledAt(base, from: start, to: end) {
      let joinedStart = joined.count
      appendUnescaped(base, from: start, to: end)
      node.valueStart = UInt32(joinedStart)
      node.valueLength = UInt32(joined.count - joinedStart)
      node.flags |= GEDCOMNode.valueIsJoined
    }
  }

  private static func containsDoubledAt(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
    var index = start
    while index + 1 < end {
      if base[index] == 0x40 && base[index + 1] == 0x40 { return true }
      index += 1
    }
    return false
  }

  /// Appends a value to `joined`, turning 5.5's `@@` into `@`.
  private mutating func appendUnescaped(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) {
    var index = start
    while index < end {
      let byte = base[index]
      joined.append(byte)
      index += byte == 0x40 && index + 1 < end && base[index + 1] == 0x40 ? 2 : 1
    }
  }

  private mutating func addRecord(_ index: Int32, xref: UnsafeRawBufferPointer) {
    records.append(Int(index))
    let node = nodes[Int(index)]
    if node.tag == Tag.trlr {
      if trailerLine == 0 { trailerLine = lineCount }
    } else if trailerLine > 0, trailerLine != lineCount {
      warn("after-trailer", "a record follows the \"0 TRLR\" line of line \(trailerLine)", severity: .info)
    }
    guard node.hasXref else {
      recordXref.append(-1)
      return
    }
    let id = Int(xrefs.intern(xref))
    recordXref.append(Int32(id))
    if id == recordOfXref.count { recordOfXref.append(-1) }
    let first = recordOfXref[id]
    if first >= 0 {
      warn(
        "duplicate-xref",
        "the id @\(xrefs.name(Int32(id)))@ was already given to the record on line \(nodes[Int(first)].line); "
          + "pointers go to that first record", severity: .error)
    } else {
      recordOfXref[id] = index
    }
  }

  private mutating func closeSubtrees(deeperThan level: Int) {
    while let last = open.last, Int(nodes[Int(last)].level) >= level {
      nodes[Int(last)].subtreeEnd = UInt32(nodes.count)
      open.removeLast()
    }
  }

  /// Appends a continuation to the value of the innermost open line.
  private mutating func continueValue(
    _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, asNewLine: Bool, tag: Int32?
  ) {
    guard let parent = open.last.map(Int.init) else {
      warn("orphan-continuation", "a continuation line has no line to continue; skipped")
      return
    }
    if tag == nil {
      warn(
        "malformed-line", "the line does not start with a level number; read as a continuation of the line before")
    }
    var node = nodes[parent]
    if node.flags & GEDCOMNode.valueIsJoined == 0 || Int(node.valueStart + node.valueLength) != joined.count {
      let copyStart = joined.count
      if node.flags & GEDCOMNode.valueIsJoined != 0 {
        joined.append(contentsOf: joined[Int(node.valueStart)..<Int(node.valueStart + node.valueLength)])
      } else {
        joined.append(contentsOf: UnsafeBufferPointer(start: base + Int(node.valueStart), count: Int(node.valueLength)))
      }
      node.valueStart = UInt32(copyStart)
      node.flags |= GEDCOMNode.valueIsJoined
      node.flags &= ~GEDCOMNode.isPointer
    }
    if asNewLine { joined.append(0x0A) }
    var from = start
    if isVersion7, end - from >= 2, base[from] == 0x40, base[from + 1] == 0x40 { from += 1 }
    if isVersion7 {
      joined.append(contentsOf: UnsafeBufferPointer(start: base + from, count: end - from))
    } else {
      appendUnescaped(base, from: from, to: end)
    }
    node.valueLength = UInt32(joined.count) - node.valueStart
    if node.valueLength > 0 { node.flags |= GEDCOMNode.hasValue }
    nodes[parent] = node
  }

  private mutating func warn(_ code: String, _ message: String, severity: Diagnostic.Severity = .warning) {
    diagnostics.append(Diagnostic(line: lineCount, severity: severity, code: code, message: message))
  }
}
