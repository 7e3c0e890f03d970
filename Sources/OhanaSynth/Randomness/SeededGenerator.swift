/// A seeded xoshiro256** pseudo-random generator whose state is expanded from the seed with
/// SplitMix64.
///
/// Synthetic data must be byte-identical for a seed on every run, so nothing here touches the
/// system generator, and the helpers below use only integer arithmetic and plain float
/// operations whose results do not depend on the platform's math library.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state0: UInt64
  private var state1: UInt64
  private var state2: UInt64
  private var state3: UInt64

  /// A generator whose whole output sequence is determined by `seed`.
  public init(seed: UInt64) {
    var mixer = seed
    func splitMix(_ value: inout UInt64) -> UInt64 {
      value &+= 0x9E37_79B9_7F4A_7C15
      var mixed = value
      mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
      mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
      return mixed ^ (mixed >> 31)
    }
    state0 = splitMix(&mixer)
    state1 = splitMix(&mixer)
    state2 = splitMix(&mixer)
    state3 = splitMix(&mixer)
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotateLeft(state1 &* 5, by: 7) &* 9
    let shifted = state1 << 17
    state2 ^= state0
    state3 ^= state1
    state1 ^= state2
    state0 ^= state3
    state2 ^= shifted
    state3 = rotateLeft(state3, by: 45)
    return result
  }

  private func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
    (value << amount) | (value >> (64 - amount))
  }

  /// A uniform value in `0..<1` with 53 random bits.
  public mutating func unit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// `true` with probability `probability`.
  public mutating func chance(_ probability: Double) -> Bool {
    unit() < probability
  }

  /// A uniform integer in `range` (the bias of the multiply-shift reduction is below 2⁻³²
  /// for the small ranges used here).
  public mutating func integer(in range: ClosedRange<Int>) -> Int {
    let width = UInt64(range.upperBound - range.lowerBound) + 1
    return range.lowerBound + Int(next().multipliedFullWidth(by: width).high)
  }

  /// A uniform index into a collection of `count` elements.
  public mutating func index(below count: Int) -> Int {
    integer(in: 0...(count - 1))
  }

  /// A uniformly chosen element of `elements`, or `nil` when it is empty.
  public mutating func element<Element>(of elements: [Element]) -> Element? {
    elements.isEmpty ? nil : elements[index(below: elements.count)]
  }

  /// Puts `elements` in a uniformly random order (Fisher–Yates, front to back).
  public mutating func shuffle<Element>(_ elements: inout [Element]) {
    guard elements.count > 1 else { return }
    for position in 0..<(elements.count - 1) {
      elements.swapAt(position, integer(in: position...(elements.count - 1)))
    }
  }

  /// A uniform value in `range`.
  public mutating func uniform(in range: ClosedRange<Double>) -> Double {
    range.lowerBound + unit() * (range.upperBound - range.lowerBound)
  }

  /// An approximately normal value (Irwin–Hall sum of twelve uniforms), bounded to
  /// `mean ± 6 · deviation`, which keeps simulated measurements free of absurd outliers.
  public mutating func normal(mean: Double, deviation: Double) -> Double {
    var sum = 0.0
    for _ in 0..<12 { sum += unit() }
    return mean + (sum - 6) * deviation
  }

  /// An index chosen with probability proportional to `weights[index]`.
  public mutating func weightedIndex(_ weights: [Double]) -> Int {
    let total = weights.reduce(0, +)
    var remaining = unit() * total
    for (index, weight) in weights.enumerated() {
      remaining -= weight
      if remaining < 0 { return index }
    }
    return weights.count - 1
  }
}
