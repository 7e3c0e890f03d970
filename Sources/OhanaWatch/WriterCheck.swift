import Glibc

/// Whether some process still holds a file open for writing, asked of the kernel through a read
/// lease: Linux refuses `F_SETLEASE` with `F_RDLCK` (`EAGAIN`) while any descriptor, in any
/// process including this one, has the file open for writing or shared-writable mapped.
///
/// The answer is a snapshot: a writer may open the file right after the check, so callers pair
/// it with other evidence (an unchanged size and modification time across a short wait).
public enum WriterCheck {
  /// The outcome of one check.
  public enum Result: Sendable, Equatable {
    /// Some process has the file open for writing.
    case writerPresent
    /// No process had the file open for writing at the moment of the check.
    case noWriter
    /// The kernel could not tell. Typical `errno` values: `ENOENT` (no such file), `ELOOP`
    /// (the path is a symbolic link, which is never followed), `EINVAL` (not a regular file, or
    /// a file system without leases such as NFS), `EACCES`/`EPERM` (leases on other users'
    /// files need CAP_LEASE), `EAGAIN` from opening (another process holds a write lease).
    case unknown(errno: Int32)
  }

  /// `F_SETLEASE` (`F_LINUX_SPECIFIC_BASE + 0`); Glibc only declares it with `_GNU_SOURCE`,
  /// which Swift's Glibc module does not define.
  private static let setLeaseCommand: Int32 = 1024

  /// Checks the file at `path` without following a final symbolic link, without blocking on
  /// FIFOs or leases, and without keeping anything open: the lease is released at once.
  public static func check(path: String) -> Result {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC)
    guard descriptor >= 0 else { return .unknown(errno: errno) }
    defer { close(descriptor) }
    guard fcntl(descriptor, setLeaseCommand, Int32(F_RDLCK)) == 0 else {
      let code = errno
      return code == EAGAIN ? .writerPresent : .unknown(errno: code)
    }
    _ = fcntl(descriptor, setLeaseCommand, Int32(F_UNLCK))
    return .noWriter
  }
}
