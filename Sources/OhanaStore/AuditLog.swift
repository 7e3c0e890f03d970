#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import OhanaFiles
import OhanaJSON

/// An append-only, hash-chained log of every registry change (`registry/audit/log.jsonl`).
///
/// Each line is a compact canonical JSON record holding `prev`, the SHA-256 of the previous
/// line's bytes (64 zeros for the first), and `seq`, its position. Editing, removing or
/// reordering any earlier line breaks the chain, which ``verify()`` reports. Appends are
/// serialized with `flock` on the log itself and fsynced; a line torn by a crash mid-append is
/// cut off by the next append, since the change it described was never acknowledged.
public struct AuditLog: Sendable {
  /// Path of the log file.
  public let path: String
  static let genesis = String(repeating: "0", count: 64)

  public init(path: String) { self.path = path }

  /// Appends a record of `action` on `subject` with `details`; returns its sequence number.
  @discardableResult
  public func append(action: String, subject: String, details: JSONValue = .object([:])) throws -> Int64 {
    try Directory.create(Path.parent(of: path))
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw StoreError.fileSystem(FileSystemError("open", path: path)) }
    defer { close(descriptor) }
    while flock(descriptor, LOCK_EX) != 0 {
      if errno != EINTR { throw StoreError.fileSystem(FileSystemError("flock", path: path)) }
    }
    defer { flock(descriptor, LOCK_UN) }
    let (lastLine, validEnd) = try lastCompleteLine(descriptor)
    var previousHash = Self.genesis
    var sequence: Int64 = 1
    if let lastLine {
      previousHash = SHA256Hasher.hash(lastLine)
      if let record = try? JSONParser.parse(lastLine), let last = record["seq"]?.intValue {
        sequence = last + 1
      }
    }
    if ftruncate(descriptor, off_t(validEnd)) != 0 {
      throw StoreError.fileSystem(FileSystemError("truncate", path: path))
    }
    let record: JSONValue = .object([
      "seq": .int(sequence), "time": .string(Timestamp.nowISO8601()), "action": .string(action),
      "subject": .string(subject), "details": details, "prev": .string(previousHash),
    ])
    let line = Array((CanonicalJSON.encodeCompact(record) + "\n").utf8)
    var offset = 0
    while offset < line.count {
      let written = line.withUnsafeBytes {
        pwrite(descriptor, $0.baseAddress! + offset, line.count - offset, off_t(validEnd + offset))
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw StoreError.fileSystem(FileSystemError("write", path: path))
      }
      offset += written
    }
    guard fsync(descriptor) == 0 else { throw StoreError.fileSystem(FileSystemError("fsync", path: path)) }
    return sequence
  }

  /// The last newline-terminated line (without its newline) and the offset just past it.
  private func lastCompleteLine(_ descriptor: Int32) throws -> ([UInt8]?, Int) {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw StoreError.fileSystem(FileSystemError("stat", path: path))
    }
    let size = Int(status.st_size)
    guard size > 0 else { return (nil, 0) }
    var windowSize = 4096
    while true {
      let start = max(0, size - windowSize)
      var window = [UInt8](repeating: 0, count: size - start)
      let count = window.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(start)) }
      guard count == window.count else {
        throw StoreError.fileSystem(FileSystemError("read", path: path))
      }
      // End of the last complete line: the last newline in the file.
      guard let lastNewline = window.lastIndex(of: 0x0A) else {
        if start == 0 { return (nil, 0) }
        windowSize *= 4
        continue
      }
      let before = window[..<lastNewline]
      if let previousNewline = before.lastIndex(of: 0x0A) {
        return (Array(window[(previousNewline + 1)..<lastNewline]), start + lastNewline + 1)
      }
      if start == 0 { return (Array(before), lastNewline + 1) }
      windowSize *= 4
    }
  }

  /// Every complete record, in order. A missing log is empty.
  public func records() throws -> [JSONValue] {
    guard (try? FileInfo.of(path)) != nil else { return [] }
    var bytes = try DurableFile.read(path)
    // A line torn by a crash mid-append (no final newline) was never acknowledged.
    if let end = bytes.lastIndex(of: 0x0A) { bytes.removeSubrange((end + 1)...) } else { bytes.removeAll() }
    return try bytes.split(separator: 0x0A).map { line in
      do { return try JSONParser.parse(Array(line)) } catch {
        throw StoreError.corruptManifest(path: path, reason: "\(error)")
      }
    }
  }

  /// Whether some record is about `subject` with exactly `details` (used when redoing work
  /// that was interrupted, to record each change once).
  public func contains(subject: String, details: JSONValue) throws -> Bool {
    try records().contains { $0["subject"]?.stringValue == subject && $0["details"] == details }
  }

  /// Checks the chain; returns one sentence per problem (empty when intact).
  public func verify() throws -> [String] {
    guard let info = (try FileInfo.of(path)) else { return [] }
    guard info.kind == .regular else { return ["audit log \(path) is not a regular file"] }
    let bytes = try DurableFile.read(path)
    var problems: [String] = []
    var previousHash = Self.genesis
    var expected: Int64 = 1
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() } else if !lines.isEmpty {
      problems.append("audit log \(path) ends with an incomplete record (a crash mid-append); the next append removes it")
      lines.removeLast()
    }
    for (index, line) in lines.enumerated() {
      let number = index + 1
      guard let record = try? JSONParser.parse(Array(line)) else {
        problems.append("audit log line \(number) is not valid JSON")
        previousHash = SHA256Hasher.hash(Array(line))
        continue
      }
      if record["prev"]?.stringValue != previousHash {
        problems.append("audit log line \(number) does not chain to the line before it (edited, removed or reordered records)")
      }
      if record["seq"]?.intValue != expected {
        problems.append("audit log line \(number) has sequence \(record["seq"]?.intValue.map(String.init) ?? "none"), expected \(expected)")
      }
      expected += 1
      previousHash = SHA256Hasher.hash(Array(line))
    }
    return problems
  }
}
