/// A growable run of plain values in memory of its own, for hot loops.
///
/// A Swift array checks that it is uniquely referenced on every write; the line reader writes
/// each node twice (when it is read, and when its subtree closes) and pushes and pops a stack
/// per line, so those checks cost more than the writes. This buffer is a reference: the one
/// owner that writes it is the only one to use it (it may hand it to another thread when
/// done), and reads are not checked against the count.
final class ValueBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
  private(set) var base: UnsafeMutablePointer<Element>
  private(set) var count = 0
  private var capacity: Int

  init(capacity: Int = 256) {
    self.capacity = max(capacity, 16)
    base = .allocate(capacity: self.capacity)
  }

  /// `count` copies of `value`.
  convenience init(repeating value: Element, count: Int) {
    self.init(capacity: count)
    base.initialize(repeating: value, count: count)
    self.count = count
  }

  deinit { base.deallocate() }

  @inline(__always)
  subscript(index: Int) -> Element {
    get { base[index] }
    set { base[index] = newValue }
  }

  var isEmpty: Bool { count == 0 }

  /// The last element; only when not empty.
  var last: Element { base[count &- 1] }

  @inline(__always)
  func append(_ element: Element) {
    if count == capacity { grow() }
    base[count] = element
    count &+= 1
  }

  func removeLast() { count &-= 1 }

  func removeAll() { count = 0 }

  /// The elements as a buffer, valid until the next append.
  var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

  /// A copy of the elements as an array.
  var array: [Element] { Array(elements) }

  private func grow() {
    let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
    larger.moveInitialize(from: base, count: count)
    base.deallocate()
    base = larger
    capacity *= 2
  }
}
