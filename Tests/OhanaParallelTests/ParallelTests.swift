import Foundation
import Testing

@testable import OhanaParallel

/// A count that several threads add to.
private final class Tally: @unchecked Sendable {
  private let lock = NSLock()
  private var counts: [Int]

  init(_ size: Int) { counts = Array(repeating: 0, count: size) }

  func add(_ index: Int) { lock.withLock { counts[index] += 1 } }

  var values: [Int] { lock.withLock { counts } }
}

@Suite("Parallel: work side by side, results in order")
struct ParallelTests {
  @Test("Results come back in index order and every item runs exactly once")
  func orderAndOnce() {
    let tally = Tally(1_000)
    let results = Parallel.map(1_000) { index -> String in
      tally.add(index)
      return "item \(index)"
    }
    #expect(results == (0..<1_000).map { "item \($0)" })
    #expect(tally.values == Array(repeating: 1, count: 1_000))
  }

  @Test("No items: nothing runs; one item: it runs on the calling thread")
  func emptyAndOne() {
    let tally = Tally(1)
    let none = Parallel.map(0) { index -> Int in
      tally.add(0)
      return index
    }
    #expect(none.isEmpty)
    #expect(tally.values == [0])
    let caller = pthread_self()
    let one = Parallel.map(1) { _ in pthread_equal(pthread_self(), caller) != 0 }
    #expect(one == [true])
  }

  @Test(
    "Chunks are contiguous, near-equal, in order, and as many as asked unless too small",
    arguments: [
      (total: 0, chunks: 8, minimum: 64, expected: 1),
      (total: 1, chunks: 2, minimum: 1, expected: 1),
      (total: 5, chunks: 8, minimum: 1, expected: 5),
      (total: 19_999, chunks: 2, minimum: 10_000, expected: 1),
      (total: 20_000, chunks: 2, minimum: 10_000, expected: 2),
      (total: 1_000, chunks: 8, minimum: 64, expected: 8),
      (total: 300, chunks: 8, minimum: 64, expected: 4),
      (total: 1_003, chunks: 3, minimum: 1, expected: 3),
    ])
  func chunks(total: Int, chunks: Int, minimum: Int, expected: Int) {
    let ranges = Parallel.map(total, chunks: chunks, minimumPerChunk: minimum) { $0 }
    #expect(ranges.count == expected)
    #expect(ranges.first?.lowerBound == 0)
    #expect(ranges.last?.upperBound == total)
    for (earlier, later) in zip(ranges, ranges.dropFirst()) {
      #expect(earlier.upperBound == later.lowerBound)
      #expect(abs(earlier.count - later.count) <= 1)
    }
    // The same cut whatever the machine: the k-th of n ranges starts at total * k / n.
    #expect(ranges.map(\.lowerBound) == (0..<expected).map { total * $0 / expected })
  }

  @Test("Calls nest three deep without deadlock, each level's results in order")
  func nesting() {
    let results = Parallel.map(6) { outer in
      Parallel.map(5) { middle in
        Parallel.map(100, chunks: 4) { range in range.reduce(0, +) * (outer + 1) + middle }.reduce(0, +)
      }
    }
    let expected = (0..<6).map { outer in (0..<5).map { middle in 4950 * (outer + 1) + 4 * middle } }
    #expect(results == expected)
  }

  @Test("Many threads calling at once, nested, all get their own results")
  func manyThreads() {
    let threads = 16
    let finished = DispatchGroup()
    let tally = Tally(threads)
    for thread in 0..<threads {
      finished.enter()
      Thread {
        for round in 0..<20 {
          let sums = Parallel.map(8) { item in
            Parallel.map(64, chunks: 4) { range in range.map { $0 * thread + item + round }.reduce(0, +) }
              .reduce(0, +)
          }
          if sums == (0..<8).map({ item in 2016 * thread + 64 * (item + round) }) { tally.add(thread) }
        }
        finished.leave()
      }.start()
    }
    #expect(finished.wait(timeout: .now() + 120) == .success)
    #expect(tally.values == Array(repeating: 20, count: threads))
  }

  // The two tests below use a pool of their own: the shared pool's helper may be busy with
  // other tests' work for a long time.

  @Test("A caller whose helpers are all busy runs every item itself instead of waiting")
  func busyHelpersDoNotBlock() async throws {
    let pool = WorkerPool(helpers: 2)
    let busy = pool.helpers + 1
    let started = Tally(1)
    let gate = DispatchSemaphore(value: 0)
    let outerDone = DispatchSemaphore(value: 0)
    // Every helper, and this outer call's own thread, stuck in an item until the gate opens.
    Thread {
      _ = pool.map(busy) { _ in
        started.add(0)
        gate.wait()
      }
      outerDone.signal()
    }.start()
    while started.values[0] < busy { try await Task.sleep(for: .milliseconds(2)) }
    let caller = pthread_self()
    let ranHere = pool.map(200) { _ in pthread_equal(pthread_self(), caller) != 0 }
    #expect(ranHere == Array(repeating: true, count: 200))
    for _ in 0..<busy { gate.signal() }
    #expect(outerDone.wait(timeout: .now() + 60) == .success)
  }

  @Test("A free helper takes the items the caller has not reached")
  func helpersJoin() {
    let pool = WorkerPool(helpers: 1)
    let secondStarted = DispatchSemaphore(value: 0)
    let threads = pool.map(2) { index -> pthread_t in
      // The caller takes item 0 and waits here until a helper has taken item 1.
      if index == 0 {
        _ = secondStarted.wait(timeout: .now() + 60)
      } else {
        secondStarted.signal()
      }
      return pthread_self()
    }
    #expect(pthread_equal(threads[0], threads[1]) == 0)
  }
}
