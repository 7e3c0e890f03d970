/// One node of a tree in 16 bytes, stored flat: trees are ranges of one node array and the right
/// child always follows the left one.
///
/// `packed` holds the split column in its low 29 bits plus the missing-goes-left (bit 30) and
/// categorical (bit 29) flags; a leaf has `packed == -1`. `value` is the threshold of a numeric
/// split (left when `x <= threshold`), the offset of a categorical split's words in
/// ``TreeEnsemble/categoryWords``, or a leaf's value.
struct TreeNode: Sendable, Equatable {
  var packed: Int32
  /// Index of the left child in the node array (the right child is `left + 1`); -1 for leaves.
  var left: Int32
  var value: Double

  static let columnMask: Int32 = (1 << 29) - 1
  static let categoricalBit: Int32 = 1 << 29
  static let missingLeftBit: Int32 = 1 << 30

  static func leaf(_ value: Double) -> TreeNode { TreeNode(packed: -1, left: -1, value: value) }

  /// A numeric split: `x <= threshold` goes left, NaN goes left when `missingLeft`.
  static func numeric(column: Int, left: Int, missingLeft: Bool, threshold: Double) -> TreeNode {
    TreeNode(
      packed: Int32(column) | (missingLeft ? missingLeftBit : 0), left: Int32(left), value: threshold)
  }

  /// A categorical split whose code sets start at `wordOffset` in the ensemble's category words.
  static func categorical(column: Int, left: Int, missingLeft: Bool, wordOffset: Int) -> TreeNode {
    TreeNode(
      packed: Int32(column) | categoricalBit | (missingLeft ? missingLeftBit : 0), left: Int32(left),
      value: Double(wordOffset))
  }

  @inline(__always) var isLeaf: Bool { packed < 0 }
  @inline(__always) var column: Int { Int(packed & Self.columnMask) }
  @inline(__always) var missingLeft: Bool { packed & Self.missingLeftBit != 0 }
  @inline(__always) var isCategorical: Bool { packed & Self.categoricalBit != 0 }
  @inline(__always) var wordOffset: Int { Int(value) }
}
