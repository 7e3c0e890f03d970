/// The container an input file is, detected from its content (magic bytes), never its name.
public enum ContainerFormat: String, Sendable {
  /// Not compressed and not an archive: read the bytes as they are.
  case plain
  /// A gzip-compressed single file: read it with ``GzipReader``.
  case gzip
  /// A zip archive: read it with ``ArchiveReader``.
  case zip
  /// A tar archive: read it with ``ArchiveReader``.
  case tar
  /// A gzip-compressed tar archive: read it with ``ArchiveReader``.
  case tarGzip
}

extension ContainerFormat {
  /// Bytes of a tar header block.
  private static let tarBlockBytes = 512

  /// Detects the container of the file at `path` from its first bytes.
  ///
  /// gzip (`1f 8b`) is inflated up to one tar block to tell `.tarGzip` from `.gzip`; a gzip
  /// stream too damaged to give that block throws. `PK\3\4` or `PK\5\6` is `.zip`; `ustar` at
  /// offset 257, or an old-style tar header with a valid checksum, is `.tar`.
  public static func detect(path: String) throws(ArchiveError) -> ContainerFormat {
    let file = try InputFile(path: path)
    let head = try firstBlock(of: file.read)
    if head.starts(with: [0x1F, 0x8B]) {
      let gzip = try GzipReader(path: path, limits: ArchiveLimits())
      return isTarHeader(try firstBlock(of: gzip.read)) ? .tarGzip : .gzip
    }
    let zipLocalHeader: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    let zipEmptyArchive: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    if head.starts(with: zipLocalHeader) || head.starts(with: zipEmptyArchive) { return .zip }
    return isTarHeader(head) ? .tar : .plain
  }

  /// Up to one tar block from `read`, fewer only when the stream ends.
  private static func firstBlock(
    of read: (UnsafeMutableRawBufferPointer) throws(ArchiveError) -> Int
  ) throws(ArchiveError) -> [UInt8] {
    let block = UnsafeMutableRawBufferPointer.allocate(byteCount: tarBlockBytes, alignment: 1)
    defer { block.deallocate() }
    var filled = 0
    while filled < block.count {
      let count = try read(UnsafeMutableRawBufferPointer(rebasing: block[filled...]))
      if count == 0 { break }
      filled += count
    }
    return Array(block[..<filled])
  }

  /// A POSIX `ustar` magic, or an old-style header whose checksum field matches its bytes.
  private static func isTarHeader(_ block: [UInt8]) -> Bool {
    guard block.count == tarBlockBytes else { return false }
    if block[257..<262].elementsEqual("ustar".utf8) { return true }
    guard block.contains(where: { $0 != 0 }), let stored = octalField(block[148..<156]) else {
      return false
    }
    // The checksum is computed with its own eight bytes taken as spaces; some old tars summed
    // signed bytes, so both sums are accepted.
    let checksumRange = 148..<156
    var unsignedSum = 0
    var signedSum = 0
    for (index, byte) in block.enumerated() {
      let value = checksumRange.contains(index) ? 0x20 : byte
      unsignedSum += Int(value)
      signedSum += Int(Int8(bitPattern: value))
    }
    return stored == unsignedSum || stored == signedSum
  }

  /// An octal number padded with spaces and ended by NUL or space; `nil` when malformed.
  private static func octalField(_ field: ArraySlice<UInt8>) -> Int? {
    let digits = field.drop(while: { $0 == 0x20 }).prefix(while: { $0 != 0 && $0 != 0x20 })
    guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x37).contains($0) }) else { return nil }
    return digits.reduce(0) { $0 * 8 + Int($1 - 0x30) }
  }
}
