import Testing

@testable import OhanaGEDCOM

@Suite("Values remembered by short keys")
struct ShortKeyCacheTests {
  private func lookup(_ cache: ShortKeyCache<Int32>, _ key: [UInt8]) -> Int32? {
    key.withUnsafeBytes { cache[$0] }
  }

  private func store(_ cache: inout ShortKeyCache<Int32>, _ key: [UInt8], _ value: Int32) {
    key.withUnsafeBytes { cache[$0] = value }
  }

  @Test("A key finds its own value only: not a key with the same bytes and trailing zeros")
  func exactKeys() {
    var cache = ShortKeyCache<Int32>(slotBits: 10, empty: -1)
    let keys: [[UInt8]] = [[], [0x41], [0x41, 0], Array("Smith".utf8), Array("sixteen bytes ok".utf8)]
    for (value, key) in keys.enumerated() { store(&cache, key, Int32(value)) }
    for (value, key) in keys.enumerated() { #expect(lookup(cache, key) == Int32(value), "\(key)") }
    #expect(lookup(cache, Array("Smit".utf8)) == nil)
  }

  @Test("Keys past sixteen bytes are never kept; a newer key takes an older one's slot")
  func longKeysAndEviction() {
    var cache = ShortKeyCache<Int32>(slotBits: 2, empty: -1)
    let long = Array("seventeen bytes!!".utf8)
    store(&cache, long, 7)
    #expect(lookup(cache, long) == nil)
    // Four slots, a hundred keys: each key is found right after it is stored, and every key
    // found holds its own value.
    for index in 0..<100 {
      let key = Array("key \(index)".utf8)
      store(&cache, key, Int32(index))
      #expect(lookup(cache, key) == Int32(index))
    }
    let kept = (0..<100).filter { lookup(cache, Array("key \($0)".utf8)) == Int32($0) }
    #expect(!kept.isEmpty && kept.count <= 4)
  }
}
