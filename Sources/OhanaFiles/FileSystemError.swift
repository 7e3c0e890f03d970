#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A failed file-system call, with the operation, the path and the system's reason.
public struct FileSystemError: Error, CustomStringConvertible, Sendable, Equatable {
  /// What was being done, e.g. `fsync` or `rename`.
  public let operation: String
  /// The path involved.
  public let path: String
  /// The `errno` value the call failed with.
  public let code: Int32

  /// Captures the current `errno` for `operation` on `path`.
  public init(_ operation: String, path: String, code: Int32 = errno) {
    self.operation = operation
    self.path = path
    self.code = code
  }

  /// The system's reason, e.g. "No such file or directory".
  public var reason: String { String(cString: strerror(code)) }

  public var description: String {
    "\(operation) \(path) failed: \(reason)"
  }
}
