/// Counts the bytes a decompressor produces against the compressed bytes it consumed, and
/// enforces the total-size and ratio limits on every step, so a bomb is stopped early.
struct ExpansionMeter {
  /// Largest output handed out by one read, so the limits are checked at least this often.
  static let chunkBytes = 256 * 1024

  let limits: ArchiveLimits
  private(set) var uncompressedBytes: UInt64 = 0

  init(limits: ArchiveLimits) {
    self.limits = limits
  }

  /// How many bytes the next read may ask for: at most one chunk, and at most one byte past the
  /// total limit, so exceeding it is detected without producing more.
  func allowance(bufferSize: Int) -> Int {
    let remaining = limits.maxTotalBytes - min(uncompressedBytes, limits.maxTotalBytes)
    let chunk = UInt64(min(bufferSize, Self.chunkBytes))
    return Int(remaining < chunk ? remaining + 1 : chunk)
  }

  /// Records `produced` new output bytes, `compressedBytes` having been consumed in total.
  mutating func record(produced: Int, compressedBytes: UInt64) throws(ArchiveError) {
    uncompressedBytes += UInt64(produced)
    if uncompressedBytes > limits.maxTotalBytes {
      throw .totalSizeExceeded(limit: limits.maxTotalBytes)
    }
    guard uncompressedBytes > ArchiveLimits.ratioFloorBytes else { return }
    let ratio = Double(uncompressedBytes) / Double(max(compressedBytes, 1))
    if ratio > limits.maxCompressionRatio {
      throw .compressionRatioExceeded(
        limit: limits.maxCompressionRatio, uncompressed: uncompressedBytes,
        compressed: compressedBytes)
    }
  }
}
