/// Nodes of the record tree with what their text needs: the whole file's tree, or the nodes of
/// one record read again on demand (``GEDCOMDocument/recordTree(_:)``).
///
/// Node indices are the document's: the first node here is node ``base`` of the whole tree.
struct NodeTree: Sendable {
  /// The document's text (UTF-8).
  let text: GEDCOMText
  /// Values that had to be rewritten (joined continuations, unescaped `@@`).
  let joined: [UInt8]
  let nodes: [GEDCOMNode]
  /// Where the xref of each node that has one is in the text, in node order.
  let xrefSpans: [XrefSpan]
  let tags: SymbolTable
  /// The document index of `nodes[0]`.
  let base: Int

  /// The xref (without `@`) of node `node`, as a byte range of the text.
  struct XrefSpan: Sendable {
    var node: Int32
    var start: UInt32
    var length: Int32
  }

  /// The node with document index `index`.
  subscript(index: Int) -> GEDCOMNode { nodes[index - base] }

  /// Document indices of the nodes held.
  var indices: Range<Int> { base..<base + nodes.count }

  func tag(_ index: Int) -> String { tags.name(self[index].tag) }

  func xref(_ index: Int) -> String? {
    guard self[index].hasXref else { return nil }
    // The side table is in node order: a binary search finds the node's entry.
    var low = 0
    var high = xrefSpans.count
    while low < high {
      let middle = (low + high) / 2
      if Int(xrefSpans[middle].node) < index { low = middle + 1 } else { high = middle }
    }
    let span = xrefSpans[low]
    return text.withUnsafeBytes {
      String(decoding: $0[Int(span.start)..<Int(span.start) + Int(span.length)], as: UTF8.self)
    }
  }

  func value(_ index: Int) -> String? {
    guard self[index].hasValue else { return nil }
    return withValueBytes(index) { String(decoding: $0, as: UTF8.self) }
  }

  func withValueBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    let node = self[index]
    let start = Int(node.valueStart)
    let count = Int(node.valueLength)
    if node.flags & GEDCOMNode.valueIsJoined != 0 {
      return try joined.withUnsafeBytes {
        try body(UnsafeRawBufferPointer(rebasing: $0[start..<start + count]))
      }
    }
    return try text.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<start + count])) }
  }

  func children(_ index: Int) -> [Int] {
    var result: [Int] = []
    var child = index + 1
    let end = Int(self[index].subtreeEnd)
    while child < end {
      result.append(child)
      child = Int(self[child].subtreeEnd)
    }
    return result
  }

  func firstChild(_ index: Int, tag: Int32) -> Int? {
    var child = index + 1
    let end = Int(self[index].subtreeEnd)
    while child < end {
      if self[child].tag == tag { return child }
      child = Int(self[child].subtreeEnd)
    }
    return nil
  }
}
