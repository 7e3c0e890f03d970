import CArchive

/// libarchive-based reader of zip, tar and gzip-compressed tar files, member by member,
/// straight from the file: nothing is ever extracted to disk.
///
/// The container is detected from the content first (``ContainerFormat/detect(path:)``) and
/// libarchive is pinned to it: only the zip format, or only the tar format (ustar, pax, GNU and
/// old-style), with exactly one gzip layer for `.tarGzip` and no filter bidding at all. So
/// libarchive never runs external programs, never stacks filters (nested gzip layers cannot
/// make it loop), and never reads a file as a format other than the one detected. A zip is
/// read through its central directory, each local header once, so overlapping entries (the
/// "full overlap" zip bomb) yield one member.
/// Directories are skipped; links, devices, FIFOs, sockets and unsafe names are refused.
/// Not `Sendable`: it owns libarchive state that one thread at a time may use.
public final class ArchiveReader: ByteSource {
  private static let blockBytes = 64 * 1024

  private let path: String
  private let archive: OpaquePointer
  private var meter: ExpansionMeter
  private var entriesSeen = 0
  private var current: (entry: ArchiveEntry, bytesRead: UInt64)?
  private var failure: ArchiveError?
  private let isGzipCompressed: Bool
  private var reachedEnd = false

  /// Opens the archive at `path`; reading stops with an error at any of `limits`.
  public init(path: String, limits: ArchiveLimits) throws(ArchiveError) {
    guard let archive = archive_read_new() else {
      throw .cannotOpen(path: path, reason: "libarchive could not allocate a reader")
    }
    self.path = path
    self.archive = archive
    meter = ExpansionMeter(limits: limits)
    let format = try ContainerFormat.detect(path: path)
    isGzipCompressed = format == .tarGzip
    switch format {
    case .zip:
      archive_read_support_format_zip(archive)
    case .tar:
      archive_read_support_format_tar(archive)
    case .tarGzip:
      archive_read_support_format_tar(archive)
      guard archive_read_append_filter(archive, ARCHIVE_FILTER_GZIP) == ARCHIVE_OK else {
        throw .corruptArchive(path: path, reason: lastMessage)
      }
    case let other:
      throw .notAnArchive(path: path, format: other)
    }
    if archive_read_open_filename(archive, path, Self.blockBytes) != ARCHIVE_OK {
      throw .corruptArchive(path: path, reason: lastMessage)
    }
  }

  deinit {
    archive_read_free(archive)
  }

  /// Compressed bytes libarchive has consumed from the file so far.
  public var compressedBytesRead: UInt64 { UInt64(max(0, archive_filter_bytes(archive, -1))) }
  /// Uncompressed member bytes produced so far, skipped members included.
  public var uncompressedBytesRead: UInt64 { meter.uncompressedBytes }

  /// Advances to the next regular-file member and returns it; `nil` after the last one.
  ///
  /// Unread data of the previous member is read and discarded first, so it still counts
  /// against the limits and its declared size is still checked.
  public func nextEntry() throws(ArchiveError) -> ArchiveEntry? {
    try guarded { () throws(ArchiveError) -> ArchiveEntry? in
      if reachedEnd { return nil }
      try skipRestOfCurrent()
      while true {
        var header: OpaquePointer?
        let status = archive_read_next_header(archive, &header)
        if status == ARCHIVE_EOF {
          try verifyGzipLayer()
          reachedEnd = true
          return nil
        }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let header else {
          throw .corruptArchive(path: path, reason: lastMessage)
        }
        entriesSeen += 1
        if entriesSeen > meter.limits.maxEntries {
          throw .tooManyEntries(limit: meter.limits.maxEntries)
        }
        if let entry = try acceptedEntry(header) {
          current = (entry, 0)
          return entry
        }
      }
    }
  }

  /// Reads the current member's next bytes into `buffer`; returns 0 at the member's end
  /// (and before the first ``nextEntry()``).
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ArchiveError) -> Int {
    try guarded { () throws(ArchiveError) -> Int in
      guard let (entry, bytesRead) = current, let base = buffer.baseAddress else { return 0 }
      let allowance = meter.allowance(bufferSize: buffer.count)
      guard allowance > 0 else { return 0 }
      let count = archive_read_data(archive, base, allowance)
      guard count >= 0 else { throw .corruptArchive(path: path, reason: lastMessage) }
      let total = bytesRead + UInt64(count)
      if let declared = entry.declaredSize, count == 0 ? total != declared : total > declared {
        throw .sizeMismatch(member: entry.name, declared: declared, actual: total)
      }
      current = count == 0 ? nil : (entry, total)
      try meter.record(produced: count, compressedBytes: compressedBytesRead)
      return count
    }
  }

  /// The header as an entry to read, `nil` for a directory to skip, or the reason it is refused.
  private func acceptedEntry(_ header: OpaquePointer) throws(ArchiveError) -> ArchiveEntry? {
    let name = Self.name(of: header)
    let type = archive_entry_filetype(header) & FileType.mask
    if type == FileType.directory { return nil }
    if archive_entry_hardlink(header) != nil {
      throw .unacceptableMemberType(member: name, kind: .hardLink)
    }
    if let kind = FileType.refusedKind(type) {
      throw .unacceptableMemberType(member: name, kind: kind)
    }
    try MemberNameRules.validate(name)
    guard archive_entry_size_is_set(header) != 0 else {
      return ArchiveEntry(name: name, declaredSize: nil)
    }
    let declared = archive_entry_size(header)
    guard declared >= 0 else {
      throw .corruptArchive(path: path, reason: "member \(name) declares a negative size")
    }
    return ArchiveEntry(name: name, declaredSize: declared)
  }

  /// libarchive stops at the tar end-of-archive blocks and never reaches the gzip trailer, so
  /// it would not notice a wrong CRC-32: for `.tarGzip`, the gzip layer is decompressed once
  /// more, under the same limits, to check every member's checksum and length.
  private func verifyGzipLayer() throws(ArchiveError) {
    guard isGzipCompressed else { return }
    let gzip = try GzipReader(path: path, limits: meter.limits)
    let scratch = UnsafeMutableRawBufferPointer.allocate(
      byteCount: ExpansionMeter.chunkBytes, alignment: 1)
    defer { scratch.deallocate() }
    while try gzip.read(into: scratch) > 0 {}
  }

  /// Reads and discards what is left of the current member, through the limit checks.
  private func skipRestOfCurrent() throws(ArchiveError) {
    guard current != nil else { return }
    let scratch = UnsafeMutableRawBufferPointer.allocate(
      byteCount: ExpansionMeter.chunkBytes, alignment: 1)
    defer { scratch.deallocate() }
    while try read(into: scratch) > 0 {}
  }

  /// Runs `body`; once anything has failed, every later call throws that same error.
  private func guarded<T>(_ body: () throws(ArchiveError) -> T) throws(ArchiveError) -> T {
    if let failure { throw failure }
    do {
      return try body()
    } catch {
      failure = error
      current = nil
      throw error
    }
  }

  private var lastMessage: String {
    archive_error_string(archive).map { String(cString: $0) } ?? "libarchive reported an error"
  }

  /// The member name: UTF-8 when libarchive can convert it, else the raw bytes. Either way,
  /// bytes that are not UTF-8 (names from legacy code pages) are decoded as U+FFFD.
  private static func name(of header: OpaquePointer) -> String {
    let bytes = archive_entry_pathname_utf8(header) ?? archive_entry_pathname(header)
    return bytes.map { String(cString: $0) } ?? ""
  }
}
