#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a lock file, released when the process dies, so a
/// crashed holder can never leave the lock stuck.
public final class FileLock {
  private let descriptor: Int32
  private let path: String

  /// Blocks until the exclusive lock on `path` (created if needed) is held.
  public init(path: String) throws(FileSystemError) {
    try Directory.create(Path.parent(of: path))
    let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard opened >= 0 else { throw FileSystemError("open", path: path) }
    while flock(opened, LOCK_EX) != 0 {
      if errno == EINTR { continue }
      let code = errno
      close(opened)
      throw FileSystemError("flock", path: path, code: code)
    }
    descriptor = opened
    self.path = path
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }

  /// Runs `body` while holding the lock on `path`.
  public static func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
    let lock = try FileLock(path: path)
    defer { withExtendedLifetime(lock) {} }
    return try body()
  }
}
