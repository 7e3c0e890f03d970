/// Reads little-endian fixed-width values from bytes, throwing instead of reading past the end.
struct ByteReader {
  let bytes: UnsafeRawBufferPointer
  private(set) var offset = 0

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  var remaining: Int { bytes.count - offset }

  /// The next `count` bytes.
  mutating func take(_ count: Int) throws(TabularError) -> UnsafeRawBufferPointer {
    guard count >= 0, count <= remaining else { throw Self.truncated }
    defer { offset += count }
    return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
  }

  mutating func u8() throws(TabularError) -> UInt8 { try take(1)[0] }

  mutating func u32() throws(TabularError) -> UInt32 {
    UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self))
  }

  mutating func u64() throws(TabularError) -> UInt64 {
    UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self))
  }

  /// A count that must leave at least `each` bytes per item in what remains (so a corrupt
  /// count cannot ask for a huge allocation).
  mutating func count(each: Int) throws(TabularError) -> Int {
    let value = try u64()
    guard value <= UInt64(remaining / max(each, 1)) else { throw Self.truncated }
    return Int(value)
  }

  mutating func string() throws(TabularError) -> String {
    String(decoding: try take(Int(try u32())), as: UTF8.self)
  }

  static let truncated = TabularError("the table artifact is truncated or corrupt; rebuild it from its CSV")
}
