import Foundation

/// Interns short byte strings (tags, cross-reference ids) as dense integer ids.
///
/// An open-addressing hash table over a private arena of key bytes: looking a key up costs a
/// hash of its bytes and usually one comparison, with no `String` allocated on the hot path.
struct SymbolTable: Sendable {
  private var arena: [UInt8] = []
  private var starts: [Int32] = []
  private var lengths: [Int32] = []
  private var hashes: [UInt64] = []
  /// Slots hold id + 1; 0 marks an empty slot.
  private var slots: [Int32]
  private var mask: Int

  init(capacity: Int = 64) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: 0, count: size)
    mask = size - 1
  }

  /// Number of distinct keys.
  var count: Int { starts.count }

  /// The id of `key`, adding it when new.
  mutating func intern(_ key: UnsafeRawBufferPointer) -> Int32 {
    let hash = Self.hash(key)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = slots[slot]
      if entry == 0 { break }
      let id = Int(entry - 1)
      if hashes[id] == hash && matches(id, key) { return Int32(id) }
      slot = (slot + 1) & mask
    }
    let id = Int32(starts.count)
    starts.append(Int32(arena.count))
    lengths.append(Int32(key.count))
    hashes.append(hash)
    arena.append(contentsOf: key)
    slots[slot] = id + 1
    if starts.count * 2 > slots.count { grow() }
    return id
  }

  /// The id of `key` if it was interned.
  func find(_ key: UnsafeRawBufferPointer) -> Int32? {
    let hash = Self.hash(key)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = slots[slot]
      if entry == 0 { return nil }
      let id = Int(entry - 1)
      if hashes[id] == hash && matches(id, key) { return Int32(id) }
      slot = (slot + 1) & mask
    }
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
    let start = Int(starts[Int(id)])
    return String(decoding: arena[start..<start + Int(lengths[Int(id)])], as: UTF8.self)
  }

  private func matches(_ id: Int, _ key: UnsafeRawBufferPointer) -> Bool {
    guard Int(lengths[id]) == key.count else { return false }
    let start = Int(starts[id])
    return arena.withUnsafeBytes { stored in
      key.count == 0 || memcmp(stored.baseAddress! + start, key.baseAddress!, key.count) == 0
    }
  }

  private mutating func grow() {
    let size = slots.count * 2
    slots = Array(repeating: 0, count: size)
    mask = size - 1
    for id in 0..<starts.count {
      var slot = Int(truncatingIfNeeded: hashes[id]) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(id + 1)
    }
  }

  /// FNV-1a over the bytes, finished with a multiply-xorshift so the low bits mix well.
  static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    hash ^= hash >> 29
    hash = hash &* 0xbf58_476d_1ce4_e5b9
    return hash ^ (hash >> 32)
  }
}
