import Foundation

/// The document's tree once read, shared by copies of the document. Sendable by its lock,
/// which guards the one mutable property.
final class TreeCache: @unchecked Sendable {
  private let lock = NSLock()
  private var tree: NodeTree?

  /// The tree, read by `read` on first use.
  func value(_ read: () -> NodeTree) -> NodeTree {
    lock.lock()
    defer { lock.unlock() }
    if let tree { return tree }
    let read = read()
    tree = read
    return read
  }
}
