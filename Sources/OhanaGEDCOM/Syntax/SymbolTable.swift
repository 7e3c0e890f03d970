import Foundation

/// Interns short byte strings (tags, cross-reference ids, graph strings) as dense integer ids.
///
/// An open-addressing hash table over a private arena of key bytes: looking a key up costs a
/// hash of its bytes and usually one comparison, with no `String` allocated on the hot path.
/// Tables of a million ids are bound by cache misses, not by computing, so each slot holds the
/// key's length and first eight bytes: a key of up to eight bytes (most ids) is found without
/// touching the arena, one memory access per lookup.
struct SymbolTable: Sendable {
  /// Where a key's bytes are in the arena.
  private struct Span {
    var start: Int32
    var length: Int32
  }

  /// One slot of the table; `id == 0` marks an empty slot, else it holds id + 1.
  private struct Slot {
    var prefix: UInt64 = 0
    var id: UInt32 = 0
    /// Sixteen bits of the hash, which tell apart long keys that share their prefix.
    var tag: UInt16 = 0
    /// The key's length, or `UInt16.max` for that length and longer.
    var length: UInt16 = 0
  }

  private var arena: [UInt8] = []
  private var spans: [Span] = []
  private var slots: [Slot]
  private var mask: Int

  init(capacity: Int = 64) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: Slot(), count: size)
    mask = size - 1
    spans.reserveCapacity(capacity)
  }

  /// Number of distinct keys.
  var count: Int { spans.count }

  /// The id of `key`, adding it when new.
  mutating func intern(_ key: UnsafeRawBufferPointer) -> Int32 {
    let hash = Self.hash(key)
    let probe = Self.probe(key, hash: hash)
    let (found, slot) = lookup(key, probe)
    if let found { return found }
    let id = Int32(spans.count)
    spans.append(Span(start: Int32(arena.count), length: Int32(key.count)))
    arena.append(contentsOf: key)
    slots[slot] = Slot(prefix: probe.prefix, id: UInt32(id) + 1, tag: probe.tag, length: probe.length)
    if spans.count * 2 > slots.count { grow() }
    return id
  }

  /// The id of `key` if it was interned.
  func find(_ key: UnsafeRawBufferPointer) -> Int32? {
    lookup(key, Self.probe(key, hash: Self.hash(key))).id
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

  /// The key of `id` as a string (decoded as UTF-8).
  func name(_ id: Int32) -> String {
    withKey(id) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the key bytes of `id`.
  func withKey<R>(_ id: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    let span = spans[Int(id)]
    return try arena.withUnsafeBytes {
      try body(UnsafeRawBufferPointer(rebasing: $0[Int(span.start)..<Int(span.start + span.length)]))
    }
  }

  /// What a slot must hold for a key: its first slot, prefix, tag and length.
  private struct Probe {
    var slot: Int
    var prefix: UInt64
    var tag: UInt16
    var length: UInt16
  }

  @inline(__always)
  private static func probe(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Probe {
    Probe(
      slot: Int(truncatingIfNeeded: hash), prefix: prefix(key), tag: UInt16(truncatingIfNeeded: hash >> 48),
      length: UInt16(clamping: key.count))
  }

  /// The id of the key if present, else the empty slot where it belongs.
  @inline(__always)
  private func lookup(_ key: UnsafeRawBufferPointer, _ probe: Probe) -> (id: Int32?, slot: Int) {
    slots.withUnsafeBufferPointer { slots in
      var slot = probe.slot & mask
      while true {
        let entry = slots[slot]
        if entry.id == 0 { return (nil, slot) }
        if entry.prefix == probe.prefix, entry.length == probe.length, entry.tag == probe.tag,
          key.count <= 8 || matches(Int(entry.id) - 1, key)
        {
          return (Int32(entry.id) - 1, slot)
        }
        slot = (slot + 1) & mask
      }
    }
  }

  private func matches(_ id: Int, _ key: UnsafeRawBufferPointer) -> Bool {
    let span = spans[id]
    guard Int(span.length) == key.count else { return false }
    return arena.withUnsafeBytes { memcmp($0.baseAddress! + Int(span.start), key.baseAddress!, key.count) == 0 }
  }

  private mutating func grow() {
    let size = slots.count * 2
    var grown = Array(repeating: Slot(), count: size)
    mask = size - 1
    for id in 0..<spans.count {
      let (slot, entry) = withKey(Int32(id)) { key in
        let probe = Self.probe(key, hash: Self.hash(key))
        return (probe.slot, Slot(prefix: probe.prefix, id: UInt32(id) + 1, tag: probe.tag, length: probe.length))
      }
      var free = slot & mask
      while grown[free].id != 0 { free = (free + 1) & mask }
      grown[free] = entry
    }
    slots = grown
  }

  /// The first eight bytes of `key`, zero-padded.
  @inline(__always)
  private static func prefix(_ key: UnsafeRawBufferPointer) -> UInt64 {
    guard let base = key.baseAddress else { return 0 }
    if key.count >= 8 { return base.loadUnaligned(as: UInt64.self) }
    var prefix: UInt64 = 0
    for index in 0..<key.count { prefix |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << (8 * UInt64(index)) }
    return prefix
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
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while index < count {
        tail |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << shift
        shift &+= 8
        index &+= 1
      }
      hash = (hash ^ tail) &* 0xBF58_476D_1CE4_E5B9
      hash ^= hash >> 31
    }
    hash = (hash ^ (hash >> 29)) &* 0x94D0_49BB_1331_11EB
    return hash ^ (hash >> 32)
  }
}
