import Foundation

/// Distances between two binned distributions given as aligned bin counts, shared by the numeric
/// and categorical statistics so both compute PSI, KL and Jensen–Shannon the same way.
enum BinnedDistance {
  /// Counts as shares of `total` (the sample size, so shares sum to 1 when every value is binned).
  static func shares(_ counts: [Int], total: Int) -> [Double] {
    let size = Double(total)
    return counts.map { Double($0) / size }
  }

  /// Evidently's replacement of empty bins (`feel_zeroes`): 0.0001, or a millionth of the smallest
  /// non-empty share when that share is itself at most 0.0001, so PSI and KL stay finite.
  static func fillingEmpty(_ shares: [Double]) -> [Double] {
    guard let smallest = shares.filter({ $0 > 0 }).min() else { return shares }
    let filler = smallest <= 0.0001 ? smallest / 1e6 : 0.0001
    return shares.map { $0 == 0 ? filler : $0 }
  }

  /// The population stability index Σ (r − c) ln(r / c) over bins with empty bins filled.
  static func psi(reference: [Int], referenceTotal: Int, current: [Int], currentTotal: Int) -> Double {
    let r = fillingEmpty(shares(reference, total: referenceTotal))
    let c = fillingEmpty(shares(current, total: currentTotal))
    var total = 0.0
    for index in r.indices { total += (r[index] - c[index]) * log(r[index] / c[index]) }
    return total
  }

  /// KL(reference ‖ current) in nats with empty bins filled, as `scipy.stats.entropy(r, c)`
  /// after Evidently's filling (which renormalizes both).
  static func kl(reference: [Int], referenceTotal: Int, current: [Int], currentTotal: Int) -> Double {
    let r = normalized(fillingEmpty(shares(reference, total: referenceTotal)))
    let c = normalized(fillingEmpty(shares(current, total: currentTotal)))
    var total = 0.0
    for index in r.indices { total += relativeEntropy(r[index], c[index]) }
    return total
  }

  /// The Jensen–Shannon distance with natural logarithms (`scipy.spatial.distance.jensenshannon`
  /// with its default base, as Evidently calls it), empty bins left empty.
  static func jensenShannon(reference: [Int], current: [Int]) -> Double {
    let r = normalized(reference.map(Double.init))
    let c = normalized(current.map(Double.init))
    var total = 0.0
    for index in r.indices {
      let middle = (r[index] + c[index]) / 2
      total += relativeEntropy(r[index], middle) + relativeEntropy(c[index], middle)
    }
    return (max(0, total) / 2).squareRoot()
  }

  private static func normalized(_ values: [Double]) -> [Double] {
    var sum = 0.0
    for value in values { sum += value }
    return sum > 0 ? values.map { $0 / sum } : values
  }

  /// scipy's `rel_entr`: x ln(x / y), 0 when x is 0, infinite when only y is 0.
  private static func relativeEntropy(_ x: Double, _ y: Double) -> Double {
    if x == 0 { return 0 }
    if y == 0 { return .infinity }
    return x * log(x / y)
  }
}
