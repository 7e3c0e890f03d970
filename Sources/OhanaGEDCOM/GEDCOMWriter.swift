/// Writes a ``GEDCOMDocument``'s record tree back out as GEDCOM, in UTF-8.
///
/// Multi-line values become `CONT` lines; in 5.5.x, lines longer than 255 bytes are split with
/// `CONC` (never inside a UTF-8 character or an `@@` escape, and not next to a space, which
/// some readers trim). `@` is escaped as the file's version requires. `HEAD.CHAR` is rewritten
/// to `UTF-8`, the encoding written; apart from that node, parsing the output gives the same
/// tree.
public enum GEDCOMWriter {
  /// The document as GEDCOM text.
  public static func write(_ document: GEDCOMDocument) -> [UInt8] {
    let tree = document.fullTree
    var out: [UInt8] = []
    out.reserveCapacity(tree.text.count + tree.joined.count)
    let isVersion7 = document.isVersion7
    var recordTag: Int32 = -1
    for index in tree.indices {
      let node = tree[index]
      if node.level == 0 { recordTag = node.tag }
      var prefix = Array(String(node.level).utf8)
      if node.hasXref {
        prefix.append(0x20)
        prefix.append(0x40)
        prefix += Array((tree.xref(index) ?? "").utf8)
        prefix.append(0x40)
      }
      prefix.append(0x20)
      prefix += Array(tree.tag(index).utf8)
      var value: [UInt8]
      if recordTag == Tag.head, node.tag == Tag.char, node.level == 1, !isVersion7 {
        value = Array("UTF-8".utf8)
      } else if node.isPointer {
        value = [0x40] + tree.withValueBytes(index) { Array($0) } + [0x40]
      } else {
        value = tree.withValueBytes(index) { Array($0) }
      }
      let segments = value.split(separator: 0x0A, omittingEmptySubsequences: false)
      // As an Int: a level read as the largest one (65535) has continuations one deeper.
      let continuation = Array(String(Int(node.level) + 1).utf8)
      for (number, segment) in segments.enumerated() {
        let escaped =
          node.isPointer ? Array(segment) : escape(Array(segment), isVersion7: isVersion7, first: number == 0)
        var linePrefix = prefix
        if number > 0 { linePrefix = continuation + Array(" CONT".utf8) }
        if !(number == 0 && escaped.isEmpty && !node.hasValue) || number > 0 {
          emit(linePrefix, escaped, continuation: continuation, splitLong: !isVersion7, into: &out)
        } else {
          out += linePrefix
          out.append(0x0A)
        }
      }
    }
    return out
  }

  /// One line, split with `CONC` when it is too long for 5.5.x.
  private static func emit(
    _ prefix: [UInt8], _ value: [UInt8], continuation: [UInt8], splitLong: Bool, into out: inout [UInt8]
  ) {
    var start = 0
    var linePrefix = prefix
    repeat {
      let room = TextScan.maximumLineLength - linePrefix.count - 1
      var end = value.count
      if splitLong, value.count - start > room, room > 8 {
        end = splitPoint(value, from: start, limit: start + room)
      }
      out += linePrefix
      if end > start || start == 0 && !value.isEmpty {
        out.append(0x20)
        out += value[start..<end]
      } else if start == 0, value.isEmpty {
        // An empty first segment of a multi-line value: the line has no value.
      }
      out.append(0x0A)
      start = end
      linePrefix = continuation + Array(" CONC".utf8)
    } while start < value.count
  }

  /// The latest index at most `limit` where `value` can be cut: not inside a UTF-8 character,
  /// not between two `@`, and preferably not beside a space.
  private static func splitPoint(_ value: [UInt8], from start: Int, limit: Int) -> Int {
    func allowed(_ cut: Int, strict: Bool) -> Bool {
      guard cut > start, cut < value.count else { return false }
      if value[cut] & 0xC0 == 0x80 { return false }
      if value[cut] == 0x40 && value[cut - 1] == 0x40 { return false }
      if strict && (value[cut] == 0x20 || value[cut - 1] == 0x20) { return false }
      return true
    }
    for strict in [true, false] {
      var cut = limit
      while cut > start + 1 {
        if allowed(cut, strict: strict) { return cut }
        cut -= 1
      }
    }
    return limit
  }

  /// Escapes `@` so that reading gives the value back: in 7.0 a leading `@` is doubled; in
  /// 5.5.x every run of two or more `@` is doubled, and a lone leading `@` too when the value
  /// would otherwise read as a pointer.
  static func escape(_ value: [UInt8], isVersion7: Bool, first: Bool) -> [UInt8] {
    guard value.contains(0x40) else { return value }
    if isVersion7 { return value.first == 0x40 ? [0x40] + value : value }
    var out: [UInt8] = []
    out.reserveCapacity(value.count + 4)
    var index = 0
    while index < value.count {
      guard value[index] == 0x40 else {
        out.append(value[index])
        index += 1
        continue
      }
      var run = index
      while run < value.count, value[run] == 0x40 { run += 1 }
      let length = run - index
      let pointerShaped =
        first && index == 0 && length == 1 && value.count >= 3 && value.last == 0x40
        && !value.dropFirst().dropLast().contains(0x40) && value[1] != 0x23
      let written = length >= 2 || pointerShaped ? length * 2 : length
      out += [UInt8](repeating: 0x40, count: written)
      index = run
    }
    return out
  }
}
