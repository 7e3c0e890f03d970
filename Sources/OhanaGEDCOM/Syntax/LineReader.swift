import Foundation

/// Where a ``LineReader`` hands what it reads.
protocol LineSink {
  /// Whether the reader keeps every node (a tree) instead of handing each root over and
  /// forgetting it.
  static var keepsTree: Bool { get }

  /// A level-0 node was read: its document index, where its xref is in `text` (nil without
  /// one), and the offset and number of its line.
  mutating func recordStarted(
    node: Int, xref: Range<Int>?, offset: Int, line: Int, text: UnsafePointer<UInt8>)

  /// `nodes`, from document index `base`, are whole roots with their subtrees, the root of
  /// each at its index in `roots`; the values marked joined are in `joined`, the others in
  /// `text`. Valid during the call only: the reader reuses them.
  mutating func rootsFinished(
    _ nodes: UnsafeBufferPointer<GEDCOMNode>, roots: UnsafeBufferPointer<Int32>, base: Int,
    joined: UnsafeRawBufferPointer, text: UnsafePointer<UInt8>)
}

/// Cuts UTF-8 GEDCOM text into nodes: the parser's hot loop.
///
/// One pass, no regular expressions, no per-line allocation: levels are read as digits, tags
/// interned in a ``SymbolTable``, values kept as byte ranges. `CONC`/`CONT` lines are appended
/// to the value of the line they continue, in ``joined``. Reads any range that starts at a
/// line, so a file can be read in parts (``GEDCOMScan``) and one record can be read again.
struct LineReader<Sink: LineSink> {
  /// Roots handed over at once: the sink reads them where they are, with the cache misses
  /// of their lookups overlapping.
  static var rootsPerHandOver: Int { 32 }

  let isVersion7: Bool
  let carriageReturnsOnly: Bool
  let reportsDiagnostics: Bool
  /// The nodes read and not yet handed over (all of them when the sink keeps the tree).
  private let buffer = ValueBuffer<GEDCOMNode>()
  /// The document index of `nodes[0]`.
  var base: Int
  var joined: [UInt8] = []
  /// Local indices of the roots in `buffer` (when the sink does not keep the tree).
  private let roots = ValueBuffer<Int32>(capacity: Self.rootsPerHandOver)
  /// Xrefs of the nodes kept (a tree only).
  var xrefSpans: [NodeTree.XrefSpan] = []
  var tags: SymbolTable
  var diagnostics: [Diagnostic] = []
  /// Lines read so far, plus the lines before the range.
  var lineCount: Int
  var blankLines = 0
  var firstBlankLine = 0
  var trailerLine = 0
  /// The tag cache of ``internTag(_:from:to:)``: packed tag bytes (0: empty) and their ids.
  private let tagCacheKeys = ValueBuffer<UInt64>(repeating: 0, count: 256)
  private let tagCacheIDs = ValueBuffer<Int32>(repeating: 0, count: 256)
  private var textCount = 0
  /// The nodes whose subtrees are still open, outermost first, with their levels at hand:
  /// read back from the nodes, the level waited on the node's store just made.
  private let open = ValueBuffer<OpenNode>()

  private struct OpenNode: BitwiseCopyable {
    /// The node's local index.
    var local: Int32
    var level: Int32
  }

  /// Reads lines as node `base` onwards, after `linesBefore` lines.
  init(
    tags: SymbolTable, isVersion7: Bool, carriageReturnsOnly: Bool, reportsDiagnostics: Bool, base: Int = 0,
    linesBefore: Int = 0
  ) {
    self.tags = tags
    self.isVersion7 = isVersion7
    self.carriageReturnsOnly = carriageReturnsOnly
    self.reportsDiagnostics = reportsDiagnostics
    self.base = base
    lineCount = linesBefore
  }

  /// The nodes read and not handed over: the whole tree when the sink keeps it.
  var nodes: [GEDCOMNode] { buffer.array }

  /// Reads the lines of `text[start..<end]` (`start` at the beginning of a line) and closes
  /// every node still open.
  mutating func read(_ text: UnsafeRawBufferPointer, from start: Int, to end: Int, into sink: inout Sink) {
    read(text, from: start, claiming: { $0 < end ? end : $0 }, into: &sink)
  }

  /// Reads the lines of `text` from `start` (the beginning of a line) a stretch at a time, as
  /// long as `claim` gives more: called with where reading got to, it returns the end of the
  /// next stretch to read (a line start), or its argument when there is no more. Then closes
  /// every node still open.
  mutating func read(
    _ text: UnsafeRawBufferPointer, from start: Int, claiming claim: (Int) -> Int, into sink: inout Sink
  ) {
    textCount = text.count
    guard let pointer = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
    var position = start
    while case let end = claim(position), end > position {
      readLines(pointer, from: position, to: end, into: &sink)
      position = end
    }
    let end = UInt32(base + buffer.count)
    for node in open.elements { buffer[Int(node.local)].subtreeEnd = end }
    open.removeAll()
    if !Sink.keepsTree, !buffer.isEmpty { handOver(pointer, to: &sink) }
  }

  /// The remarks on the whole text, once every part is read: blank lines, a missing trailer.
  static func closingDiagnostics(
    blankLines: Int, firstBlankLine: Int, trailerLine: Int, lineCount: Int
  ) -> [Diagnostic] {
    var found: [Diagnostic] = []
    if blankLines > 0 {
      found.append(
        Diagnostic(
          line: firstBlankLine, severity: .info, code: "blank-line",
          message: "\(blankLines) blank line\(blankLines == 1 ? " was" : "s were") skipped"))
    }
    if trailerLine == 0 {
      found.append(
        Diagnostic(
          line: lineCount, severity: .info, code: "missing-trailer",
          message: "the file does not end with a \"0 TRLR\" line (it may have been cut short)"))
    }
    return found
  }

  private mutating func readLines(
    _ base: UnsafePointer<UInt8>, from start: Int, to count: Int, into sink: inout Sink
  ) {
    var position = start
    while position < count {
      if !carriageReturnsOnly, let next = readPlainLine(base, from: position, to: count, into: &sink) {
        position = next
        continue
      }
      var end: Int
      if carriageReturnsOnly {
        end = position
        while end < count, base[end] != 0x0D, base[end] != 0x0A { end += 1 }
      } else {
        end = TextScan.first(0x0A, in: base, from: position, to: count)
      }
      var lineEnd = end
      while lineEnd > position, base[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      lineCount += 1
      readLine(base, from: position, to: lineEnd, into: &sink)
      position = end + 1
      if carriageReturnsOnly, end + 1 < count, base[end] == 0x0D, base[end + 1] == 0x0A { position += 1 }
    }
  }

  private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

  private mutating func readLine(
    _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into sink: inout Sink
  ) {
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
        index == end
          ? "the line holds a level number but no tag; skipped" : "no space after the level number; skipped")
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
        let id = String(
          decoding: UnsafeBufferPointer(start: base + idStart, count: xrefLength), as: UTF8.self)
        warn("malformed-xref", "the id @\(id) is not closed with \"@\"; read as @\(id)@")
      }
      index = close + 1
      while index < end, Self.isBlank(base[index]) { index += 1 }
    }
    let tagStart = index
    index = tagEnd(base, from: tagStart, to: end)
    guard index > tagStart else {
      warn("malformed-line", "the line has no tag; skipped")
      return
    }
    let tag = internTag(base, from: tagStart, to: index)
    // The value is everything after the one delimiter that follows the tag.
    addLine(
      base, level: level, tag: tag, xrefStart: xrefStart, xrefLength: xrefLength, lineStart: start,
      valueStart: index < end ? index + 1 : end, end: end, valueHasAt: nil, into: &sink)
  }

  /// Reads a line of the shape nearly every line has, `L [@ID@ ]TAG[ VALUE]` ending with LF or
  /// CRLF (one level digit, single spaces, a tag of one to seven bytes), in a few word-wide
  /// steps that also note whether the value holds an `@`; nil, having read nothing, for any
  /// other line, which ``readLine(_:from:to:into:)`` then reads. Returns where the next line
  /// starts.
  @inline(__always)
  private mutating func readPlainLine(
    _ base: UnsafePointer<UInt8>, from start: Int, to count: Int, into sink: inout Sink
  ) -> Int? {
    // Words are read only where eight bytes of the text remain.
    guard start &+ 10 <= textCount else { return nil }
    let line = UnsafeRawPointer(base + start)
    let level = Int(line.load(as: UInt8.self) &- 0x30)
    guard level < 10, line.load(fromByteOffset: 1, as: UInt8.self) == 0x20 else { return nil }
    var tagStart = start &+ 2
    var xrefLength = 0
    if base[tagStart] == 0x40 {
      var close = tagStart &+ 1
      while close < count, base[close] != 0x40, base[close] > 0x20 { close &+= 1 }
      xrefLength = close &- tagStart &- 1
      guard close &+ 1 < count, base[close] == 0x40, base[close &+ 1] == 0x20, xrefLength > 0,
        xrefLength <= Int(UInt16.max)
      else { return nil }
      tagStart = close &+ 2
      guard tagStart &+ 8 <= textCount else { return nil }
    }
    let word = UnsafeRawPointer(base + tagStart).loadUnaligned(as: UInt64.self).littleEndian
    // The tag ends at its first byte below "!": a space, a line break, a tab.
    let stops = TextScan.bytesBelow(0x21, in: word)
    let tagLength = stops.trailingZeroBitCount &>> 3
    guard tagLength > 0, tagLength < 8, UInt8(truncatingIfNeeded: word) != 0x40 else { return nil }
    let stop = base[tagStart &+ tagLength]
    var index = tagStart &+ tagLength
    var ats: UInt64 = 0
    if stop == 0x20 {
      // The line break, noting any "@" before it, eight bytes at a time.
      index &+= 1
      while true {
        guard index &+ 8 <= textCount else { return nil }
        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self).littleEndian
        let feeds = TextScan.zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A)
        let found = TextScan.zeroBytes(word ^ 0x4040_4040_4040_4040)
        if feeds != 0 {
          ats |= found & ((feeds & (0 &- feeds)) &- 1)
          index &+= feeds.trailingZeroBitCount &>> 3
          break
        }
        ats |= found
        index &+= 8
      }
    } else if stop != 0x0A, stop != 0x0D {
      return nil
    }
    guard index < count else { return nil }
    var end = index
    var next = index &+ 1
    if base[index] == 0x0D {
      guard index &+ 1 < count, base[index &+ 1] == 0x0A else { return nil }
      next &+= 1
    } else if end > tagStart, base[end &- 1] == 0x0D {
      end &-= 1
      guard base[end &- 1] != 0x0D else { return nil }
    }
    // Interned only now, for a line read here: a line left to the general reader may have
    // another tag (one that holds a control character, say).
    let tag = internTag(base, from: tagStart, to: tagStart &+ tagLength)
    lineCount &+= 1
    addLine(
      base, level: level, tag: tag, xrefStart: start &+ 3, xrefLength: xrefLength, lineStart: start,
      valueStart: stop == 0x20 ? tagStart &+ tagLength &+ 1 : end, end: end, valueHasAt: ats != 0, into: &sink
    )
    return next
  }

  /// Adds the line read: its node, or its text to the line it continues. Whether the value
  /// holds an `@` is nil when not known yet.
  @inline(__always)
  private mutating func addLine(
    _ base: UnsafePointer<UInt8>, level: Int, tag: Int32, xrefStart: Int, xrefLength: Int,
    lineStart start: Int,
    valueStart: Int, end: Int, valueHasAt: Bool?, into sink: inout Sink
  ) {
    if !isVersion7, end - start > TextScan.maximumLineLength {
      warn(
        "long-line",
        "the line is \(end - start) bytes long; GEDCOM 5.5.x allows \(TextScan.maximumLineLength)",
        severity: .info)
    }
    closeSubtrees(deeperThan: level)
    if tag == Tag.conc || tag == Tag.cont {
      continueValue(base, from: valueStart, to: end, asNewLine: tag == Tag.cont, tag: tag)
      return
    }
    if !open.isEmpty, level > Int(open.last.level) + 1 {
      let parentLevel = open.last.level
      warn("level-jump", "the level jumps from \(parentLevel) to \(level)")
    } else if open.isEmpty, level > 0 {
      warn("level-jump", "a line at level \(level) has no record above it")
    }
    if !Sink.keepsTree, open.isEmpty {
      if roots.count == Self.rootsPerHandOver { handOver(base, to: &sink) }
      roots.append(Int32(buffer.count))
    }
    // The node is made in one go from values in registers: made first and then changed by a
    // call, it was written to the stack in pieces and read back whole, which stalls.
    let value =
      end <= valueStart
      ? (start: UInt32(valueStart), length: 0, flags: 0)
      : valueHasAt ?? (memchr(base + valueStart, 0x40, end - valueStart) != nil)
        ? classifyValue(withAt: base, from: valueStart, to: end)
        : (start: UInt32(valueStart), length: UInt32(end - valueStart), flags: GEDCOMNode.hasValue)
    let local = Int32(buffer.count)
    buffer.append(
      GEDCOMNode(
        valueStart: value.start, valueLength: value.length, tag: tag, line: UInt32(lineCount), subtreeEnd: 0,
        level: UInt16(level), flags: value.flags | (xrefLength > 0 ? GEDCOMNode.hasXref : 0)))
    open.append(OpenNode(local: local, level: Int32(level)))
    if Sink.keepsTree, xrefLength > 0 {
      xrefSpans.append(
        NodeTree.XrefSpan(node: Int32(self.base) + local, start: UInt32(xrefStart), length: Int32(xrefLength))
      )
    }
    if level == 0 {
      let xref = xrefLength > 0 ? xrefStart..<xrefStart + xrefLength : nil
      addRecord(self.base + Int(local), tag: tag, xref: xref, offset: start, text: base, into: &sink)
    }
  }

  /// Where the tag starting at `start` ends: at the first space or tab, else at `end`. Tags
  /// are short: the first eight bytes are looked at at once.
  @inline(__always)
  private func tagEnd(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
    var index = start
    if start &+ 8 <= textCount {
      let word = UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self).littleEndian
      let blanks =
        TextScan.zeroBytes(word ^ 0x2020_2020_2020_2020) | TextScan.zeroBytes(word ^ 0x0909_0909_0909_0909)
      if blanks != 0 { return min(start &+ blanks.trailingZeroBitCount / 8, end) }
      index = min(start &+ 8, end)
    }
    while index < end, !Self.isBlank(base[index]) { index += 1 }
    return index
  }

  /// Gives the finished roots and their subtrees to the sink and forgets them.
  private mutating func handOver(_ text: UnsafePointer<UInt8>, to sink: inout Sink) {
    joined.withUnsafeBytes { joined in
      sink.rootsFinished(buffer.elements, roots: roots.elements, base: base, joined: joined, text: text)
    }
    base += buffer.count
    buffer.removeAll()
    roots.removeAll()
    joined.removeAll(keepingCapacity: true)
  }

  /// The id of the tag `base[start..<end]`; tags of up to seven bytes (nearly all) are looked
  /// up by their bytes packed in an integer, in a small direct-mapped cache before the table.
  @inline(__always)
  private mutating func internTag(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int32 {
    let length = end &- start
    guard length <= 7, start &+ 8 <= textCount else {
      return tags.intern(UnsafeRawBufferPointer(start: base + start, count: length))
    }
    let word = UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self).littleEndian
    let key = word & (1 &<< (8 &* UInt64(length)) &- 1) | UInt64(length) &<< 56
    let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> 56)
    if tagCacheKeys[slot] == key { return tagCacheIDs[slot] }
    return internTag(missed: key, slot: slot, UnsafeRawBufferPointer(start: base + start, count: length))
  }

  /// A tag not in the cache: from the table, then cached.
  @inline(never)
  private mutating func internTag(missed key: UInt64, slot: Int, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    let id = tags.intern(bytes)
    tagCacheKeys[slot] = key
    tagCacheIDs[slot] = id
    return id
  }

  /// Where a value's bytes are and its flags when it holds an `@` (most values have none): a
  /// pointer's without its `@`s, a 5.5 value with `@@` escapes undone in ``joined``.
  @inline(never)
  private mutating func classifyValue(withAt base: UnsafePointer<UInt8>, from start: Int, to end: Int)
    -> (start: UInt32, length: UInt32, flags: UInt8)
  {
    if end - start >= 3, base[start] == 0x40, base[end - 1] == 0x40, base[start + 1] != 0x23,
      base[start + 1] != 0x40, memchr(base + start + 1, 0x40, end - start - 2) == nil
    {
      return (UInt32(start + 1), UInt32(end - start - 2), GEDCOMNode.hasValue | GEDCOMNode.isPointer)
    }
    if isVersion7 {
      // GEDCOM 7 doubles only a leading "@".
      if end - start >= 2, base[start] == 0x40, base[start + 1] == 0x40 {
        return (UInt32(start + 1), UInt32(end - start - 1), GEDCOMNode.hasValue)
      }
    } else if Self.containsDoubledAt(base, from: start, to: end) {
      let joinedStart = joined.count
      appendUnescaped(base, from: start, to: end)
      return (
        UInt32(joinedStart), UInt32(joined.count - joinedStart),
        GEDCOMNode.hasValue | GEDCOMNode.valueIsJoined
      )
    }
    return (UInt32(start), UInt32(end - start), GEDCOMNode.hasValue)
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

  private mutating func addRecord(
    _ index: Int, tag: Int32, xref: Range<Int>?, offset: Int, text: UnsafePointer<UInt8>,
    into sink: inout Sink
  ) {
    if tag == Tag.trlr {
      if trailerLine == 0 { trailerLine = lineCount }
    } else if trailerLine > 0, trailerLine != lineCount {
      let trailer = trailerLine
      warn("after-trailer", "a record follows the \"0 TRLR\" line of line \(trailer)", severity: .info)
    }
    sink.recordStarted(node: index, xref: xref, offset: offset, line: lineCount, text: text)
  }

  private mutating func closeSubtrees(deeperThan level: Int) {
    let end = UInt32(base + buffer.count)
    while !open.isEmpty, Int(open.last.level) >= level {
      buffer[Int(open.last.local)].subtreeEnd = end
      open.removeLast()
    }
  }

  /// Appends a continuation to the value of the innermost open line.
  private mutating func continueValue(
    _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, asNewLine: Bool, tag: Int32?
  ) {
    guard !open.isEmpty else {
      warn("orphan-continuation", "a continuation line has no line to continue; skipped")
      return
    }
    if tag == nil {
      warn(
        "malformed-line",
        "the line does not start with a level number; read as a continuation of the line before")
    }
    let parent = Int(open.last.local)
    var node = buffer[parent]
    if node.flags & GEDCOMNode.valueIsJoined == 0 || Int(node.valueStart + node.valueLength) != joined.count {
      let copyStart = joined.count
      if node.flags & GEDCOMNode.valueIsJoined != 0 {
        joined.append(contentsOf: joined[Int(node.valueStart)..<Int(node.valueStart + node.valueLength)])
      } else {
        joined.append(
          contentsOf: UnsafeBufferPointer(start: base + Int(node.valueStart), count: Int(node.valueLength)))
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
    buffer[parent] = node
  }

  private mutating func warn(
    _ code: String, _ message: @autoclosure () -> String, severity: Diagnostic.Severity = .warning
  ) {
    guard reportsDiagnostics else { return }
    diagnostics.append(Diagnostic(line: lineCount, severity: severity, code: code, message: message()))
  }
}

/// A sink that keeps the whole tree: for the document's tree and for records read again.
struct TreeSink: LineSink {
  static var keepsTree: Bool { true }

  func recordStarted(node: Int, xref: Range<Int>?, offset: Int, line: Int, text: UnsafePointer<UInt8>) {}

  func rootsFinished(
    _ nodes: UnsafeBufferPointer<GEDCOMNode>, roots: UnsafeBufferPointer<Int32>, base: Int,
    joined: UnsafeRawBufferPointer, text: UnsafePointer<UInt8>
  ) {}
}
