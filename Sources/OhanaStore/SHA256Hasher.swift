import Crypto

/// Incremental SHA-256 (swift-crypto, which uses the CPU's SHA instructions) with a hex result.
public struct SHA256Hasher {
  private var hasher = SHA256()

  public init() {}

  /// Feeds `bytes` into the hash.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    hasher.update(bufferPointer: bytes)
  }

  /// Feeds an array into the hash.
  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// The lowercase hex digest (64 characters).
  public func finalize() -> String {
    Self.hex(hasher.finalize())
  }

  /// The hex SHA-256 of `bytes` in one call.
  public static func hash(_ bytes: [UInt8]) -> String {
    var hasher = SHA256Hasher()
    hasher.update(bytes)
    return hasher.finalize()
  }

  private static let digits = Array("0123456789abcdef".utf8)

  private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for byte in digest {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Whether `text` has the shape of a hex SHA-256 digest.
  public static func isDigest(_ text: String) -> Bool {
    text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }
}
