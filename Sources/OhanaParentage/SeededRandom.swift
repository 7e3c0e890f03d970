import Foundation

/// A small, fast, seedable generator (SplitMix64), so every sampling decision is reproducible
/// from ``TrainingSettings/seed``.
struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  init(seed: UInt64) { state = seed ^ 0x5EED_0A4A_9A2E_17A5 }

  /// A generator for a named sub-stream, so adding draws in one stage never shifts another.
  init(seed: UInt64, stream: UInt64) {
    self.init(seed: seed &+ stream &* 0x9E37_79B9_7F4A_7C15)
    _ = next()
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// A uniform index in `0..<count` (`count` > 0).
  mutating func index(below count: Int) -> Int { Int(next() % UInt64(count)) }

  /// A standard normal draw (Box–Muller).
  mutating func normal() -> Double {
    let u = max(unit(), 1e-300)
    let v = unit()
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
  }

  /// Shuffles `values` in place (Fisher–Yates), reproducibly.
  /// Keeps a uniform sample of `count` of `values` (all of them when there are fewer), in
  /// sampled order.
  mutating func sample<T>(_ values: inout [T], keeping count: Int) {
    let kept = max(0, min(count, values.count))
    for slot in 0..<kept { values.swapAt(slot, slot + index(below: values.count - slot)) }
    values.removeLast(values.count - kept)
  }

  mutating func shuffle<T>(_ values: inout [T]) {
    guard values.count > 1 else { return }
    for index in stride(from: values.count - 1, to: 0, by: -1) {
      values.swapAt(index, self.index(below: index + 1))
    }
  }
}
