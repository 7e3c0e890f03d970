#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import OhanaFiles

/// A file taken from the inbox by this process.
public struct ClaimedFile: Sendable, Equatable {
  /// Where the file is now, inside the claim folder.
  public let path: String
  /// Its path relative to `inbox/` when it was dropped.
  public let relativePath: String
  /// A token unique to this claim; it survives recovery after a crash, so outputs named with it
  /// are rewritten, not duplicated, when the work is redone.
  public let token: String
}

/// Maildir-style claims: a file is taken by an atomic `rename` into this process's hidden
/// claim folder, so two workers (or two hosts sharing the tree) can never take the same file.
///
/// The claim folder is named `<host>~<pid>~<process start time>`, so a later run can tell that
/// its owner is dead (same host, no such process) or stale (another host, untouched for longer
/// than the claim timeout) and take its files back.
public final class ClaimBox {
  public let claimsFolder: String
  public let folder: String
  private let host: String
  private var random = SystemRandomNumberGenerator()

  public init(claimsFolder: String) throws {
    self.claimsFolder = claimsFolder
    host = Self.hostName()
    let pid = getpid()
    folder = Path.join(claimsFolder, "\(host)~\(pid)~\(Self.startTime(of: pid) ?? 0)")
    try Directory.create(folder)
  }

  deinit {
    // An empty claim folder is removed; one that still holds files is left for recovery.
    rmdir(folder)
  }

  /// Takes `relativePath` (relative to `inbox`) by renaming it into the claim folder.
  /// Returns `nil` when another worker took it first.
  public func claim(_ source: String, relativePath: String) throws -> ClaimedFile? {
    let token = String(random.next() as UInt64, radix: 16)
    let destination = Path.join(folder, token + "~" + Self.encode(relativePath))
    if rename(source, destination) != 0 {
      if errno == ENOENT { return nil }
      throw FileSystemError("rename", path: source)
    }
    return ClaimedFile(path: destination, relativePath: relativePath, token: token)
  }

  /// Moves every file of dead or stale claim folders into this one and returns them.
  public func recoverAbandoned(staleAfter seconds: Double) throws -> [ClaimedFile] {
    var recovered: [ClaimedFile] = []
    for name in try Directory.entries(of: claimsFolder) {
      let other = Path.join(claimsFolder, name)
      guard other != folder, try isAbandoned(name: name, path: other, staleAfter: seconds) else { continue }
      for fileName in try Directory.entries(of: other) {
        guard let (token, relativePath) = Self.decode(fileName) else { continue }
        let destination = Path.join(folder, fileName)
        if rename(Path.join(other, fileName), destination) == 0 {
          recovered.append(ClaimedFile(path: destination, relativePath: relativePath, token: token))
        } else if errno != ENOENT {
          throw FileSystemError("rename", path: Path.join(other, fileName))
        }
      }
      rmdir(other)
    }
    return recovered
  }

  /// Files of this process's own claim folder (left over when a stage failed midway).
  public func pending() throws -> [ClaimedFile] {
    try Directory.entries(of: folder).compactMap { name in
      Self.decode(name).map { ClaimedFile(path: Path.join(folder, name), relativePath: $0.1, token: $0.0) }
    }
  }

  /// Marks a claim finished by removing the claimed name.
  ///
  /// The folder is not synced: everything the claim produced is durable already, and if a power
  /// cut brings the name back, the next run redoes the claim under the same token, which finds
  /// the manifest and its audit record and rewrites the same receipt. One fsync fewer per file
  /// is an eighth of the cost of ingesting a small file.
  public func release(_ file: ClaimedFile) throws {
    if unlink(file.path) != 0 && errno != ENOENT { throw FileSystemError("unlink", path: file.path) }
  }

  private func isAbandoned(name: String, path: String, staleAfter seconds: Double) throws -> Bool {
    let parts = name.split(separator: "~", omittingEmptySubsequences: false)
    guard parts.count == 3, let pid = Int32(parts[1]), let start = UInt64(parts[2]) else {
      return false
    }
    if String(parts[0]) == host {
      if kill(pid, 0) != 0 && errno == ESRCH { return true }
      // The pid may have been reused by another process since the claim was made.
      return Self.startTime(of: pid).map { $0 != start } ?? true
    }
    guard let info = try FileInfo.of(path) else { return false }
    return info.modificationTime < Double(time(nil)) - seconds
  }

  static func encode(_ relativePath: String) -> String {
    var result = ""
    for scalar in relativePath.unicodeScalars {
      switch scalar {
      case "%": result += "%25"
      case "/": result += "%2F"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  static func decode(_ name: String) -> (String, String)? {
    guard let separator = name.firstIndex(of: "~") else { return nil }
    let token = String(name[..<separator])
    let encoded = String(name[name.index(after: separator)...])
    let relativePath = encoded.replacing("%2F", with: "/").replacing("%25", with: "%")
    return (token, relativePath)
  }

  private static func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    gethostname(&buffer, buffer.count - 1)
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    let name = String(decoding: bytes, as: UTF8.self).replacing("~", with: "-").replacing("/", with: "-")
    return name.isEmpty ? "localhost" : name
  }

  /// The process's start time in clock ticks since boot (field 22 of `/proc/<pid>/stat`).
  static func startTime(of pid: Int32) -> UInt64? {
    guard let text = try? DurableFile.readText("/proc/\(pid)/stat"),
      let close = text.lastIndex(of: ")")
    else { return nil }
    let fields = text[text.index(after: close)...].split(separator: " ")
    // After the command name: state is field 3, so start time (field 22) is index 19.
    guard fields.count > 19 else { return nil }
    return UInt64(fields[19])
  }
}
