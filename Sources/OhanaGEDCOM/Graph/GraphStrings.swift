import Foundation
import OhanaParallel

/// Interns the graph's strings from UTF-8 bytes with the meaning of `String` equality: ids in
/// order of first appearance, 0 for the empty string, each string kept as first spelled.
///
/// ASCII text (nearly all of it) goes through a byte-keyed ``SymbolTable`` without making a
/// `String` for repeats; text with other characters goes through a `String` dictionary,
/// because `String` equates canonically equivalent spellings. Record ids, all distinct and
/// already interned by the parser, are not hashed again: they map through their parser id, and
/// a name or place spelled like an id is matched to it through the parser's id table.
///
/// Ids are given in one pass; the `String`s of ids and ASCII text are made afterwards
/// (``strings()``), from the bytes where they are kept, so that the pass that gives ids reads
/// no id's bytes when every id is ASCII.
struct GraphStrings {
  private var table: SymbolTable
  /// The string id of each symbol of `table`.
  private var ids: [Int32] = []
  private var unicode: [String: Int32] = [:]
  /// The parser's xref table, and the string id of each of its xrefs (-1: not met yet).
  private let xrefs: XrefTable
  private(set) var xrefIDs: [Int32]
  /// Whether every xref is ASCII (nearly always): then none needs looking at before the end.
  private let xrefsAreASCII: Bool
  /// Where each string's bytes are: an xref id (≥ 0), a symbol of `table` (-1 - symbol), or
  /// ``made`` for text with other characters than ASCII.
  private var sources: [Int64] = [Self.made]
  private var madeStrings: [Int32: String] = [:]

  private static let made = Int64.min

  init(xrefs: XrefTable, capacity: Int) {
    table = SymbolTable(capacity: 1024)
    self.xrefs = xrefs
    xrefIDs = Array(repeating: -1, count: xrefs.count)
    xrefsAreASCII = xrefs.keysAreASCII
    sources.reserveCapacity(capacity + 1)
    madeStrings[0] = ""
  }

  /// The id of the xref whose id in the parser's xref table is `xref`.
  mutating func intern(xref: Int32) -> Int32 {
    if xrefIDs[Int(xref)] >= 0 { return xrefIDs[Int(xref)] }
    let id: Int32
    if xrefsAreASCII || xrefs.withKey(xref, { TextDecoder.isASCII($0) }) {
      id = Int32(sources.count)
      sources.append(Int64(xref))
    } else {
      id = intern(unicode: xrefs.name(xref))
    }
    xrefIDs[Int(xref)] = id
    return id
  }

  /// The id of the text `bytes` (valid UTF-8).
  mutating func intern(_ bytes: UnsafeRawBufferPointer) -> Int32 {
    if bytes.isEmpty { return 0 }
    if TextDecoder.isASCII(bytes) { return intern(ascii: bytes, spelling: nil) }
    return intern(unicode: String(decoding: bytes, as: UTF8.self))
  }

  /// The id of ASCII `bytes`; `spelling` is the string to keep when new (nil: the bytes).
  private mutating func intern(ascii bytes: UnsafeRawBufferPointer, spelling: String?) -> Int32 {
    let symbol = Int(table.intern(bytes))
    if symbol == ids.count {
      // New text, unless an xref is spelled so: then both are one string.
      let xref = xrefs.find(bytes).map(Int.init)
      if let xref, xrefIDs[xref] >= 0 {
        ids.append(xrefIDs[xref])
      } else {
        let id = Int32(sources.count)
        ids.append(id)
        if let spelling {
          sources.append(Self.made)
          madeStrings[id] = spelling
        } else {
          sources.append(-1 - Int64(symbol))
        }
        if let xref { xrefIDs[xref] = id }
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
      id = composed.withUTF8 { intern(ascii: UnsafeRawBufferPointer($0), spelling: text) }
    } else {
      id = Int32(sources.count)
      sources.append(Self.made)
      madeStrings[id] = text
    }
    unicode[text] = id
    return id
  }

  /// Every string, by id, made on all cores from the bytes in place (made through calls that
  /// retain the tables, two threads contended for their reference counts and took twice the
  /// processor time of one).
  func strings() -> [String] {
    let count = sources.count
    return xrefs.withKeys { xrefKeys in
      table.withKeys { textKeys in
        [String](unsafeUninitializedCapacity: count) { buffer, initialized in
          let base = buffer.baseAddress!
          Parallel.map(count, chunks: 2, minimumPerChunk: 100_000) { ids in
            for id in ids {
              let source = sources[id]
              (base + id).initialize(
                to: source == Self.made
                  ? madeStrings[Int32(id)]!
                  : String(
                    decoding: source >= 0 ? xrefKeys[Int32(source)] : textKeys[Int32(-1 - source)],
                    as: UTF8.self))
            }
          }
          initialized = count
        }
      }
    }
  }
}
