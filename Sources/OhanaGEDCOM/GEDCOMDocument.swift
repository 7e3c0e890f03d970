import OhanaDates

/// A parsed GEDCOM file: the lossless record tree, the reconciled records (typed views made
/// on access), and what was found wrong.
///
/// The text is held once, as UTF-8 bytes (transcoded from the file's encoding); nodes refer to
/// it by byte ranges. Values joined from `CONC`/`CONT` lines (and unescaped `@@`) live in a
/// second buffer.
public struct GEDCOMDocument: Sendable {
  /// The file's text in UTF-8.
  let text: [UInt8]
  /// Values that had to be rewritten: joined continuations, unescaped `@@`.
  var joined: [UInt8]
  /// Every line except `CONC`/`CONT`, in file order.
  public internal(set) var nodes: [GEDCOMNode]
  /// Where the xref of each node that has one is in the text, in node order.
  var xrefSpans: [XrefSpan]
  var tags: SymbolTable
  var xrefs: SymbolTable
  /// For each interned xref id, the index of the record node that defines it (-1: none).
  var recordOfXref: [Int32]
  /// Indices of the level-0 nodes.
  public internal(set) var records: [Int]
  /// The interned xref id of each record (-1: none), beside ``records``.
  var recordXref: [Int32]

  /// The GEDCOM version the file declares in `HEAD.GEDC.VERS`, as written.
  public internal(set) var declaredVersion: String?
  /// The version the file was read as: `5.5`, `5.5.1`, `5.5.5` or `7.0`.
  public internal(set) var version: String
  /// How the bytes were decoded.
  public internal(set) var encoding: EncodingChoice
  /// Line ending found first: `LF`, `CRLF` or `CR`.
  public internal(set) var lineEnding: String
  /// Number of physical lines read.
  public internal(set) var lineCount: Int
  /// The program that wrote the file (`HEAD.SOUR`), if named.
  public internal(set) var sourceProgram: String?

  /// The reconciled records in compact form, from which the typed views (``individuals``,
  /// ``families``, ``sources``, ``notes``) are made on access.
  var index = RecordIndex()
  /// Findings, in line order within each check.
  public internal(set) var diagnostics: [Diagnostic] = []

  /// Whether the file's version is GEDCOM 7.
  public var isVersion7: Bool { version.hasPrefix("7") }

  /// The xref (without `@`) of node `node`, as a byte range of the text.
  struct XrefSpan: Sendable {
    var node: Int32
    var start: UInt32
    var length: Int32
  }

  // MARK: - Reading the tree

  /// The tag of the node at `index`, as written (extension tags keep their `_`).
  public func tag(_ index: Int) -> String { tags.name(nodes[index].tag) }

  /// The spelling of an interned tag id.
  public func tagName(_ id: Int32) -> String { tags.name(id) }

  /// The cross-reference id of a record node, without the `@`.
  public func xref(_ index: Int) -> String? {
    guard nodes[index].hasXref else { return nil }
    // The side table is in node order: a binary search finds the node's entry.
    var low = 0
    var high = xrefSpans.count
    while low < high {
      let middle = (low + high) / 2
      if xrefSpans[middle].node < index { low = middle + 1 } else { high = middle }
    }
    let span = xrefSpans[low]
    return String(decoding: text[Int(span.start)..<Int(span.start) + Int(span.length)], as: UTF8.self)
  }

  /// The value of the node at `index` (continuations joined, escapes undone), or nil if none.
  /// For a pointer it is the target's id without the `@`.
  public func value(_ index: Int) -> String? {
    guard nodes[index].hasValue else { return nil }
    return withValueBytes(index) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the value bytes of the node at `index` (empty when there is none).
  func withValueBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    let node = nodes[index]
    let start = Int(node.valueStart)
    let count = Int(node.valueLength)
    let buffer = node.flags & GEDCOMNode.valueIsJoined != 0 ? joined : text
    return try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<start + count])) }
  }

  /// Indices of the direct children of the node at `index`.
  public func children(_ index: Int) -> [Int] {
    var result: [Int] = []
    var child = index + 1
    let end = Int(nodes[index].subtreeEnd)
    while child < end {
      result.append(child)
      child = Int(nodes[child].subtreeEnd)
    }
    return result
  }

  /// The first direct child of `index` with tag `tag`.
  public func firstChild(_ index: Int, tag: Int32) -> Int? {
    var child = index + 1
    let end = Int(nodes[index].subtreeEnd)
    while child < end {
      if nodes[child].tag == tag { return child }
      child = Int(nodes[child].subtreeEnd)
    }
    return nil
  }

  /// The index of the record node whose id is `xref` (without `@`).
  public func record(withXref xref: String) -> Int? {
    guard let id = xrefs.find(xref) else { return nil }
    let node = recordOfXref[Int(id)]
    return node >= 0 ? Int(node) : nil
  }

  /// The record node a pointer node points at, if it exists.
  func target(ofPointer index: Int) -> Int? {
    guard nodes[index].isPointer else { return nil }
    let id = withValueBytes(index) { (bytes: UnsafeRawBufferPointer) in xrefs.find(bytes) }
    guard let id else { return nil }
    let node = recordOfXref[Int(id)]
    return node >= 0 ? Int(node) : nil
  }
}
