import Foundation

/// Drift statistics between a reference and a current numeric column.
///
/// Each matches the function Evidently calls (checked against scipy/numpy in the tests):
/// Kolmogorov–Smirnov as `scipy.stats.ks_2samp`, Wasserstein as
/// `scipy.stats.wasserstein_distance` (normalized by the reference's population standard
/// deviation, at least 0.001), KL and Jensen–Shannon on Evidently's bins. PSI uses 10 quantile
/// bins of the reference (numpy's linear quantiles), with Evidently's filling of empty bins.
public enum NumericDrift {
  /// The two-sample Kolmogorov–Smirnov test: D = max |F_ref − F_cur| and its two-sided p-value
  /// (exact up to 10,000 values per sample, scipy's asymptotic method above).
  public static func ks(reference: NumericSample, current: NumericSample) throws(MonitorError)
    -> HypothesisTestResult
  {
    try requireValues(reference, current)
    let n1 = reference.count
    let n2 = current.count
    // F_ref − F_cur = (i·n₂ − j·n₁)/(n₁n₂) at each distinct value.
    var maxDifference = 0
    reference.forEachDistinctValue(combinedWith: current) { _, i, j in
      maxDifference = max(maxDifference, abs(i * n2 - j * n1))
    }
    let statistic = Double(maxDifference) / (Double(n1) * Double(n2))
    let pValue = KolmogorovSmirnovDistribution.twoSamplePValue(statistic: statistic, n1: n1, n2: n2)
    return HypothesisTestResult(statistic: statistic, pValue: pValue)
  }

  /// The first Wasserstein (earth mover's) distance ∫ |F_ref − F_cur| dx.
  public static func wasserstein(reference: NumericSample, current: NumericSample) throws(MonitorError)
    -> Double
  {
    try requireValues(reference, current)
    let n1 = reference.count
    let n2 = current.count
    // Between consecutive distinct values both step functions are constant.
    var area = 0.0
    var previous = (value: 0.0, difference: 0)
    reference.forEachDistinctValue(combinedWith: current) { value, i, j in
      area += Double(previous.difference) * (value - previous.value)
      previous = (value, abs(i * n2 - j * n1))
    }
    return area / (Double(n1) * Double(n2))
  }

  /// The Wasserstein distance divided by the reference's standard deviation (at least 0.001),
  /// Evidently's default drift score for numeric columns of more than 1,000 reference rows.
  public static func wassersteinNormalized(reference: NumericSample, current: NumericSample)
    throws(MonitorError)
    -> Double
  {
    try wasserstein(reference: reference, current: current) / max(reference.standardDeviation, 0.001)
  }

  /// The population stability index over `bins` quantile bins of the reference.
  ///
  /// Edges are numpy's linear-interpolation quantiles of the reference at 1/bins … (bins−1)/bins,
  /// with open outer bins; a value equal to an edge falls in the bin above it (numpy's
  /// `histogram`). Works on unsorted values (NaN and infinities are ignored) without sorting
  /// them: the edges come from a selection, the bins from a search over the edges.
  public static func psi(reference: [Double], current: [Double], bins: Int = 10) throws(MonitorError)
    -> Double
  {
    guard bins >= 2 else { throw MonitorError("PSI needs at least 2 bins, not \(bins)") }
    // Probabilities k·(1/bins), as numpy's linspace makes them.
    let step = 1 / Double(bins)
    guard let edges = QuantileSelection.quantiles(reference, at: (1..<bins).map { Double($0) * step }) else {
      throw MonitorError("the reference sample has no values; drift needs both samples")
    }
    let (referenceCounts, referenceTotal) = binCounts(reference, innerEdges: edges)
    let (currentCounts, currentTotal) = binCounts(current, innerEdges: edges)
    guard currentTotal > 0 else {
      throw MonitorError("the current sample has no values; drift needs both samples")
    }
    return BinnedDistance.psi(
      reference: referenceCounts, referenceTotal: referenceTotal, current: currentCounts,
      currentTotal: currentTotal)
  }

  /// KL(reference ‖ current) in nats on Evidently's bins (see ``evidentlyBins(reference:current:)``)
  /// with empty bins filled.
  public static func klDivergence(reference: NumericSample, current: NumericSample) throws(MonitorError)
    -> Double
  {
    let (r, c) = try evidentlyBins(reference: reference, current: current)
    return BinnedDistance.kl(
      reference: r, referenceTotal: reference.count, current: c, currentTotal: current.count)
  }

  /// The Jensen–Shannon distance (natural logarithm, as Evidently) on Evidently's bins.
  public static func jensenShannonDistance(reference: NumericSample, current: NumericSample)
    throws(MonitorError)
    -> Double
  {
    let (r, c) = try evidentlyBins(reference: reference, current: current)
    return BinnedDistance.jensenShannon(reference: r, current: c)
  }

  /// Evidently's binning of a numeric column (`get_binned_data`): with more than 20 distinct
  /// reference values, Sturges' equal-width bins over the range of both samples; otherwise one
  /// bin per distinct value of either sample.
  public static func evidentlyBins(reference: NumericSample, current: NumericSample) throws(MonitorError)
    -> (reference: [Int], current: [Int])
  {
    try requireValues(reference, current)
    guard reference.distinctCount > 20 else {
      let counts = CategoryCounts(reference: reference, current: current)
      return (counts.reference, counts.current)
    }
    let low = min(reference.sorted[0], current.sorted[0])
    let high = max(reference.sorted[reference.count - 1], current.sorted[current.count - 1])
    // numpy's histogram_bin_edges(bins="sturges"): width = range / (log₂ n + 1), then
    // ceil(range / width) equal bins, edges from linspace.
    let width = (high - low) / (log2(Double(reference.count + current.count)) + 1)
    let binCount = Int(((high - low) / width).rounded(.up))
    let step = (high - low) / Double(binCount)
    var edges = (0...binCount).map { low + Double($0) * step }
    edges[binCount] = high
    func counts(_ sample: NumericSample) -> [Int] {
      // Bins are [eᵢ, eᵢ₊₁) except the last, which includes its upper edge.
      var below = edges.dropLast().map { sample.countBelow($0) }
      below.append(sample.count)
      return (0..<binCount).map { below[$0 + 1] - below[$0] }
    }
    return (counts(reference), counts(current))
  }

  /// Counts of finite values per bin: bin 0 below the first edge, bin k at or above edge k−1.
  ///
  /// Each value counts the edges at or below it without branching (a binary search over a
  /// handful of edges mispredicts more than it saves); NaN and infinities add 0.
  private static func binCounts(_ values: [Double], innerEdges edges: [Double]) -> (counts: [Int], total: Int)
  {
    var counts = [Int](repeating: 0, count: edges.count + 1)
    edges.withUnsafeBufferPointer { edges in
      values.withUnsafeBufferPointer { values in
        counts.withUnsafeMutableBufferPointer { counts in
          for value in values {
            var bin = 0
            for edge in edges { bin += value >= edge ? 1 : 0 }
            counts[bin] += value.isFinite ? 1 : 0
          }
        }
      }
    }
    return (counts, counts.reduce(0, +))
  }

  private static func requireValues(_ reference: NumericSample, _ current: NumericSample) throws(MonitorError)
  {
    guard reference.count > 0 else {
      throw MonitorError("the reference sample has no values; drift needs both samples")
    }
    guard current.count > 0 else {
      throw MonitorError("the current sample has no values; drift needs both samples")
    }
  }
}
