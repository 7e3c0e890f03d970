import CZlib

/// Streaming zlib decompressor of a `.gz` file, with every member of a multi-member gzip file
/// (concatenated gzip streams) read in order.
///
/// Memory stays constant: one 256 KiB input buffer and zlib's 32 KiB window. The size and ratio
/// limits are checked after every read. Data after the last member that is not another gzip
/// member (trailing garbage, even zero padding) is reported as corrupt. Not `Sendable`: it owns
/// zlib state that one thread at a time may use.
public final class GzipReader: ByteSource {
  private static let inputBufferBytes = 256 * 1024

  private let file: InputFile
  private let stream: UnsafeMutablePointer<z_stream>
  private let input: UnsafeMutableRawBufferPointer
  private var meter: ExpansionMeter
  private var inputEnded = false
  private var atMemberBoundary = true
  private var membersStarted = 0
  private var finished = false
  private var failure: ArchiveError?

  /// Compressed bytes consumed by the decompressor so far.
  public private(set) var compressedBytesRead: UInt64 = 0
  /// Uncompressed bytes handed out so far.
  public var uncompressedBytesRead: UInt64 { meter.uncompressedBytes }

  /// Opens the gzip file at `path`; reading stops with an error at any of `limits`.
  public init(path: String, limits: ArchiveLimits) throws(ArchiveError) {
    file = try InputFile(path: path)
    meter = ExpansionMeter(limits: limits)
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    input = .allocate(byteCount: Self.inputBufferBytes, alignment: 1)
    // 15 window bits plus 16: accept only the gzip wrapper, and check its CRC-32 and length.
    let status = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else {
      // Every property is set, so deinit runs and frees the buffers.
      throw .corruptGzip(path: path, reason: "zlib could not start (status \(status))")
    }
  }

  deinit {
    inflateEnd(stream)
    stream.deallocate()
    input.deallocate()
  }

  /// Decompresses the next bytes into `buffer`; returns 0 after the last member.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ArchiveError) -> Int {
    if let failure { throw failure }
    do {
      return try inflateNext(into: buffer)
    } catch {
      failure = error
      throw error
    }
  }

  private func inflateNext(into buffer: UnsafeMutableRawBufferPointer) throws(ArchiveError) -> Int {
    let allowance = meter.allowance(bufferSize: buffer.count)
    guard !finished, allowance > 0, let base = buffer.baseAddress else { return 0 }
    stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_out = UInt32(allowance)
    while stream.pointee.avail_out == UInt32(allowance) {
      if stream.pointee.avail_in == 0 && !inputEnded { try refill() }
      let noInput = stream.pointee.avail_in == 0 && inputEnded
      if atMemberBoundary {
        if noInput && membersStarted > 0 {
          finished = true
          break
        }
        inflateReset(stream)
        atMemberBoundary = false
        membersStarted += 1
      }
      if noInput { throw .truncatedGzip(path: file.path) }
      try inflateStep()
    }
    let produced = allowance - Int(stream.pointee.avail_out)
    try meter.record(produced: produced, compressedBytes: compressedBytesRead)
    return produced
  }

  private func inflateStep() throws(ArchiveError) {
    let availableBefore = stream.pointee.avail_in
    let status = inflate(stream, Z_NO_FLUSH)
    compressedBytesRead += UInt64(availableBefore - stream.pointee.avail_in)
    switch status {
    case Z_OK:
      return
    case Z_STREAM_END:
      atMemberBoundary = true
    case Z_BUF_ERROR where stream.pointee.avail_in == 0:
      return  // needs more input: the caller refills
    case Z_NEED_DICT:
      throw .corruptGzip(path: file.path, reason: "the stream asks for a preset dictionary")
    case Z_MEM_ERROR:
      throw .corruptGzip(path: file.path, reason: "zlib ran out of memory")
    default:
      let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
      throw .corruptGzip(path: file.path, reason: message)
    }
  }

  private func refill() throws(ArchiveError) {
    let count = try file.read(into: input)
    if count == 0 { inputEnded = true }
    stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_in = UInt32(count)
  }
}
