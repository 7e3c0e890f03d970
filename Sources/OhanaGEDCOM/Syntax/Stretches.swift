import Foundation

/// The stretches of a text that threads read side by side, each claimed by its reader a
/// window at a time, so that a thread done with its own stretch can take the unclaimed tail
/// of another's.
///
/// Halves of a text cut by size need not take the same time: this machine's two cores ran
/// the same half of a 103 MB tree in 234 ms and 360 ms, in turn, and the faster one then
/// idled for a quarter of the read. A reader never reads past what it claimed, and a tail is
/// only taken past the claims, cut at a record line (``TextScan/recordBoundary(in:after:before:)``),
/// so stretches never overlap and each ends where a part can be joined to the next. The tail
/// is shared by the two readers' speeds so far, so that both end about together.
final class Stretches: @unchecked Sendable {
  /// How much a reader claims at a time, and how small a tail is left to its reader.
  struct Sizes: Sendable {
    /// What one reader claims at a time: a window's end is the first line start past this.
    var window = 1 << 20
    /// The smallest unclaimed tail worth a part of its own (its join costs lookups).
    var smallestTail = 1 << 21
  }

  let sizes: Sizes

  private let text: UnsafeRawBufferPointer
  private let lock = NSLock()
  /// Each stretch's start, end (lowered when its tail is taken), claimed end and when its
  /// reader first claimed, in the order they were made.
  private var starts: [Int]
  private var ends: [Int]
  private var claimed: [Int]
  private var began: [ContinuousClock.Instant?]

  /// The stretches between consecutive `bounds` (line starts in `text`).
  init(_ text: UnsafeRawBufferPointer, bounds: [Int], sizes: Sizes = Sizes()) {
    self.text = text
    self.sizes = sizes
    starts = Array(bounds.dropLast())
    ends = Array(bounds.dropFirst())
    claimed = starts
    began = Array(repeating: nil, count: starts.count)
  }

  /// The number of stretches made so far.
  var count: Int { lock.withLock { starts.count } }

  /// Where stretch `stretch` starts.
  func start(of stretch: Int) -> Int { lock.withLock { starts[stretch] } }

  /// Where stretch `stretch` ends as things stand (its tail may yet be taken).
  func end(of stretch: Int) -> Int { lock.withLock { ends[stretch] } }

  /// Claims the next window of `stretch` for its reader, which has read up to `position`
  /// (all it claimed); the new claimed end, a line start, or `position` when the stretch is
  /// read.
  func claim(_ stretch: Int, from position: Int) -> Int {
    lock.withLock {
      precondition(position == claimed[stretch], "Stretches: a reader claims from where its claim ended")
      let end = ends[stretch]
      guard position < end else { return position }
      if began[stretch] == nil { began[stretch] = .now }
      var next = end
      if end - position > sizes.window, let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self) {
        next = min(end, TextScan.first(0x0A, in: base, from: position + sizes.window, to: end) + 1)
      }
      claimed[stretch] = next
      return next
    }
  }

  /// For the reader of `finished`, which has read all of it: the end of the largest
  /// unclaimed tail, when it is at least ``Sizes/smallestTail`` bytes, as a new stretch, its number;
  /// nil when no tail is worth it. The tail is cut where the two readers, at the speeds they
  /// read so far, would end together.
  func takeTail(after finished: Int) -> Int? {
    lock.withLock {
      guard let victim = ends.indices.max(by: { ends[$0] - claimed[$0] < ends[$1] - claimed[$1] }),
        ends[victim] - claimed[victim] >= sizes.smallestTail
      else { return nil }
      let now = ContinuousClock.now
      func speed(_ stretch: Int) -> Double {
        guard let began = began[stretch] else { return 0 }
        return Double(claimed[stretch] - starts[stretch]) / max((now - began) / .seconds(1), 1e-6)
      }
      let (victimSpeed, thiefSpeed) = (speed(victim), speed(finished))
      let victimShare = victimSpeed + thiefSpeed > 0 ? victimSpeed / (victimSpeed + thiefSpeed) : 0.5
      let remaining = ends[victim] - claimed[victim]
      guard
        let cut = TextScan.recordBoundary(
          in: text, after: claimed[victim] + Int(Double(remaining) * victimShare), before: ends[victim])
      else { return nil }
      starts.append(cut)
      ends.append(ends[victim])
      claimed.append(cut)
      began.append(nil)
      ends[victim] = cut
      return starts.count - 1
    }
  }
}
