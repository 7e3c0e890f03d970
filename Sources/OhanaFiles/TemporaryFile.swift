#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A hidden file being written in the folder where it will end up, so that publishing it is a
/// single atomic `rename` on one file system.
///
/// The protocol for a durable write is: write everything, `fsync` the file, `rename` it over
/// the final name, `fsync` the folder. Until ``commit(to:)`` returns, readers see either the old
/// file or nothing, never a partial one; after it returns, a power cut cannot lose it.
public final class TemporaryFile {
  /// Where the temporary file lives until it is committed or discarded.
  public let path: String
  private var descriptor: Int32

  /// Creates an empty temporary file in `directory` (which must exist).
  public init(in directory: String, mode: mode_t = 0o644) throws(FileSystemError) {
    var random = SystemRandomNumberGenerator()
    var attempt = 0
    while true {
      let name = ".ohana-\(getpid())-\(String(random.next() as UInt64, radix: 36)).tmp"
      let candidate = Path.join(directory, name)
      let opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
      if opened >= 0 {
        path = candidate
        descriptor = opened
        return
      }
      attempt += 1
      guard errno == EEXIST, attempt < 16 else { throw FileSystemError("create", path: candidate) }
    }
  }

  deinit { discard() }

  /// Appends `bytes`, retrying short writes and interrupted calls.
  public func write(_ bytes: UnsafeRawBufferPointer) throws(FileSystemError) {
    guard var base = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
      let written = Glibc.write(descriptor, base, remaining)
      if written < 0 {
        if errno == EINTR { continue }
        throw FileSystemError("write", path: path)
      }
      remaining -= written
      base += written
    }
  }

  /// Appends the bytes of an array.
  public func write(_ bytes: [UInt8]) throws(FileSystemError) {
    var failure: FileSystemError?
    bytes.withUnsafeBytes { buffer in
      do throws(FileSystemError) { try write(buffer) } catch { failure = error }
    }
    if let failure { throw failure }
  }

  /// Makes the file durable and atomically gives it the name `destination` (replacing any
  /// file there), then makes the rename durable by syncing the destination's folder.
  /// With `readOnly`, the published file has mode 0444.
  public func commit(to destination: String, readOnly: Bool = false) throws(FileSystemError) {
    try finishWriting(readOnly: readOnly)
    guard rename(path, destination) == 0 else { throw FileSystemError("rename", path: destination) }
    try Directory.sync(Path.parent(of: destination))
  }

  /// Like ``commit(to:readOnly:)`` but never replaces an existing file: returns `false` (and
  /// removes the temporary file) when `destination` already exists. Content-addressed files
  /// use this, since an existing file already holds the same bytes.
  public func commitIfAbsent(to destination: String, readOnly: Bool = false) throws(FileSystemError)
    -> Bool
  {
    try finishWriting(readOnly: readOnly)
    // link() fails with EEXIST instead of replacing, which makes "first writer wins" atomic.
    if link(path, destination) != 0 {
      let code = errno
      unlink(path)
      if code == EEXIST { return false }
      throw FileSystemError("link", path: destination, code: code)
    }
    unlink(path)
    try Directory.sync(Path.parent(of: destination))
    return true
  }

  /// Sets the final mode, flushes the data to stable storage and closes the file.
  private func finishWriting(readOnly: Bool) throws(FileSystemError) {
    precondition(descriptor >= 0, "temporary file already committed or discarded")
    if readOnly && fchmod(descriptor, 0o444) != 0 { throw FileSystemError("chmod", path: path) }
    guard fsync(descriptor) == 0 else { throw FileSystemError("fsync", path: path) }
    let closed = close(descriptor)
    descriptor = -1
    guard closed == 0 else { throw FileSystemError("close", path: path) }
  }

  /// Removes temporary files left in `directory` and its subfolders by processes that died
  /// before committing them (their names carry the writer's pid). Returns how many it removed.
  @discardableResult
  public static func removeAbandoned(under directory: String) throws(FileSystemError) -> Int {
    var removed = 0
    for name in try Directory.entries(of: directory) {
      let path = Path.join(directory, name)
      guard let info = try FileInfo.of(path) else { continue }
      if info.kind == .directory {
        removed += try removeAbandoned(under: path)
      } else if name.hasPrefix(".ohana-"), name.hasSuffix(".tmp"),
        let pid = Int32(name.dropFirst(7).prefix { $0 != "-" }),
        kill(pid, 0) != 0 && errno == ESRCH
      {
        if unlink(path) == 0 { removed += 1 }
      }
    }
    return removed
  }

  /// Removes the temporary file if it was not committed. Safe to call more than once.
  public func discard() {
    if descriptor >= 0 {
      close(descriptor)
      descriptor = -1
      unlink(path)
    }
  }
}
