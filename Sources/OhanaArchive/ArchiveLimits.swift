/// Where reading stops: the defaults are the product's defaults; configuration overrides them.
///
/// All three limits are checked while streaming, on the bytes actually produced, so a
/// decompression bomb is stopped early instead of being decompressed in full.
public struct ArchiveLimits: Sendable, Equatable {
  /// Total uncompressed bytes one input may produce (default 1 GiB).
  public var maxTotalBytes: UInt64
  /// Largest accepted ratio of uncompressed bytes to compressed bytes consumed (default 200).
  ///
  /// Enforced only once the output exceeds ``ratioFloorBytes``, so small, very repetitive
  /// files are not flagged.
  public var maxCompressionRatio: Double
  /// Members one archive may hold, directories included (default 10,000).
  public var maxEntries: Int

  /// Output size below which the compression ratio is not enforced (1 MiB).
  public static let ratioFloorBytes: UInt64 = 1 << 20

  /// Creates limits; every argument defaults to the product's default.
  public init(
    maxTotalBytes: UInt64 = 1 << 30, maxCompressionRatio: Double = 200, maxEntries: Int = 10_000
  ) {
    self.maxTotalBytes = maxTotalBytes
    self.maxCompressionRatio = maxCompressionRatio
    self.maxEntries = maxEntries
  }
}
