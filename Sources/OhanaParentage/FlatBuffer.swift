/// A fixed-size heap buffer with a stable pointer, for the network's hot loops (node vectors,
/// adjacency) where nested `withUnsafe…` scopes would obscure the arithmetic.
///
/// Buffers are filled once and then only read, except the per-graph training workspace, which
/// one training step at a time owns.
final class FlatBuffer<Element>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<Element>
  let count: Int

  init(_ values: [Element]) {
    count = values.count
    pointer = UnsafeMutablePointer<Element>.allocate(capacity: max(1, values.count))
    values.withUnsafeBufferPointer { source in
      if let base = source.baseAddress { pointer.initialize(from: base, count: values.count) }
    }
  }

  init(repeating value: Element, count: Int) {
    self.count = count
    pointer = UnsafeMutablePointer<Element>.allocate(capacity: max(1, count))
    pointer.initialize(repeating: value, count: count)
  }

  deinit {
    pointer.deinitialize(count: count)
    pointer.deallocate()
  }

  var array: [Element] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

  subscript(index: Int) -> Element {
    get { pointer[index] }
    set { pointer[index] = newValue }
  }
}
