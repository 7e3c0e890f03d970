/// Drift statistics between the reference and current counts of a categorical column, as
/// Evidently computes them (checked against scipy in the tests). Counts are aligned by level;
/// levels absent from both samples are ignored.
public enum CategoricalDrift {
  /// Evidently's chi-square test: a goodness-of-fit test (`scipy.stats.chisquare`) of the current
  /// counts against the reference shares scaled to the current size, k − 1 degrees of freedom.
  ///
  /// A level seen only in the current sample makes χ² infinite (p = 0); a single level gives no
  /// evidence of drift (χ² = 0, p = 1).
  public static func chiSquare(referenceCounts: [Int], currentCounts: [Int]) throws(MonitorError)
    -> HypothesisTestResult
  {
    let (reference, current) = try observed(referenceCounts, currentCounts)
    guard reference.count > 1 else { return HypothesisTestResult(statistic: 0, pValue: 1) }
    let scale = Double(current.reduce(0, +)) / Double(reference.reduce(0, +))
    var statistic = 0.0
    for index in reference.indices {
      let expected = Double(reference[index]) * scale
      let difference = Double(current[index]) - expected
      statistic += difference * difference / expected
    }
    let pValue = StatisticalDistributions.chiSquareSurvival(
      statistic, degreesOfFreedom: Double(reference.count - 1))
    return HypothesisTestResult(statistic: statistic, pValue: pValue)
  }

  /// Evidently's z-test for a column with at most two levels: the two-proportion z-test of the
  /// first level's share in each sample (the p-value does not depend on which level is first).
  public static func zTest(referenceCounts: [Int], currentCounts: [Int]) throws(MonitorError)
    -> HypothesisTestResult
  {
    let (reference, current) = try observed(referenceCounts, currentCounts)
    guard reference.count <= 2 else {
      throw MonitorError("the z-test compares two levels; this column has \(reference.count), use chi-square")
    }
    return ProportionTest.twoSided(
      successes1: reference[0], trials1: reference.reduce(0, +), successes2: current[0],
      trials2: current.reduce(0, +))
  }

  /// The population stability index over the levels, with Evidently's filling of empty levels.
  public static func psi(referenceCounts: [Int], currentCounts: [Int]) throws(MonitorError) -> Double {
    let (reference, current) = try observed(referenceCounts, currentCounts)
    return BinnedDistance.psi(
      reference: reference, referenceTotal: reference.reduce(0, +), current: current,
      currentTotal: current.reduce(0, +))
  }

  /// KL(reference ‖ current) in nats over the levels, with Evidently's filling of empty levels.
  public static func klDivergence(referenceCounts: [Int], currentCounts: [Int]) throws(MonitorError) -> Double
  {
    let (reference, current) = try observed(referenceCounts, currentCounts)
    return BinnedDistance.kl(
      reference: reference, referenceTotal: reference.reduce(0, +), current: current,
      currentTotal: current.reduce(0, +))
  }

  /// The Jensen–Shannon distance over the levels with natural logarithms, as Evidently calls
  /// `scipy.spatial.distance.jensenshannon` (0 for identical shares, at most √ln 2 ≈ 0.833).
  public static func jensenShannonDistance(referenceCounts: [Int], currentCounts: [Int]) throws(MonitorError)
    -> Double
  {
    let (reference, current) = try observed(referenceCounts, currentCounts)
    return BinnedDistance.jensenShannon(reference: reference, current: current)
  }

  /// The counts of levels seen in either sample, after checking both samples have values.
  private static func observed(_ reference: [Int], _ current: [Int]) throws(MonitorError) -> ([Int], [Int]) {
    guard reference.count == current.count else {
      throw MonitorError(
        "reference and current counts must be aligned by level: \(reference.count) and \(current.count) levels"
      )
    }
    guard reference.allSatisfy({ $0 >= 0 }), current.allSatisfy({ $0 >= 0 }) else {
      throw MonitorError("category counts cannot be negative")
    }
    let kept = reference.indices.filter { reference[$0] > 0 || current[$0] > 0 }
    let r = kept.map { reference[$0] }
    let c = kept.map { current[$0] }
    guard r.contains(where: { $0 > 0 }) else {
      throw MonitorError("the reference sample has no values; drift needs both samples")
    }
    guard c.contains(where: { $0 > 0 }) else {
      throw MonitorError("the current sample has no values; drift needs both samples")
    }
    return (r, c)
  }
}
