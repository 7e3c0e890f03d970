import OhanaDates

/// A parsed GEDCOM file: the lossless record tree, the reconciled records (typed views made
/// on access), and what was found wrong.
///
/// The text is held once, as UTF-8 bytes (transcoded from the file's encoding when it is not
/// ASCII or UTF-8 already). Parsing keeps only what the graph and the checks need, per record;
/// the record tree is read again from the text when it is asked for: the whole tree once, on
/// the first use of ``nodes`` or of the node accessors, and one record at a time for the typed
/// views.
public struct GEDCOMDocument: Sendable {
  /// The file's text in UTF-8, from ``textStart`` (past a UTF-8 byte-order mark).
  let text: GEDCOMText
  let textStart: Int
  var tags: SymbolTable
  /// Record xrefs and pointer targets.
  var xrefs: XrefTable
  /// Names and places as the graph keeps them; id 0 is the empty text.
  var texts: SymbolTable
  /// For each interned xref id, the node of the record that has it first (-1: none).
  var recordOfXref: [Int32]
  /// Per record (level-0 node): its node, its xref id (-1: none), the offset of its line in the
  /// text, and its line number.
  var recordNodes: [Int32]
  var recordXref: [Int32]
  var recordOffset: [UInt32]
  var recordLines: [UInt32]
  /// Number of nodes in the tree.
  let nodeCount: Int

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

  /// The whole tree, read on first use.
  private let tree = TreeCache()

  init(
    text: GEDCOMText, textStart: Int, scan: GEDCOMScan, declaredVersion: String?, version: String,
    encoding: EncodingChoice, lineEnding: String, sourceProgram: String?
  ) {
    self.text = text
    self.textStart = textStart
    tags = scan.tags
    xrefs = scan.xrefs
    texts = scan.records.texts
    recordOfXref = scan.records.recordOfXref
    recordNodes = scan.records.recordNodes
    recordXref = scan.records.recordXref
    recordOffset = scan.records.recordOffset
    recordLines = scan.records.recordLine
    nodeCount = scan.nodeCount
    index = scan.records.index
    self.declaredVersion = declaredVersion
    self.version = version
    self.encoding = encoding
    self.lineEnding = lineEnding
    lineCount = scan.lineCount
    self.sourceProgram = sourceProgram
  }

  /// Indices of the level-0 nodes.
  public var records: [Int] { recordNodes.map(Int.init) }

  /// Whether the file's version is GEDCOM 7.
  public var isVersion7: Bool { version.hasPrefix("7") }

  // MARK: - The record tree

  /// Every line except `CONC`/`CONT`, in file order. The tree is read from the text on first
  /// use and kept.
  public var nodes: [GEDCOMNode] { fullTree.nodes }

  /// The whole tree.
  var fullTree: NodeTree {
    tree.value { readTree(from: textStart, to: text.count, base: 0, linesBefore: 0) }
  }

  /// The nodes of the record at `position` in ``records`` (with any lines after it that no
  /// record holds), read again from the text: the same nodes as in the whole tree.
  func recordTree(_ position: Int) -> NodeTree {
    let end = position + 1 < recordOffset.count ? Int(recordOffset[position + 1]) : text.count
    return readTree(
      from: Int(recordOffset[position]), to: end, base: Int(recordNodes[position]),
      linesBefore: Int(recordLines[position]) - 1)
  }

  private func readTree(from start: Int, to end: Int, base: Int, linesBefore: Int) -> NodeTree {
    var reader = LineReader<TreeSink>(
      tags: tags, isVersion7: isVersion7, carriageReturnsOnly: lineEnding == "CR", reportsDiagnostics: false,
      base: base, linesBefore: linesBefore)
    var sink = TreeSink()
    text.withUnsafeBytes { reader.read($0, from: start, to: end, into: &sink) }
    return NodeTree(
      text: text, joined: reader.joined, nodes: reader.nodes, xrefSpans: reader.xrefSpans, tags: tags,
      base: base)
  }

  /// The line number of the record at `position` in ``records``.
  func recordLine(_ position: Int) -> Int { Int(recordLines[position]) }

  /// The tag of the record node `node`.
  func recordTag(ofNode node: Int) -> String {
    var low = 0
    var high = recordNodes.count
    while low < high {
      let middle = (low + high) / 2
      if Int(recordNodes[middle]) < node { low = middle + 1 } else { high = middle }
    }
    return recordTree(low).tag(node)
  }

  // MARK: - Reading the tree

  /// The tag of the node at `index`, as written (extension tags keep their `_`).
  public func tag(_ index: Int) -> String { fullTree.tag(index) }

  /// The spelling of an interned tag id.
  public func tagName(_ id: Int32) -> String { tags.name(id) }

  /// The cross-reference id of a record node, without the `@`.
  public func xref(_ index: Int) -> String? { fullTree.xref(index) }

  /// The value of the node at `index` (continuations joined, escapes undone), or nil if none.
  /// For a pointer it is the target's id without the `@`.
  public func value(_ index: Int) -> String? { fullTree.value(index) }

  /// Indices of the direct children of the node at `index`.
  public func children(_ index: Int) -> [Int] { fullTree.children(index) }

  /// The first direct child of `index` with tag `tag`.
  public func firstChild(_ index: Int, tag: Int32) -> Int? { fullTree.firstChild(index, tag: tag) }

  /// The index of the record node whose id is `xref` (without `@`).
  public func record(withXref xref: String) -> Int? {
    guard let id = xrefs.find(xref) else { return nil }
    let node = recordOfXref[Int(id)]
    return node >= 0 ? Int(node) : nil
  }
}
