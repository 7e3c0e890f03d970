import CPrefetch

/// Values remembered by short byte keys (up to sixteen bytes), one slot per hash: a newer key
/// takes the slot of an older one, and longer keys are never kept.
///
/// For the values a tree repeats (dates, names, places): finding one here costs a hash of two
/// words and one cache line, where interning or parsing it again costs a hash of every byte,
/// a probe and a comparison, or hundreds of instructions.
struct ShortKeyCache<Value> {
  /// A key's first sixteen bytes (zero-padded), its length + 1 (0: empty) and its value, side
  /// by side: a lookup reads one cache line.
  private struct Slot {
    var head: (UInt64, UInt64) = (0, 0)
    var value: Value
    var length: UInt8 = 0
  }

  private var slots: [Slot]
  private let shift: UInt64

  /// A cache of `1 << slotBits` slots, each empty one holding `empty` (never returned).
  init(slotBits: Int, empty: Value) {
    slots = Array(repeating: Slot(value: empty), count: 1 << slotBits)
    shift = UInt64(64 - slotBits)
  }

  /// The value last stored for `key`, if its slot still holds it.
  subscript(key: UnsafeRawBufferPointer) -> Value? {
    @inline(__always) get {
      guard key.count <= 16 else { return nil }
      let head = SymbolTable.head(key)
      let entry = slots[slot(head, count: key.count)]
      return entry.length == UInt8(key.count + 1) && entry.head == head ? entry.value : nil
    }
    set {
      guard key.count <= 16, let newValue else { return }
      let head = SymbolTable.head(key)
      slots[slot(head, count: key.count)] = Slot(head: head, value: newValue, length: UInt8(key.count + 1))
    }
  }

  /// Has the processor fetch the slot of `key`, without waiting for it.
  func prefetch(_ key: UnsafeRawBufferPointer) {
    guard key.count <= 16 else { return }
    let slot = slot(SymbolTable.head(key), count: key.count)
    slots.withUnsafeBufferPointer { if let base = $0.baseAddress { ohana_prefetch(base + slot) } }
  }

  @inline(__always)
  private func slot(_ head: (UInt64, UInt64), count: Int) -> Int {
    let mixed = (head.0 ^ head.1 &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)) &* 0xBF58_476D_1CE4_E5B9
    return Int(truncatingIfNeeded: mixed >> shift)
  }
}
