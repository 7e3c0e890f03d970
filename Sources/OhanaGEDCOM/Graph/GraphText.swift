import Foundation

/// The text columns of the graph read straight from value bytes: for plain ASCII the splitting
/// and white-space collapsing of ``PersonName`` are done on bytes, anything else goes through
/// ``PersonName`` itself, so both give the same strings.
extension GEDCOMDocument {
  /// The interned xref of a record, given its id in the xref table.
  func internXref(id: Int32, into strings: inout GraphStrings) -> Int32 {
    xrefs.withKey(id) { strings.intern(xref: id, $0) }
  }

  /// The interned place (`PLAC`, white space collapsed) of an event node (-1: none).
  func internPlace(of event: Int32, into strings: inout GraphStrings, scratch: inout [UInt8]) -> Int32 {
    guard event >= 0, let place = firstChild(Int(event), tag: Tag.plac), nodes[place].hasValue else { return 0 }
    return withValueBytes(place) { bytes in
      if Self.isPlainASCII(bytes) { return Self.internCollapsed(bytes, into: &strings, scratch: &scratch) }
      return strings.intern(PersonName.collapse(String(decoding: bytes, as: UTF8.self)))
    }
  }

  /// The interned surname and given names of a `NAME` node (-1: none), as ``PersonName`` reads them.
  func internName(
    _ node: Int, into strings: inout GraphStrings, scratch: inout [UInt8]
  ) -> (surname: Int32, given: Int32) {
    guard node >= 0 else { return (0, 0) }
    let given = firstChild(node, tag: Tag.givn).flatMap { nodes[$0].hasValue ? $0 : nil }
    let surname = firstChild(node, tag: Tag.surn).flatMap { nodes[$0].hasValue ? $0 : nil }
    let plain =
      withValueBytes(node) { Self.isPlainASCII($0) } && given.map { withValueBytes($0) { Self.isPlainASCII($0) } } ?? true
      && surname.map { withValueBytes($0) { Self.isPlainASCII($0) } } ?? true
    guard plain else {
      let name = PersonName(
        value: value(node) ?? "", givenPart: given.flatMap { value($0) }, surnamePart: surname.flatMap { value($0) })
      return (strings.intern(name.surname), strings.intern(name.given))
    }
    let surnameID: Int32
    let givenID: Int32
    (surnameID, givenID) = withValueBytes(node) { value in
      // `Given /Surname/ rest`: the text before the first slash and between the first two.
      let firstSlash = value.firstIndex(of: 0x2F)
      let before = UnsafeRawBufferPointer(rebasing: value[..<(firstSlash ?? value.endIndex)])
      var between = UnsafeRawBufferPointer(start: nil, count: 0)
      if let firstSlash {
        let rest = value[(firstSlash + 1)...]
        between = UnsafeRawBufferPointer(rebasing: rest[..<(rest.firstIndex(of: 0x2F) ?? rest.endIndex)])
      }
      let surnameID =
        surname.map { withValueBytes($0) { Self.internCollapsed($0, into: &strings, scratch: &scratch) } }
        ?? Self.internCollapsed(between, into: &strings, scratch: &scratch)
      let givenID =
        given.map { withValueBytes($0) { Self.internCollapsed($0, into: &strings, scratch: &scratch) } }
        ?? Self.internCollapsed(before, into: &strings, scratch: &scratch)
      return (surnameID, givenID)
    }
    return (surnameID, givenID)
  }

  /// ASCII without carriage returns: text whose characters are its bytes.
  private static func isPlainASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
    TextDecoder.isASCII(bytes) && !bytes.contains(0x0D)
  }

  /// Interns `bytes` trimmed, with runs of spaces, tabs and line feeds made one space.
  private static func internCollapsed(
    _ bytes: UnsafeRawBufferPointer, into strings: inout GraphStrings, scratch: inout [UInt8]
  ) -> Int32 {
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
    return scratch.withUnsafeBytes { strings.intern($0) }
  }
}
