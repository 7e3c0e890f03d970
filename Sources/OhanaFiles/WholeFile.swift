import OhanaParallel

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a whole regular file into memory, as fast as the page cache gives it up: the one
/// reader of input files (GEDCOM, CSV) however large.
///
/// A large file is read into a buffer backed by huge pages where the system allows them (a few
/// dozen page faults instead of one per 4 KiB), in two halves side by side, as copying from
/// the page cache costs as much as the faults do.
public enum WholeFile {
  /// Files smaller than this are read in one piece on the calling thread.
  public static let parallelBytes = 8 << 20

  /// The bytes of the file at `path`; a folder or device is refused (`EISDIR`, `EINVAL`).
  public static func read(_ path: String) throws(FileSystemError) -> [UInt8] {
    let (descriptor, size) = try openRegularFile(path)
    defer { close(descriptor) }
    var failure: Int32 = 0
    // Not zero-filled first: every byte is read over.
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      guard let base = buffer.baseAddress else { return }
      HugePages.advise(UnsafeMutableRawPointer(base), bytes: size)
      let pieces = Parallel.map(size, chunks: size >= parallelBytes ? 2 : 1) { range in
        (
          wanted: range.count,
          read: readRange(
            descriptor, into: base + range.lowerBound, offset: range.lowerBound, count: range.count)
        )
      }
      // A short read leaves the buffer filled up to the first gap only.
      var filled = 0
      for piece in pieces {
        if piece.read.error != 0, failure == 0 { failure = piece.read.error }
        filled += piece.read.count
        if piece.read.count < piece.wanted { break }
      }
      initialized = filled
    }
    if failure != 0 { throw FileSystemError("read", path: path, code: failure) }
    return bytes
  }

  /// Opens the regular file at `path` for reading: its descriptor, which the caller closes,
  /// and its size. A folder or device is refused (`EISDIR`, `EINVAL`).
  static func openRegularFile(_ path: String) throws(FileSystemError) -> (descriptor: Int32, size: Int) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw FileSystemError("open", path: path) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      let failure = FileSystemError("stat", path: path)
      close(descriptor)
      throw failure
    }
    switch status.st_mode & S_IFMT {
    case S_IFREG: return (descriptor, Int(status.st_size))
    case S_IFDIR:
      close(descriptor)
      throw FileSystemError("read", path: path, code: EISDIR)
    default:
      close(descriptor)
      throw FileSystemError("read", path: path, code: EINVAL)
    }
  }

  /// Reads `count` bytes at `offset` into `pointer`; how many were read before the end of the
  /// file or an error (`errno`, 0 for none).
  private static func readRange(
    _ descriptor: Int32, into pointer: UnsafeMutablePointer<UInt8>, offset: Int, count: Int
  ) -> (count: Int, error: Int32) {
    var filled = 0
    while filled < count {
      let got = pread(descriptor, pointer + filled, count - filled, off_t(offset + filled))
      if got < 0 {
        if errno == EINTR { continue }
        return (filled, errno)
      }
      if got == 0 { break }
      filled += got
    }
    return (filled, 0)
  }
}
