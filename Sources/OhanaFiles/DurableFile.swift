#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole-file reads and durable, atomic whole-file writes.
public enum DurableFile {
  /// Atomically replaces `path` with `bytes` (temp file, fsync, rename, fsync folder).
  public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644)
    throws(FileSystemError)
  {
    let file = try TemporaryFile(in: Path.parent(of: path), mode: mode)
    try file.write(bytes)
    try file.commit(to: path)
  }

  /// Atomically replaces `path` with the UTF-8 of `text`.
  public static func write(_ text: String, to path: String) throws(FileSystemError) {
    try write(Array(text.utf8), to: path)
  }

  /// Writes `bytes` to `path` only when its current content differs, so reruns leave files
  /// (and their modification times) untouched. Returns whether it wrote.
  @discardableResult
  public static func writeIfChanged(_ bytes: [UInt8], to path: String) throws(FileSystemError) -> Bool {
    if let current = try? read(path), current == bytes { return false }
    try write(bytes, to: path)
    return true
  }

  /// The whole content of the regular file `path` (symbolic links are not followed).
  public static func read(_ path: String) throws(FileSystemError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else { throw FileSystemError("open", path: path) }
    defer { close(descriptor) }
    var result: [UInt8] = []
    var status = stat()
    if fstat(descriptor, &status) == 0 { result.reserveCapacity(Int(status.st_size)) }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw FileSystemError("read", path: path)
      }
      if count == 0 { return result }
      result.append(contentsOf: chunk[0..<count])
    }
  }

  /// The UTF-8 text of `path`.
  public static func readText(_ path: String) throws(FileSystemError) -> String {
    String(decoding: try read(path), as: UTF8.self)
  }
}
