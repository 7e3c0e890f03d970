import Foundation

/// Runs independent pieces of work side by side on threads of their own.
///
/// Plain threads rather than Dispatch's shared pool: a parse called from many places at once
/// (tests run in parallel) must never wait for a pool busy with its own callers.
enum Parallel {
  /// `body(0)`, …, `body(count - 1)`, the first on the calling thread and each other on a new
  /// thread, in that order in the result.
  static func map<Result: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> Result) -> [Result] {
    guard count > 1 else { return (0..<count).map(body) }
    let results = Results<Result>(count: count)
    let finished = DispatchGroup()
    for index in 1..<count {
      finished.enter()
      let thread = Thread {
        results.set(index, body(index))
        finished.leave()
      }
      thread.stackSize = 8 << 20
      thread.start()
    }
    results.set(0, body(0))
    finished.wait()
    return results.values
  }

  /// The results as the threads finish them.
  private final class Results<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result) { lock.withLock { slots[index] = result } }

    var values: [Result] { lock.withLock { slots.map { $0! } } }
  }
}
