import Foundation

/// Interns the byte strings of a categorical column: each distinct value gets the next code,
/// found again by an open-addressing hash table, so no `String` is made per cell.
///
/// Values are compared by their first 16 bytes packed into two integers (and the rest, for
/// longer values, byte by byte); callers say whether reading 16 bytes from the start of a value
/// stays inside its buffer, which saves assembling short values byte by byte.
struct LevelTable {
  /// The first 16 bytes of a value, zero-padded, and its length.
  struct Key: Equatable {
    var low: UInt64
    var high: UInt64
    var length: Int
  }

  /// The key of every value.
  private var keys: [Key] = []
  /// Bytes after the 16th of every value, one after the other.
  private var tails: [UInt8] = []
  /// Where each value's tail starts in ``tails`` (and ends, at the next start).
  private var tailStarts: [Int] = [0]
  /// Codes by hash slot, -1 for an empty slot; the capacity is a power of two kept at most half full.
  private var slots: [Int32] = Array(repeating: -1, count: 16)

  /// The number of distinct values.
  var count: Int { keys.count }

  /// The code of `text[0..<length]`, adding it when new. `overread`: 16 bytes may be read at `text`.
  @inline(__always)
  mutating func code(_ text: UnsafePointer<UInt8>, _ length: Int, overread: Bool) -> Int32 {
    code(Self.key(text, length, overread: overread), text)
  }

  /// The code of the value `text` whose key is `key`, adding it when new.
  @inline(__always)
  mutating func code(_ key: Key, _ text: UnsafePointer<UInt8>) -> Int32 {
    let hash = Self.hash(key, text, key.length)
    if let found = find(key, text, hash) { return found }
    return insert(key, text, hash)
  }

  /// The code of `text[0..<length]`, or `nil` when it is not in the table.
  @inline(__always)
  func existingCode(_ text: UnsafePointer<UInt8>, _ length: Int, overread: Bool) -> Int32? {
    let key = Self.key(text, length, overread: overread)
    return find(key, text, Self.hash(key, text, length))
  }

  /// The code of `text`, adding it when new.
  mutating func code(_ text: String) -> Int32 { code(bytes: Array(text.utf8)) }

  /// The code of `text[0..<length]` read as UTF-8 with invalid bytes replaced by U+FFFD, as
  /// levels made into strings are; `nil` when it is not in the table.
  func existingRepairedCode(_ text: UnsafePointer<UInt8>, _ length: Int) -> Int32? {
    let repaired = Array(
      String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self).utf8)
    let padded = repaired + [UInt8](repeating: 0, count: 16)
    return padded.withUnsafeBufferPointer { existingCode($0.baseAddress!, repaired.count, overread: true) }
  }

  /// The code of `bytes`, adding them when new.
  mutating func code(bytes: [UInt8]) -> Int32 {
    let padded = bytes + [UInt8](repeating: 0, count: 16)
    return padded.withUnsafeBufferPointer { code($0.baseAddress!, bytes.count, overread: true) }
  }

  /// The bytes of value `code`.
  func bytes(_ code: Int) -> [UInt8] {
    let key = keys[code]
    var result: [UInt8] = []
    result.reserveCapacity(key.length)
    for index in 0..<min(key.length, 16) {
      let word = index < 8 ? key.low : key.high
      result.append(UInt8(truncatingIfNeeded: word >> UInt64(8 * (index % 8))))
    }
    result += tails[tailStarts[code]..<tailStarts[code + 1]]
    return result
  }

  /// Adds every value of `other`, returning the code in `self` of each of `other`'s codes.
  mutating func absorb(_ other: LevelTable) -> [Int32] {
    (0..<other.count).map { code(bytes: other.bytes($0)) }
  }

  /// The values as strings, by code (invalid UTF-8 repaired with U+FFFD).
  var strings: [String] { (0..<count).map { String(decoding: bytes($0), as: UTF8.self) } }

  @inline(__always)
  private func find(_ key: Key, _ text: UnsafePointer<UInt8>, _ hash: UInt64)
    -> Int32?
  {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    return slots.withUnsafeBufferPointer { slots in
      keys.withUnsafeBufferPointer { keys in
        while true {
          let code = slots[slot]
          if code < 0 { return nil }
          let stored = keys[Int(code)]
          if stored.low == key.low && stored.high == key.high && stored.length == key.length
            && (key.length <= 16 || sameTail(Int(code), text + 16, key.length - 16))
          {
            return code
          }
          slot = (slot + 1) & mask
        }
      }
    }
  }

  private func sameTail(_ code: Int, _ text: UnsafePointer<UInt8>, _ length: Int) -> Bool {
    tails.withUnsafeBufferPointer { memcmp($0.baseAddress! + tailStarts[code], text, length) == 0 }
  }

  private mutating func insert(_ key: Key, _ text: UnsafePointer<UInt8>, _ hash: UInt64)
    -> Int32
  {
    let code = Int32(count)
    keys.append(key)
    if key.length > 16 {
      tails.append(contentsOf: UnsafeBufferPointer(start: text + 16, count: key.length - 16))
    }
    tailStarts.append(tails.count)
    if count * 2 > slots.count {
      slots = Array(repeating: -1, count: slots.count * 2)
      for index in 0..<count {
        let stored = keys[index]
        var rehashed = Self.mix(stored)
        if stored.length > 16 {
          rehashed ^= tails.withUnsafeBufferPointer {
            Self.tailHash($0.baseAddress! + tailStarts[index], stored.length - 16)
          }
        }
        place(Int32(index), rehashed)
      }
    } else {
      place(code, hash)
    }
    return code
  }

  private mutating func place(_ code: Int32, _ hash: UInt64) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] >= 0 { slot = (slot + 1) & mask }
    slots[slot] = code
  }

  /// The first 16 bytes of `text`, zero-padded, and the length.
  @inline(__always)
  static func key(_ text: UnsafePointer<UInt8>, _ length: Int, overread: Bool) -> Key {
    if overread { return paddedKey(text, length) }
    var low: UInt64 = 0
    var high: UInt64 = 0
    for index in 0..<min(length, 16) {
      if index < 8 {
        low |= UInt64(text[index]) << UInt64(8 * index)
      } else {
        high |= UInt64(text[index]) << UInt64(8 * (index - 8))
      }
    }
    return Key(low: low, high: high, length: length)
  }

  /// ``key(_:_:overread:)`` where 16 bytes may be read at `text`: two loads and two masks.
  @inline(__always)
  static func paddedKey(_ text: UnsafePointer<UInt8>, _ length: Int) -> Key {
    let raw = UnsafeRawPointer(text)
    let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
    let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    // Masks keeping the value's bytes, without branches on the length: all ones shifted right
    // by the bits past the value's end in each word (by 64, none, in a word it does not reach).
    let lowShift = UInt64(truncatingIfNeeded: 64 &- (length < 8 ? length : 8) &* 8)
    let highShift = UInt64(truncatingIfNeeded: 64 &- (length < 8 ? 0 : length < 16 ? length &- 8 : 8) &* 8)
    let lowMask = lowShift == 64 ? 0 : UInt64.max &>> lowShift
    let highMask = highShift == 64 ? 0 : UInt64.max &>> highShift
    return Key(low: low & lowMask, high: high & highMask, length: length)
  }

  @inline(__always)
  private static func hash(_ key: Key, _ text: UnsafePointer<UInt8>, _ length: Int)
    -> UInt64
  {
    length <= 16 ? mix(key) : mix(key) ^ tailHash(text + 16, length - 16)
  }

  @inline(__always)
  private static func mix(_ key: Key) -> UInt64 {
    var value = key.low &* 0x9E37_79B9_7F4A_7C15 ^ (key.high &+ UInt64(truncatingIfNeeded: key.length))
    value = (value ^ (value >> 29)) &* 0xBF58_476D_1CE4_E5B9
    return value ^ (value >> 32)
  }

  private static func tailHash(_ text: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
    guard length > 0 else { return 0 }
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for index in 0..<length { hash = (hash ^ UInt64(text[index])) &* 0x100_0000_01B3 }
    return hash
  }
}
