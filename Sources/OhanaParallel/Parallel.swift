/// Runs independent pieces of work side by side, for every module of Ohana.
///
/// The calling thread works on the items too, and helper threads of the process's own (one
/// fewer than the cores) join in when they are free. A caller never waits for a helper to
/// become free: when all are busy (other callers, or this call made from inside parallel
/// work) it runs every item itself. So calls can nest, and can come from many threads at once
/// (tests run in parallel), without deadlock.
///
/// Results come back in item order, and how work is cut is the caller's choice, never the
/// machine's: the results, floating-point sums included, do not depend on the number of cores
/// or on which thread ran which item.
///
/// Bodies run on several threads at once: they must only read what they share and write only
/// what belongs to their own item. Items must not wait for one another, as all of them may run
/// one after the other on the calling thread.
public enum Parallel {
  /// `body(0)`, …, `body(count - 1)`, side by side where threads are free; the results in
  /// index order. Bodies run for their effects alone may ignore the result.
  @discardableResult
  public static func map<Result>(_ count: Int, _ body: @escaping (Int) -> Result) -> [Result] {
    WorkerPool.shared.map(count, body)
  }

  /// `body` applied to each of `chunks` contiguous, near-equal ranges of `0..<total`, side by
  /// side where threads are free; the results in range order.
  ///
  /// Fewer ranges are made when `total` gives fewer than `minimumPerChunk` items to each, and
  /// always at least one (`0..<0` when `total` is 0), so that small inputs run on the calling
  /// thread alone. Bodies run for their effects alone may ignore the result.
  @discardableResult
  public static func map<Result>(
    _ total: Int, chunks: Int, minimumPerChunk: Int = 1, _ body: @escaping (Range<Int>) -> Result
  ) -> [Result] {
    let ranges = self.ranges(total, chunks: chunks, minimumPerChunk: minimumPerChunk)
    return map(ranges.count) { body(ranges[$0]) }
  }

  /// The ranges ``map(_:chunks:minimumPerChunk:_:)`` cuts `0..<total` into.
  static func ranges(_ total: Int, chunks: Int, minimumPerChunk: Int = 1) -> [Range<Int>] {
    precondition(total >= 0, "Parallel.ranges: total \(total) is negative")
    let count = max(1, min(chunks, total / max(1, minimumPerChunk)))
    return (0..<count).map { (total * $0 / count)..<(total * ($0 + 1) / count) }
  }
}
