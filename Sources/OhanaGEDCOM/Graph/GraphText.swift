import Foundation

/// The text columns of the graph read straight from value bytes: for plain ASCII the splitting
/// and white-space collapsing of ``PersonName`` are done on bytes, anything else goes through
/// ``PersonName`` itself, so both give the same strings. Each text is interned in
/// ``RecordScanner/texts`` by its bytes; the graph turns the few distinct ones into strings.
extension RecordScanner {
  /// The text id of the place (`PLAC`, white space collapsed) of an event node (-1: none).
  mutating func internPlace(_ record: Root, of event: Int) -> Int32 {
    guard event >= 0, let place = record.firstChild(event, tag: Tag.plac), record.nodes[place].hasValue else {
      return 0
    }
    return record.withValueBytes(place) { bytes in
      if Self.isPlainASCII(bytes) { return internCollapsed(bytes) }
      return internText(PersonName.collapse(String(decoding: bytes, as: UTF8.self)))
    }
  }

  /// The text ids of the surname and given names of a `NAME` node (-1: none), as
  /// ``PersonName`` reads them.
  mutating func internName(_ record: Root, _ node: Int) -> (surname: Int32, given: Int32) {
    guard node >= 0 else { return (0, 0) }
    let given = record.firstChild(node, tag: Tag.givn).flatMap { record.nodes[$0].hasValue ? $0 : nil }
    let surname = record.firstChild(node, tag: Tag.surn).flatMap { record.nodes[$0].hasValue ? $0 : nil }
    let plain =
      record.withValueBytes(node) { Self.isPlainASCII($0) }
      && given.map { record.withValueBytes($0) { Self.isPlainASCII($0) } } ?? true
      && surname.map { record.withValueBytes($0) { Self.isPlainASCII($0) } } ?? true
    guard plain else {
      let name = PersonName(
        value: record.value(node) ?? "", givenPart: given.flatMap { record.value($0) },
        surnamePart: surname.flatMap { record.value($0) })
      return (internText(name.surname), internText(name.given))
    }
    return record.withValueBytes(node) { value in
      // `Given /Surname/ rest`: the text before the first slash and between the first two.
      let firstSlash = Self.slash(in: value, from: 0)
      let before = UnsafeRawBufferPointer(rebasing: value[..<firstSlash])
      var between = UnsafeRawBufferPointer(start: nil, count: 0)
      if firstSlash < value.count {
        between = UnsafeRawBufferPointer(
          rebasing: value[(firstSlash + 1)..<Self.slash(in: value, from: firstSlash + 1)])
      }
      let surnameID =
        surname.map { record.withValueBytes($0) { internCollapsed($0) } } ?? internCollapsed(between)
      let givenID = given.map { record.withValueBytes($0) { internCollapsed($0) } } ?? internCollapsed(before)
      return (surnameID, givenID)
    }
  }

  /// ASCII without carriage returns: text whose characters are its bytes.
  private static func isPlainASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
    TextDecoder.isASCII(bytes) && (bytes.isEmpty || memchr(bytes.baseAddress!, 0x0D, bytes.count) == nil)
  }

  /// The offset of the first slash in `bytes[from...]`, else `bytes.count`.
  private static func slash(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
    guard start < bytes.count, let found = memchr(bytes.baseAddress! + start, 0x2F, bytes.count - start)
    else {
      return bytes.count
    }
    return UnsafeRawPointer(found) - bytes.baseAddress!
  }

  private mutating func internText(_ text: String) -> Int32 {
    var text = text
    return text.withUTF8 { internKnown(UnsafeRawBufferPointer($0)) }
  }

  /// Interns `bytes` trimmed, with runs of spaces, tabs and line feeds made one space.
  private mutating func internCollapsed(_ bytes: UnsafeRawBufferPointer) -> Int32 {
    // Usually only the ends need trimming: the text is then interned where it is.
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == 0x20 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 { end -= 1 }
    var index = start
    while index < end {
      let byte = bytes[index]
      if byte == 0x09 || byte == 0x0A || byte == 0x20 && bytes[index + 1] == 0x20 { break }
      index += 1
    }
    if index == end { return internKnown(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) }
    scratch.removeAll(keepingCapacity: true)
    var pendingSpace = false
    for byte in bytes {
      if byte == 0x20 || byte == 0x09 || byte == 0x0A {
        pendingSpace = !scratch.isEmpty
        continue
      }
      if pendingSpace {
        scratch.append(0x20)
        pendingSpace = false
      }
      scratch.append(byte)
    }
    return scratch.withUnsafeBytes { internKnown($0) }
  }

  /// The text id of `bytes`, from ``knownTexts`` when they were interned lately.
  @inline(__always)
  private mutating func internKnown(_ bytes: UnsafeRawBufferPointer) -> Int32 {
    if let id = knownTexts[bytes] { return id }
    let id = texts.intern(bytes)
    knownTexts[bytes] = id
    return id
  }
}
