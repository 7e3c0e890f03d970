/// The records of one kind in a ``GEDCOMDocument`` (individuals, families, sources, notes),
/// made on access from the document's compact tables instead of being stored.
///
/// A random-access collection, so `count`, subscripts, `map`, `first(where:)` and loops work
/// as on an array; each access builds its element anew, so keep an element rather than reading
/// it repeatedly.
public struct RecordList<Element: Sendable>: RandomAccessCollection, Sendable {
  public let count: Int
  private let make: @Sendable (Int) -> Element

  init(count: Int, make: @escaping @Sendable (Int) -> Element) {
    self.count = count
    self.make = make
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { count }

  public subscript(position: Int) -> Element {
    precondition(position >= 0 && position < count, "record index out of range")
    return make(position)
  }
}

extension RecordList: ExpressibleByArrayLiteral {
  /// A list of the given elements, for comparisons such as `document.sources == [source]`.
  public init(arrayLiteral elements: Element...) {
    self.init(count: elements.count) { elements[$0] }
  }
}

extension RecordList: Equatable where Element: Equatable {
  public static func == (lhs: RecordList, rhs: RecordList) -> Bool { lhs.elementsEqual(rhs) }
}
