/// A byte buffer that grows, always with 16 spare bytes so values in it may be read 16 bytes at
/// a time.
struct GrowableBytes {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  var count = 0

  init() {
    capacity = 64
    base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + 16)
    base.initialize(repeating: 0, count: capacity + 16)
  }

  /// Makes room for `total` bytes, keeping the first ``count``.
  mutating func reserve(_ total: Int) {
    guard total > capacity else { return }
    let grown = max(total, capacity * 2)
    let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown + 16)
    larger.initialize(repeating: 0, count: grown + 16)
    larger.update(from: base, count: count)
    base.deallocate()
    base = larger
    capacity = grown
  }

  func release() { base.deallocate() }
}
