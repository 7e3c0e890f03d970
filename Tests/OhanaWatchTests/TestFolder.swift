import Foundation
import Glibc
import Testing

@testable import OhanaWatch

/// A unique temporary folder for one test, removed by ``remove()``.
struct TestFolder {
  let path: String

  init() throws {
    let base = FileManager.default.temporaryDirectory.path
    path = "\(base)/ohana-watch-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
  }

  /// The absolute path of `relative` inside the folder.
  func path(_ relative: String) -> String { "\(path)/\(relative)" }

  /// Creates the folder `relative` and any missing parents.
  func makeFolder(_ relative: String) throws {
    try FileManager.default.createDirectory(
      atPath: path(relative), withIntermediateDirectories: true)
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Writes `text` to `path` with open/write/close, as `cp` does.
func writeFile(_ path: String, _ text: String = "0 HEAD\n") throws {
  let descriptor = try openForWriting(path)
  defer { close(descriptor) }
  try append(text, to: descriptor)
}

/// Opens `path` for writing, creating or truncating it.
func openForWriting(_ path: String) throws -> Int32 {
  let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
  try #require(descriptor >= 0, "open \(path): errno \(errno)")
  return descriptor
}

/// Writes all of `text` to `descriptor`.
func append(_ text: String, to descriptor: Int32) throws {
  let bytes = Array(text.utf8)
  let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
  try #require(written == bytes.count, "write: errno \(errno)")
}

extension DirectoryWatcher {
  /// Merges batches until `isComplete` holds for the merged batch or `limit` passes.
  func collect(
    within limit: Duration = .seconds(5), until isComplete: (WatchBatch) -> Bool
  ) throws -> WatchBatch {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: limit)
    var merged = WatchBatch()
    while !isComplete(merged), clock.now < deadline {
      let batch = try next(timeout: deadline - clock.now)
      merged.completedFiles += batch.completedFiles
      merged.newDirectories += batch.newDirectories
      merged.overflowed = merged.overflowed || batch.overflowed
      merged.terminationRequested = merged.terminationRequested || batch.terminationRequested
      merged.watchFailures += batch.watchFailures
    }
    return merged
  }
}
