import Foundation

/// A fresh directory for one test, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
  /// Absolute path of the directory.
  public let path: String

  public init() throws {
    let base = FileManager.default.temporaryDirectory.path
    path = base + "/ohana-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit {
    // Artifacts are read-only; make everything writable so the tree can be removed.
    if let walker = FileManager.default.enumerator(atPath: path) {
      for case let relative as String in walker {
        chmod(path + "/" + relative, 0o755)
      }
    }
    try? FileManager.default.removeItem(atPath: path)
  }

  /// The absolute path of `name` inside the directory.
  public func file(_ name: String) -> String { path + "/" + name }

  /// Writes `text` to `name` (creating folders), returning the path.
  @discardableResult
  public func write(_ text: String, to name: String) throws -> String {
    let target = file(name)
    try FileManager.default.createDirectory(
      atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: target))
    return target
  }
}
