import Foundation

/// Deterministic samples for the reference values: SplitMix64 uniforms and Box–Muller normals.
///
/// The reference values were computed once in Python on the very same numbers, drawn with the
/// same arithmetic (glibc's log and cos on both sides):
///
///     M = 2**64 - 1
///     def next(s): s = (s + 0x9E3779B97F4A7C15) & M; z = s
///         z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M; z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
///         return s, z ^ (z >> 31)
///     unit = ((z >> 11) + 0.5) * 2.0**-53
///     normal = math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)   # mean + sd * normal
///     tenth = math.floor(x * 10 + 0.5) / 10
struct TestRandom {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform value in (0, 1).
  mutating func unit() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }

  mutating func normal() -> Double {
    let u1 = unit()
    let u2 = unit()
    return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
  }

  /// `count` normal values with this mean and standard deviation, from a generator seeded `seed`.
  static func normals(seed: UInt64, count: Int, mean: Double = 0, deviation: Double = 1) -> [Double] {
    var random = TestRandom(seed: seed)
    return (0..<count).map { _ in mean + deviation * random.normal() }
  }

  /// Values rounded half up to one decimal, to make ties.
  static func tenths(_ values: [Double]) -> [Double] { values.map { ($0 * 10 + 0.5).rounded(.down) / 10 } }
}

/// Whether `actual` is within `relative` of `expected` (or within `absolute` of it).
func isClose(_ actual: Double, _ expected: Double, relative: Double = 1e-9, absolute: Double = 0) -> Bool {
  if actual == expected { return true }
  return abs(actual - expected) <= max(absolute, relative * abs(expected))
}
