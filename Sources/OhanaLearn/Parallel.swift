import Dispatch
import Foundation

/// A fixed, small amount of parallelism for hot loops.
///
/// Work is always cut into the same chunks whatever the machine, so results (including
/// floating-point sums) do not depend on the number of cores.
enum Parallel {
  /// The number of chunks large loops are cut into.
  static let chunks = 2

  /// Runs `body(0..<count)` concurrently and waits for all of them.
  static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    if count == 1 {
      body(0)
      return
    }
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
  }

  /// The `chunk`-th of `chunks` near-equal ranges of `0..<total`.
  static func range(_ chunk: Int, of chunks: Int, total: Int) -> Range<Int> {
    (total * chunk / chunks)..<(total * (chunk + 1) / chunks)
  }
}

/// An unsafe pointer that may cross into concurrently running closures; callers guarantee the
/// closures touch disjoint memory.
struct SharedPointer<Element>: @unchecked Sendable {
  let base: UnsafeMutablePointer<Element>
  init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
}

/// A read-only unsafe pointer that may cross into concurrently running closures.
struct SharedReadPointer<Element>: @unchecked Sendable {
  let base: UnsafePointer<Element>
  init(_ base: UnsafePointer<Element>) { self.base = base }
}

/// Slots written by concurrent workers, one slot per index, read after they finish.
final class ResultBox<Value>: @unchecked Sendable {
  private var slots: [Value?]
  private let lock = NSLock()

  init(count: Int) { slots = [Value?](repeating: nil, count: count) }

  func store(_ index: Int, _ value: Value) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  func values() -> [Value] { slots.map { $0! } }
}
