/// What an in-bag row and a histogram bin of a forest tree carry: the positive weight and the
/// weight of the rows, summed.
protocol ForestWeights: SendableMetatype {
  /// No rows.
  static var zero: Self { get }
  /// A row of weight `weight` drawn `draws` times by the bootstrap.
  init(weight: Double, draws: Int32, positive: Bool)
  static func += (sum: inout Self, other: Self)
  /// (positive weight, weight).
  var sums: SIMD2<Double> { get }
}

extension SIMD2: ForestWeights where Scalar == Double {
  init(weight: Double, draws: Int32, positive: Bool) {
    let drawn = weight * Double(draws)
    self.init(positive ? drawn : 0, drawn)
  }

  var sums: SIMD2<Double> { self }
}

/// Weights for rows that all weigh 1: draw counts in one word (positive draws in the high half,
/// all draws in the low half), so a histogram update is one integer add and the sums are exactly
/// those of the `Double` weights. A bootstrap draws as many rows as there are, fewer than 2³¹
/// (row numbers are `Int32`), so the halves never overflow.
struct ForestDrawCounts: ForestWeights {
  private var packed: UInt64

  static var zero: ForestDrawCounts { ForestDrawCounts(packed: 0) }

  private init(packed: UInt64) { self.packed = packed }

  init(weight: Double, draws: Int32, positive: Bool) {
    let count = UInt64(draws)
    packed = positive ? count << 32 | count : count
  }

  @inline(__always)
  static func += (sum: inout ForestDrawCounts, other: ForestDrawCounts) { sum.packed &+= other.packed }

  var sums: SIMD2<Double> { SIMD2(Double(packed >> 32), Double(packed & 0xFFFF_FFFF)) }
}
