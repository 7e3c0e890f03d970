import CPrefetch
import Foundation
import OhanaFiles

/// Interns short byte strings (tags, cross-reference ids, names and places) as dense integer
/// ids, in the order they are first met.
///
/// An open-addressing hash table over a private arena of key bytes: looking a key up costs a
/// hash of its bytes and usually one comparison, with no `String` allocated on the hot path.
/// Tables of a million ids are bound by cache misses, not by computing, so a slot is sixteen
/// bytes (a million ids' table fits the last-level cache) holding the key's length, sixteen
/// bits of its hash and its first eight bytes: a key of up to eight bytes is found without
/// touching the arena, a longer one is confirmed there once its slot agrees (slots of 32 bytes
/// that held sixteen bytes of the key made the table twice as large and the parse slower).
/// Callers with many keys at hand prefetch their slots first (``prefetch(_:)``), so that
/// those accesses overlap.
struct SymbolTable: Sendable {
  /// One slot of the table; `id == 0` marks an empty slot, else it holds id + 1.
  fileprivate struct Slot {
    /// The key's first eight bytes, zero-padded.
    var head: UInt64 = 0
    var id: UInt32 = 0
    /// Sixteen bits of the hash, which tell apart long keys that share their head, so that
    /// the arena is read for the key that matches only.
    var tag: UInt16 = 0
    /// The key's length, or `UInt16.max` for that length and longer.
    var length: UInt16 = 0
  }

  /// What a slot must hold for a key: its first slot, head, tag and length.
  fileprivate struct Probe {
    var slot: Int
    var head: UInt64
    var tag: UInt16
    var length: UInt16
  }

  /// The keys' bytes one after another, and where each key ends.
  private var arena: [UInt8] = []
  private var ends: [UInt32] = []
  /// Any number of slots: a key's first slot is its hash scaled to the count, and the table
  /// grows when three quarters are used.
  private var slots: [Slot]

  /// A table with room for `capacity` keys before it grows.
  init(capacity: Int = 64) {
    slots = Self.emptySlots(Self.slotCount(for: capacity))
    ends.reserveCapacity(capacity)
  }

  /// `count` empty slots; a large table is asked to be backed by huge pages, as its slots are
  /// read at random and a page-table walk per lookup would double its cost.
  private static func emptySlots(_ count: Int) -> [Slot] {
    [Slot](unsafeUninitializedCapacity: count) { buffer, initialized in
      if let base = buffer.baseAddress {
        HugePages.advise(UnsafeMutableRawPointer(base), bytes: count * MemoryLayout<Slot>.stride)
      }
      buffer.initialize(repeating: Slot())
      initialized = count
    }
  }

  private static func slotCount(for capacity: Int) -> Int { max(16, capacity + capacity / 3 + 1) }

  /// Number of distinct keys.
  var count: Int { ends.count }

  /// The id of `key`, adding it when new.
  mutating func intern(_ key: UnsafeRawBufferPointer) -> Int32 {
    let probe = Self.probe(key, slotCount: slots.count)
    let (found, slot) = lookup(key, probe)
    if let found { return found }
    let id = Int32(ends.count)
    arena.append(contentsOf: key)
    ends.append(UInt32(arena.count))
    slots[slot] = Slot(head: probe.head, id: UInt32(id) + 1, tag: probe.tag, length: probe.length)
    if ends.count * 4 > slots.count * 3 { rehash(into: slots.count * 2) }
    return id
  }

  /// Adds every key of `other` in its id order; the ids here of `other`'s ids.
  mutating func intern(contentsOf other: SymbolTable) -> [Int32] {
    var ids: [Int32] = []
    ids.reserveCapacity(other.count)
    for batch in stride(from: 0, to: other.count, by: 32) {
      let batch = Int32(batch)..<Int32(min(other.count, batch + 32))
      for id in batch { other.withKey(id) { prefetch($0) } }
      for id in batch { ids.append(other.withKey(id) { intern($0) }) }
    }
    return ids
  }

  /// Has the processor fetch the slots a lookup of `key` reads first, without waiting for
  /// them: callers that look many keys up ask for all their slots before the lookups, so that
  /// the cache misses of a large table overlap instead of coming one after the other.
  func prefetch(_ key: UnsafeRawBufferPointer) {
    slots.withUnsafeBufferPointer { Self.prefetch(Self.firstSlot(of: key, slotCount: $0.count), in: $0) }
  }

  /// The first slot of a key among `slotCount`: its hash's high half scaled to the count.
  @inline(__always)
  private static func firstSlot(hash: UInt64, slotCount: Int) -> Int {
    Int(truncatingIfNeeded: ((hash >> 32) &* UInt64(slotCount)) >> 32)
  }

  private static func firstSlot(of key: UnsafeRawBufferPointer, slotCount: Int) -> Int {
    firstSlot(hash: hash(key), slotCount: slotCount)
  }

  /// Prefetches slot `index` and the next cache line (four slots), where probes run on.
  @inline(__always)
  private static func prefetch(_ index: Int, in slots: UnsafeBufferPointer<Slot>) {
    guard let base = slots.baseAddress else { return }
    ohana_prefetch(base + index)
    ohana_prefetch(base + min(index + 4, slots.count - 1))
  }

  /// The id of `key` if it was interned.
  func find(_ key: UnsafeRawBufferPointer) -> Int32? {
    lookup(key, Self.probe(key, slotCount: slots.count)).id
  }

  /// The id of a string key if it was interned.
  func find(_ key: String) -> Int32? {
    var key = key
    return key.withUTF8 { find(UnsafeRawBufferPointer($0)) }
  }

  /// Adds a string key (or finds it).
  mutating func intern(_ key: String) -> Int32 {
    var key = key
    return key.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
  }

  /// Whether every key is ASCII.
  var keysAreASCII: Bool { arena.withUnsafeBytes { TextDecoder.isASCII($0) } }

  /// The key of `id` as a string (decoded as UTF-8).
  func name(_ id: Int32) -> String {
    withKey(id) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the key bytes of `id`.
  func withKey<R>(_ id: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    let start = id > 0 ? Int(ends[Int(id) - 1]) : 0
    return try arena.withUnsafeBytes {
      try body(UnsafeRawBufferPointer(rebasing: $0[start..<Int(ends[Int(id)])]))
    }
  }

  /// Every key's bytes in place, for loops over many keys: looking keys up one call at a time
  /// retains and releases the table's storage each time, and threads doing so at once contend
  /// for its reference count.
  struct Keys {
    let arena: UnsafeRawBufferPointer
    let ends: UnsafeBufferPointer<UInt32>

    /// The bytes of `id`.
    subscript(id: Int32) -> UnsafeRawBufferPointer {
      let start = id > 0 ? Int(ends[Int(id) - 1]) : 0
      return UnsafeRawBufferPointer(rebasing: arena[start..<Int(ends[Int(id)])])
    }
  }

  /// Calls `body` with the keys in place, valid during the call only.
  func withKeys<R>(_ body: (Keys) throws -> R) rethrows -> R {
    try arena.withUnsafeBytes { arena in
      try ends.withUnsafeBufferPointer { try body(Keys(arena: arena, ends: $0)) }
    }
  }

  /// The probe of a key: its first slot from the hash's high half, its tag from the low bits.
  @inline(__always)
  fileprivate static func probe(_ key: UnsafeRawBufferPointer, slotCount: Int) -> Probe {
    let hash = Self.hash(key)
    return Probe(
      slot: firstSlot(hash: hash, slotCount: slotCount), head: head(key).0,
      tag: UInt16(truncatingIfNeeded: hash), length: UInt16(clamping: key.count))
  }

  /// The id of the key if present, else the empty slot where it belongs.
  @inline(__always)
  private func lookup(_ key: UnsafeRawBufferPointer, _ probe: Probe) -> (id: Int32?, slot: Int) {
    withReader { $0.lookup(key, probe) }
  }

  /// Lookups in place, for many lookups, from several threads at once (see ``Keys``).
  struct Reader {
    fileprivate let slots: UnsafeBufferPointer<Slot>
    let keys: Keys

    /// The id of `key` if it was interned.
    func find(_ key: UnsafeRawBufferPointer) -> Int32? {
      lookup(key, SymbolTable.probe(key, slotCount: slots.count)).id
    }

    /// What ``SymbolTable/prefetch(_:)`` does.
    func prefetch(_ key: UnsafeRawBufferPointer) {
      SymbolTable.prefetch(SymbolTable.firstSlot(of: key, slotCount: slots.count), in: slots)
    }

    /// The id of the key if present, else the empty slot where it belongs.
    @inline(__always)
    fileprivate func lookup(_ key: UnsafeRawBufferPointer, _ probe: Probe) -> (id: Int32?, slot: Int) {
      var slot = probe.slot
      while true {
        let entry = slots[slot]
        if entry.id == 0 { return (nil, slot) }
        if entry.head == probe.head, entry.length == probe.length, entry.tag == probe.tag,
          key.count <= 8 || matches(keys[Int32(entry.id) - 1], key)
        {
          return (Int32(entry.id) - 1, slot)
        }
        slot += 1
        if slot == slots.count { slot = 0 }
      }
    }

    private func matches(_ stored: UnsafeRawBufferPointer, _ key: UnsafeRawBufferPointer) -> Bool {
      stored.count == key.count && memcmp(stored.baseAddress!, key.baseAddress!, key.count) == 0
    }
  }

  /// Calls `body` with lookups in place, valid during the call only.
  func withReader<R>(_ body: (Reader) throws -> R) rethrows -> R {
    try withKeys { keys in try slots.withUnsafeBufferPointer { try body(Reader(slots: $0, keys: keys)) } }
  }

  private mutating func rehash(into size: Int) {
    var grown = Self.emptySlots(size)
    for id in 0..<ends.count {
      let (slot, entry) = withKey(Int32(id)) { key in
        let probe = Self.probe(key, slotCount: size)
        return (probe.slot, Slot(head: probe.head, id: UInt32(id) + 1, tag: probe.tag, length: probe.length))
      }
      var free = slot
      while grown[free].id != 0 {
        free += 1
        if free == size { free = 0 }
      }
      grown[free] = entry
    }
    slots = grown
  }

  /// The first sixteen bytes of `key`, zero-padded.
  @inline(__always)
  static func head(_ key: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
    guard let base = key.baseAddress else { return (0, 0) }
    let count = key.count
    if count >= 16 {
      return (base.loadUnaligned(as: UInt64.self), base.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }
    if count >= 8 { return (base.loadUnaligned(as: UInt64.self), tail(base + 8, count - 8)) }
    return (tail(base, count), 0)
  }

  /// `count` (< 8) bytes at `base` in an integer, first byte lowest: two loads that may
  /// overlap, never reading past the bytes.
  @inline(__always)
  private static func tail(_ base: UnsafeRawPointer, _ count: Int) -> UInt64 {
    if count >= 4 {
      let low = UInt64(base.loadUnaligned(as: UInt32.self).littleEndian)
      let high = UInt64(base.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self).littleEndian)
      return low | high << (8 &* UInt64(count &- 4))
    }
    if count >= 2 {
      let low = UInt64(base.loadUnaligned(as: UInt16.self).littleEndian)
      let high = UInt64(base.loadUnaligned(fromByteOffset: count &- 2, as: UInt16.self).littleEndian)
      return low | high << (8 &* UInt64(count &- 2))
    }
    return count == 1 ? UInt64(base.load(as: UInt8.self)) : 0
  }

  /// A multiply-xorshift hash over the bytes, eight at a time, well mixed in all bits.
  static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
    guard let base = key.baseAddress else { return hash }
    let count = key.count
    var index = 0
    while index &+ 8 <= count {
      hash = (hash ^ base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
      hash ^= hash >> 31
      index &+= 8
    }
    if index < count {
      hash = (hash ^ tail(base + index, count - index)) &* 0xBF58_476D_1CE4_E5B9
      hash ^= hash >> 31
    }
    hash = (hash ^ (hash >> 29)) &* 0x94D0_49BB_1331_11EB
    return hash ^ (hash >> 32)
  }
}
