#if canImport(Glibc)
  import Glibc
#endif

/// A regular file mapped read-only into memory, its pages taken from the page cache up front:
/// no copy and no fresh memory to fault in and zero, which on a virtual machine cost several
/// times what copying does.
///
/// Only for files that no process truncates or rewrites while the mapping lives, such as the
/// content-addressed store's: a mapped file that shrinks faults the reader, and one rewritten
/// in place changes under it. Other files are read with ``WholeFile``.
public final class MappedFile: @unchecked Sendable {  // the mapping is never written
  /// The file's bytes, valid while this object lives.
  public let bytes: UnsafeRawBufferPointer

  /// Maps the file at `path`; a folder or device is refused (`EISDIR`, `EINVAL`).
  public init(_ path: String) throws(FileSystemError) {
    let (descriptor, size) = try WholeFile.openRegularFile(path)
    defer { close(descriptor) }
    guard size > 0 else {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0)
    guard let address, address != MAP_FAILED else { throw FileSystemError("mmap", path: path) }
    bytes = UnsafeRawBufferPointer(start: address, count: size)
  }

  deinit {
    if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
  }
}
