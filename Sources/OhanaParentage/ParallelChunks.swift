import Dispatch

/// Deterministic data parallelism for the hot loops (candidate generation, features, ranking).
///
/// Work is cut into a fixed number of contiguous chunks whose results are concatenated in
/// chunk order, so outputs never depend on thread scheduling or the number of cores.
enum ParallelChunks {
  /// How many chunks a large loop is cut into (a few per core on the 2-core target, for balance).
  static let chunkCount = 8

  /// `body` applied to each of the `chunkCount` near-equal ranges of `0..<total`, in order.
  /// Small inputs run on the calling thread.
  static func map<T>(_ total: Int, minimumPerChunk: Int = 64, _ body: (Range<Int>) -> T) -> [T] {
    let chunks = max(1, min(chunkCount, total / max(1, minimumPerChunk)))
    if chunks == 1 { return [body(0..<total)] }
    var results = [T?](repeating: nil, count: chunks)
    results.withUnsafeMutableBufferPointer { buffer in
      let slots = UnsafeSlots(base: buffer.baseAddress!)
      withoutActuallyEscaping(body) { body in
        let work = UncheckedBox(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
          let range = (total * chunk / chunks)..<(total * (chunk + 1) / chunks)
          slots.base[chunk] = work.value(range)
        }
      }
    }
    return results.map { $0! }
  }

  /// `body(0)…body(tasks - 1)` run concurrently, results in task order.
  static func perform<T>(_ tasks: Int, _ body: (Int) -> T) -> [T] {
    if tasks <= 1 { return tasks == 1 ? [body(0)] : [] }
    var results = [T?](repeating: nil, count: tasks)
    results.withUnsafeMutableBufferPointer { buffer in
      let slots = UnsafeSlots(base: buffer.baseAddress!)
      withoutActuallyEscaping(body) { body in
        let work = UncheckedBox(body)
        DispatchQueue.concurrentPerform(iterations: tasks) { task in slots.base[task] = work.value(task) }
      }
    }
    return results.map { $0! }
  }

  /// Concatenates the per-chunk arrays of ``map(_:minimumPerChunk:_:)``.
  static func flatMap<T>(_ total: Int, minimumPerChunk: Int = 64, _ body: (Range<Int>) -> [T]) -> [T] {
    let parts = map(total, minimumPerChunk: minimumPerChunk, body)
    if parts.count == 1 { return parts[0] }
    var out: [T] = []
    out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
    for part in parts { out += part }
    return out
  }
}

/// Writable slots that concurrent chunks fill, each chunk its own index.
private struct UnsafeSlots<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T?>
}

/// A non-Sendable closure handed to concurrent chunks; it only reads shared immutable state.
private struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
