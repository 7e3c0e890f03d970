import Foundation
import OhanaArchive

/// Files for tests: unique temporary directories, archives built with python3, shared data.
enum Fixture {
  struct ScriptFailed: Error, CustomStringConvertible {
    let status: Int32
    let errors: String
    var description: String { "python3 exited with \(status): \(errors)" }
  }

  /// Runs `body` with a fresh, unique directory that is removed afterwards.
  static func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("ohana-archive-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
  }

  /// Runs a python3 program with `arguments` as `sys.argv[1...]`.
  static func python(_ program: String, _ arguments: String...) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", program] + arguments
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ScriptFailed(
        status: process.terminationStatus, errors: String(decoding: message, as: UTF8.self))
    }
  }

  /// The bytes of a file.
  static func bytes(of url: URL) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: url))
  }

  /// `/work/shared/data/hostile`, from `OHANA_DATA` or beside the repository; `nil` if absent.
  static let hostileDirectory: URL? = {
    let data: URL
    if let configured = ProcessInfo.processInfo.environment["OHANA_DATA"] {
      data = URL(fileURLWithPath: configured)
    } else {
      let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      data = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }
    let hostile = data.appendingPathComponent("hostile")
    return FileManager.default.fileExists(atPath: hostile.path) ? hostile : nil
  }()
}

/// Reads `source` to its end through a buffer of `bufferSize` bytes.
func readAll(_ source: some ByteSource, bufferSize: Int = 64 * 1024) throws(ArchiveError)
  -> [UInt8]
{
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 1)
  defer { buffer.deallocate() }
  var bytes: [UInt8] = []
  while true {
    let count = try source.read(into: buffer)
    if count == 0 { return bytes }
    bytes.append(contentsOf: buffer[..<count])
  }
}

/// Every regular member of the archive at `path`, in order, with its data.
func readMembers(_ path: String, limits: ArchiveLimits = ArchiveLimits()) throws(ArchiveError)
  -> [(entry: ArchiveEntry, data: [UInt8])]
{
  let reader = try ArchiveReader(path: path, limits: limits)
  var members: [(entry: ArchiveEntry, data: [UInt8])] = []
  while let entry = try reader.nextEntry() {
    members.append((entry, try readAll(reader)))
  }
  return members
}

/// The error `body` throws, or `nil` when it succeeds.
func archiveError(_ body: () throws(ArchiveError) -> Void) -> ArchiveError? {
  do {
    try body()
    return nil
  } catch {
    return error
  }
}

/// Reads `source` to its end, discarding the bytes; returns how many there were.
func drain(_ source: some ByteSource) throws(ArchiveError) -> UInt64 {
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 1)
  defer { buffer.deallocate() }
  var total: UInt64 = 0
  while true {
    let count = try source.read(into: buffer)
    if count == 0 { return total }
    total += UInt64(count)
  }
}
