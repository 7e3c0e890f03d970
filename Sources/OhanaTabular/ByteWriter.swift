/// Appends little-endian fixed-width values to a byte array.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func u8(_ value: UInt8) { bytes.append(value) }

  mutating func u32(_ value: UInt32) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func u64(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  /// A length-prefixed UTF-8 string.
  mutating func string(_ text: String) {
    u32(UInt32(text.utf8.count))
    bytes.append(contentsOf: text.utf8)
  }

  /// `values` as little-endian integers of `width` (1, 2 or 4) bytes, each from `convert`.
  mutating func integers<Value>(_ values: [Value], width: Int, _ convert: (Value) -> Int32) {
    let start = bytes.count
    bytes.append(contentsOf: repeatElement(0, count: values.count * width))
    bytes.withUnsafeMutableBytes { raw in
      let base = raw.baseAddress! + start
      switch width {
      case 1:
        for index in values.indices {
          base.storeBytes(
            of: Int8(truncatingIfNeeded: convert(values[index])), toByteOffset: index, as: Int8.self)
        }
      case 2:
        for index in values.indices {
          let value = Int16(truncatingIfNeeded: convert(values[index])).littleEndian
          base.storeBytes(of: value, toByteOffset: 2 * index, as: Int16.self)
        }
      default:
        for index in values.indices {
          base.storeBytes(of: convert(values[index]).littleEndian, toByteOffset: 4 * index, as: Int32.self)
        }
      }
    }
  }

  /// The raw bytes of an array of fixed-width values (little-endian on every supported platform).
  mutating func raw<Element: BitwiseCopyable>(_ values: [Element]) {
    values.withUnsafeBytes { bytes.append(contentsOf: $0) }
  }
}
