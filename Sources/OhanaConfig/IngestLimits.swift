/// Bounds on what one input may make Ohana read, so that bombs and runaway lines are refused.
public struct IngestLimits: Sendable, Equatable {
  /// Total uncompressed bytes of one input (default 1 GiB).
  public var maxTotalBytes: UInt64 = 1 << 30
  /// Uncompressed over compressed size (default 200).
  public var maxCompressionRatio: Double = 200
  /// Members of one archive (default 10,000).
  public var maxEntries: Int = 10_000
  /// Bytes in one line of a text input (default 1 MiB).
  public var maxLineBytes: Int = 1 << 20

  public init() {}
}
