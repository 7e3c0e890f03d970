/// One line of a GEDCOM file in the record tree, after `CONC`/`CONT` lines were joined into it.
///
/// Nodes sit in file order (pre-order) in ``GEDCOMDocument/nodes``; a node's subtree is the run
/// of nodes from it up to ``subtreeEnd``, so children are found by hopping from one subtree end
/// to the next. Text is kept as byte ranges into the document's UTF-8 storage: no `String` is
/// made until one is asked for. Kept to 24 bytes, as a file has millions (the tree is read only
/// when asked for, but then whole): the few lines with an xref of their own find it in a side
/// table.
public struct GEDCOMNode: Sendable, Equatable, BitwiseCopyable {
  /// The value's bytes: offset into the document's text (or its joined-values buffer).
  var valueStart: UInt32
  var valueLength: UInt32
  /// The tag, interned in the document's tag table.
  public internal(set) var tag: Int32
  /// The source line number (1-based).
  public internal(set) var line: UInt32
  /// Index one past the last node of this node's subtree.
  public internal(set) var subtreeEnd: UInt32
  /// The level number as written (0 for records).
  public internal(set) var level: UInt16
  var flags: UInt8

  static let isPointer: UInt8 = 1
  static let valueIsJoined: UInt8 = 2
  static let hasXref: UInt8 = 4
  static let hasValue: UInt8 = 8

  /// Whether the value is a pointer `@X@` to another record (``GEDCOMDocument/value(of:)``
  /// then gives the id without the `@`).
  public var isPointer: Bool { flags & Self.isPointer != 0 }
  /// Whether the line carries a cross-reference id of its own (`0 @I1@ INDI`).
  public var hasXref: Bool { flags & Self.hasXref != 0 }
  /// Whether the line has a value (an empty value after the tag counts as none).
  public var hasValue: Bool { flags & Self.hasValue != 0 }
}
