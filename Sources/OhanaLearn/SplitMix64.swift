/// A small seeded generator (SplitMix64) so every model is reproducible for a given seed.
///
/// Bounded draws and shuffles are implemented here rather than through the standard library's
/// `random(in:using:)`, whose algorithm is not guaranteed to stay the same between releases.
struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  /// A generator for a derived stream (for example one per tree), independent of the others.
  init(seed: UInt64, stream: UInt64) {
    var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
    state = mixer.next() ^ stream
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection).
  mutating func below(_ bound: Int) -> Int {
    precondition(bound > 0)
    let range = UInt64(bound)
    var product = next().multipliedFullWidth(by: range)
    if product.low < range {
      let threshold = (0 &- range) % range
      while product.low < threshold { product = next().multipliedFullWidth(by: range) }
    }
    return Int(product.high)
  }

  /// A uniform double in `[0, 1)`.
  mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Shuffles `array` in place (Fisher–Yates).
  mutating func shuffle<T>(_ array: inout [T]) {
    guard array.count > 1 else { return }
    for index in stride(from: array.count - 1, to: 0, by: -1) {
      let other = below(index + 1)
      if other != index { array.swapAt(index, other) }
    }
  }
}
