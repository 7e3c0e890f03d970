import Foundation

/// Interns the graph's strings from UTF-8 bytes with the meaning of `String` equality: ids in
/// order of first appearance, 0 for the empty string, each string kept as first spelled.
///
/// ASCII text (nearly all of it) goes through a byte-keyed ``SymbolTable`` without making a
/// `String` for repeats; text with other characters goes through a `String` dictionary,
/// because `String` equates canonically equivalent spellings. Record ids, all distinct and
/// already interned by the parser, are not hashed again: they map through their parser id, and
/// a name or place spelled like an id is matched to it through the parser's id table.
struct GraphStrings {
  private(set) var strings: [String] = [""]
  private var table: SymbolTable
  /// The string id of each symbol of `table`.
  private var ids: [Int32] = []
  private var unicode: [String: Int32] = [:]
  /// The parser's xref table, and the string id of each of its xrefs (-1: not met yet).
  private let xrefs: XrefTable
  private var xrefIDs: [Int32]

  init(xrefs: XrefTable, capacity: Int) {
    table = SymbolTable(capacity: 1024)
    self.xrefs = xrefs
    xrefIDs = Array(repeating: -1, count: xrefs.count)
    strings.reserveCapacity(capacity + 1)
  }

  /// The id of the xref `bytes`, whose id in the parser's xref table is `xref`.
  mutating func intern(xref: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    if xrefIDs[Int(xref)] >= 0 { return xrefIDs[Int(xref)] }
    let id: Int32
    if TextDecoder.isASCII(bytes) {
      id = Int32(strings.count)
      strings.append(String(decoding: bytes, as: UTF8.self))
    } else {
      id = intern(unicode: String(decoding: bytes, as: UTF8.self))
    }
    xrefIDs[Int(xref)] = id
    return id
  }

  /// The id of the text `bytes` (valid UTF-8).
  mutating func intern(_ bytes: UnsafeRawBufferPointer) -> Int32 {
    if bytes.isEmpty { return 0 }
    if TextDecoder.isASCII(bytes) { return intern(ascii: bytes) { String(decoding: bytes, as: UTF8.self) } }
    return intern(unicode: String(decoding: bytes, as: UTF8.self))
  }

  private mutating func intern(ascii bytes: UnsafeRawBufferPointer, spelling: () -> String) -> Int32 {
    let symbol = Int(table.intern(bytes))
    if symbol == ids.count {
      // New text, unless an xref is spelled so: then both are one string.
      let xref = xrefs.find(bytes).map(Int.init)
      if let xref, xrefIDs[xref] >= 0 {
        ids.append(xrefIDs[xref])
      } else {
        ids.append(Int32(strings.count))
        strings.append(spelling())
        if let xref { xrefIDs[xref] = ids[symbol] }
      }
    }
    return ids[symbol]
  }

  private mutating func intern(unicode text: String) -> Int32 {
    if let id = unicode[text] { return id }
    // Text can equal ASCII text (a Kelvin sign is a K): it then shares the ASCII entry.
    var composed = text.precomposedStringWithCanonicalMapping
    let id: Int32
    if composed.utf8.allSatisfy({ $0 < 0x80 }) {
      id = composed.withUTF8 { intern(ascii: UnsafeRawBufferPointer($0)) { text } }
    } else {
      id = Int32(strings.count)
      strings.append(text)
    }
    unicode[text] = id
    return id
  }
}
