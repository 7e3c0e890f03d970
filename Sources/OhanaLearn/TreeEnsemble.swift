import OhanaJSON
import OhanaParallel

/// Trees as flat arrays of nodes, shared by gradient-boosted trees and random forests.
///
/// A categorical split at word offset `o` stores `[w, left words (w), right words (w)]` from `o` in
/// ``categoryWords``: bit `c` of the left (right) words is set when category code `c` goes left
/// (right); codes in neither set, NaN and non-codes follow the missing direction.
struct TreeEnsemble: Sendable, Equatable {
  var nodes: [TreeNode] = []
  var roots: [Int32] = []
  var categoryWords: [UInt64] = []

  var treeCount: Int { roots.count }

  /// Rows predicted together, tree after tree, so a tree's nodes stay cached across the block.
  static let predictionBlock = 4_096

  /// Appends a tree whose child indices and category offsets are relative to its own arrays.
  mutating func append(nodes treeNodes: [TreeNode], categoryWords treeWords: [UInt64]) {
    let nodeBase = Int32(nodes.count)
    let wordBase = categoryWords.count
    roots.append(nodeBase)
    for var node in treeNodes {
      if !node.isLeaf {
        node.left += nodeBase
        if node.isCategorical { node.value += Double(wordBase) }
      }
      nodes.append(node)
    }
    categoryWords.append(contentsOf: treeWords)
  }

  /// Keeps only the first `count` trees.
  mutating func truncate(toTrees count: Int) {
    guard count < roots.count else { return }
    let nodeEnd = Int(roots[count])
    var wordEnd = categoryWords.count
    for node in nodes[nodeEnd...] where !node.isLeaf && node.isCategorical {
      wordEnd = min(wordEnd, node.wordOffset)
    }
    nodes.removeLast(nodes.count - nodeEnd)
    roots.removeLast(roots.count - count)
    categoryWords.removeLast(categoryWords.count - wordEnd)
  }

  /// The leaf value tree `tree` gives to the row at `row`.
  @inline(__always)
  static func leafValue(
    nodes: UnsafePointer<TreeNode>, words: UnsafePointer<UInt64>?, root: Int32, row: UnsafePointer<Double>
  ) -> Double {
    var index = Int(root)
    var atLeaf = false
    while true {
      let next = step(nodes: nodes, words: words, index: index, row: row, atLeaf: &atLeaf)
      if atLeaf { return nodes[index].value }
      index = next
    }
  }

  @inline(__always)
  static func categoricalGoesLeft(node: TreeNode, words: UnsafePointer<UInt64>, value: Double) -> Bool {
    let missingSide = node.missingLeft
    guard let code = FeatureBinner.categoryCode(value) else { return missingSide }
    let offset = node.wordOffset
    let wordCount = Int(words[offset])
    let word = code >> 6
    guard word < wordCount else { return missingSide }
    let bit = UInt64(1) << UInt64(code & 63)
    if words[offset + 1 + word] & bit != 0 { return true }
    if words[offset + 1 + wordCount + word] & bit != 0 { return false }
    return missingSide
  }

  /// Calls `body` with raw pointers for fast traversal.
  func withPointers<R>(_ body: (UnsafePointer<TreeNode>, UnsafePointer<UInt64>?) -> R) -> R {
    nodes.withUnsafeBufferPointer { nodeBuffer in
      categoryWords.withUnsafeBufferPointer { wordBuffer in
        body(nodeBuffer.baseAddress!, wordBuffer.baseAddress)
      }
    }
  }

  /// The sum of the leaf values of every tree for one row.
  func sum(row: UnsafePointer<Double>) -> Double {
    withPointers { nodes, words in
      var total = 0.0
      for root in roots { total += Self.leafValue(nodes: nodes, words: words, root: root, row: row) }
      return total
    }
  }

  /// One step down from node `index` for `row`: the child the row goes to, or `index` itself at
  /// a leaf (with `atLeaf` set).
  @inline(__always)
  static func step(
    nodes: UnsafePointer<TreeNode>, words: UnsafePointer<UInt64>?, index: Int, row: UnsafePointer<Double>,
    atLeaf: inout Bool
  ) -> Int {
    let node = nodes[index]
    if node.isLeaf {
      atLeaf = true
      return index
    }
    let value = row[node.column]
    let goLeft: Bool
    if !node.isCategorical {
      goLeft = value.isNaN ? node.missingLeft : value <= node.value
    } else {
      goLeft = categoricalGoesLeft(node: node, words: words!, value: value)
    }
    return Int(node.left) + (goLeft ? 0 : 1)
  }

  /// Adds tree `root`'s leaf values for four rows at once: the four walks are independent, so
  /// their memory latencies overlap.
  @inline(__always)
  static func addFour(
    nodes: UnsafePointer<TreeNode>, words: UnsafePointer<UInt64>?, root: Int32,
    rows: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>),
    into out: UnsafeMutablePointer<Double>
  ) {
    var a = Int(root)
    var b = a
    var c = a
    var d = a
    while true {
      var leafA = false
      var leafB = false
      var leafC = false
      var leafD = false
      a = step(nodes: nodes, words: words, index: a, row: rows.0, atLeaf: &leafA)
      b = step(nodes: nodes, words: words, index: b, row: rows.1, atLeaf: &leafB)
      c = step(nodes: nodes, words: words, index: c, row: rows.2, atLeaf: &leafC)
      d = step(nodes: nodes, words: words, index: d, row: rows.3, atLeaf: &leafD)
      if leafA && leafB && leafC && leafD { break }
    }
    out[0] += nodes[a].value
    out[1] += nodes[b].value
    out[2] += nodes[c].value
    out[3] += nodes[d].value
  }

  /// `transform(sum over trees)` for every row of `x`, in parallel for large inputs.
  ///
  /// Each row's sum adds the trees in order, exactly as ``sum(row:)`` does, so batch and single
  /// predictions agree to the last bit.
  func sums(_ x: FeatureMatrix, transform: @escaping @Sendable (Double) -> Double) -> [Double] {
    let rowCount = x.rowCount
    let columns = x.columnCount
    var output = [Double](repeating: 0, count: rowCount)
    guard rowCount > 0, !roots.isEmpty else { return output.map(transform) }
    x.values.withUnsafeBufferPointer { values in
      output.withUnsafeMutableBufferPointer { out in
        let (rowValues, rowSums) = (values.baseAddress!, out.baseAddress!)
        Parallel.map(rowCount, chunks: rowCount * roots.count >= 200_000 ? 2 : 1) { rows in
          let out = rowSums + rows.lowerBound
          addSums(rows: rowValues + rows.lowerBound * columns, count: rows.count, columns: columns, into: out)
          for row in 0..<rows.count { out[row] = transform(out[row]) }
        }
      }
    }
    return output
  }

  /// Adds the sum over trees of each of `count` rows (row-major, `columns` values each) to `out`,
  /// on the calling thread. Each row adds the trees in order, as ``sum(row:)`` does.
  func addSums(rows values: UnsafePointer<Double>, count: Int, columns: Int, into out: UnsafeMutablePointer<Double>) {
    withPointers { nodes, words in
      // Blocks of rows per tree keep each tree's nodes in cache.
      var blockStart = 0
      while blockStart < count {
        let blockEnd = min(blockStart + Self.predictionBlock, count)
        for root in roots {
          var row = blockStart
          while row + 4 <= blockEnd {
            let base = values + row * columns
            Self.addFour(
              nodes: nodes, words: words, root: root,
              rows: (base, base + columns, base + 2 * columns, base + 3 * columns), into: out + row)
            row += 4
          }
          while row < blockEnd {
            out[row] += Self.leafValue(nodes: nodes, words: words, root: root, row: values + row * columns)
            row += 1
          }
        }
        blockStart = blockEnd
      }
    }
  }

  /// Adds the last tree's value for every row of `x` to `scores`.
  func addLastTree(to scores: inout [Double], x: FeatureMatrix) {
    guard let root = roots.last else { return }
    let columns = x.columnCount
    withPointers { nodes, words in
      x.values.withUnsafeBufferPointer { values in
        for row in 0..<x.rowCount {
          scores[row] += Self.leafValue(
            nodes: nodes, words: words, root: root, row: values.baseAddress! + row * columns)
        }
      }
    }
  }

  // MARK: - JSON

  var json: JSONValue {
    [
      "roots": .array(roots.map { .integer($0) }),
      "feature": .array(nodes.map { .integer($0.isLeaf ? -1 : $0.column) }),
      "left": .array(nodes.map { .integer($0.left) }),
      "right": .array(nodes.map { .integer($0.isLeaf ? -1 : $0.left + 1) }),
      "category_offset": .array(nodes.map { .integer(!$0.isLeaf && $0.isCategorical ? $0.wordOffset : -1) }),
      "flags": .array(
        nodes.map { node in
          .integer(node.isLeaf ? 0 : (node.missingLeft ? 1 : 0) | (node.isCategorical ? 2 : 0))
        }),
      "value": .array(nodes.map { Self.encode($0.isLeaf || !$0.isCategorical ? $0.value : 0) }),
      "category_words": .array(categoryWords.map { .int(Int64(bitPattern: $0)) }),
    ]
  }

  init() {}

  /// Doubles as JSON numbers; the infinities (thresholds sending every value left) as strings.
  static func encode(_ value: Double) -> JSONValue {
    if value.isFinite { return .double(value) }
    return .string(value.isNaN ? "nan" : value > 0 ? "inf" : "-inf")
  }

  static func decode(_ json: JSONValue) -> Double? {
    switch json {
    case .string("inf"): return .infinity
    case .string("-inf"): return -.infinity
    case .string("nan"): return .nan
    default: return json.doubleValue
    }
  }

  /// Decodes and checks a serialized ensemble for `columnCount` features.
  init(json: JSONValue, columnCount: Int) throws(LearnError) {
    func integers(_ key: String) throws(LearnError) -> [Int64] {
      guard let array = json[key]?.arrayValue else { throw .invalidJSON("trees lack \"\(key)\"") }
      var result = [Int64]()
      result.reserveCapacity(array.count)
      for element in array {
        guard case .int(let number) = element else { throw .invalidJSON("\"\(key)\" holds a non-integer") }
        result.append(number)
      }
      return result
    }
    let roots = try integers("roots")
    let features = try integers("feature")
    let lefts = try integers("left")
    let rights = try integers("right")
    let offsets = try integers("category_offset")
    let flags = try integers("flags")
    let words = try integers("category_words")
    guard let valueArray = json["value"]?.arrayValue else { throw .invalidJSON("trees lack \"value\"") }
    let count = features.count
    guard lefts.count == count, rights.count == count, offsets.count == count, flags.count == count,
      valueArray.count == count
    else { throw .invalidJSON("tree node arrays differ in length") }
    var nodes = [TreeNode]()
    nodes.reserveCapacity(count)
    for index in 0..<count {
      guard let value = Self.decode(valueArray[index]) else {
        throw .invalidJSON("node \(index) value is not a number")
      }
      let feature = features[index]
      guard feature >= -1, feature < min(columnCount, Int(TreeNode.columnMask)) else {
        throw .invalidJSON("node \(index) feature out of range")
      }
      guard (0...3).contains(flags[index]) else { throw .invalidJSON("node \(index) has bad flags") }
      guard feature >= 0 else {
        nodes.append(.leaf(value))
        continue
      }
      // Children come right after each other and after their parent, so traversal terminates.
      let left = lefts[index]
      guard left > index, left + 1 < count, rights[index] == left + 1 else {
        throw .invalidJSON("node \(index) children out of range")
      }
      let missingLeft = flags[index] & 1 != 0
      if flags[index] & 2 != 0 {
        let offset = offsets[index]
        guard offset >= 0, offset < words.count else { throw .invalidJSON("node \(index) category offset") }
        let wordCount = UInt64(bitPattern: words[Int(offset)])
        guard wordCount < 1 << 20, Int(offset) + 1 + 2 * Int(wordCount) <= words.count else {
          throw .invalidJSON("node \(index) category words out of range")
        }
        nodes.append(
          .categorical(
            column: Int(feature), left: Int(left), missingLeft: missingLeft, wordOffset: Int(offset)))
      } else {
        nodes.append(
          .numeric(column: Int(feature), left: Int(left), missingLeft: missingLeft, threshold: value))
      }
    }
    for root in roots where root < 0 || root >= count { throw .invalidJSON("tree root \(root) out of range") }
    self.nodes = nodes
    self.roots = roots.map { Int32($0) }
    self.categoryWords = words.map { UInt64(bitPattern: $0) }
  }
}
