import Foundation
import Testing

@testable import OhanaMonitor

// Reference values: scipy 1.17.1 `ks_2samp` (method 'auto') and `wasserstein_distance`; Evidently
// 0.4.40's `_wasserstein_distance_norm`, `_kl_div` and `_jensenshannon`; PSI as numpy
// (`np.quantile(a, np.linspace(0, 1, 11))` edges with open ends, `np.histogram`, Evidently's
// filling of empty bins). Printed with repr() on the samples of
// TestRandom (drawn identically in Python).

struct NumericCase {
  var name: String
  var reference: [Double]
  var current: [Double]
  var ks: (statistic: Double, pValue: Double)
  var wasserstein: Double
  var wassersteinNormalized: Double
  var psi: Double
  var kl: Double
  var jensenShannon: Double
}

let numericCases: [NumericCase] = [
  // 60 vs 60 normals, shift 0.5: exact KS, equal sizes.
  NumericCase(
    name: "A/B", reference: TestRandom.normals(seed: 1, count: 60),
    current: TestRandom.normals(seed: 2, count: 60, mean: 0.5),
    ks: (0.11666666666666667, 0.8132812991497796), wasserstein: 0.1676677404492389,
    wassersteinNormalized: 0.17567824469570098, psi: 0.11041192565349918, kl: 0.08431851576548888,
    jensenShannon: 0.14455712201093698),
  // 80 vs 50 values rounded to tenths (ties): exact KS, unequal sizes; per-value KL/JS bins.
  NumericCase(
    name: "C/D", reference: TestRandom.tenths(TestRandom.normals(seed: 3, count: 80)),
    current: TestRandom.tenths(TestRandom.normals(seed: 4, count: 50, mean: 0.3, deviation: 1.2)),
    ks: (0.175, 0.2691435805453915), wasserstein: 0.31200000000000006,
    wassersteinNormalized: 0.33230530715508955,
    psi: 0.3277935279104297, kl: 0.1699296853692927, jensenShannon: 0.2199412419925681),
  // 12,000 vs 15,000, shift 0.1: asymptotic KS in the 2·smirnov tail.
  NumericCase(
    name: "E/F", reference: TestRandom.normals(seed: 5, count: 12000),
    current: TestRandom.normals(seed: 6, count: 15000, mean: 0.1),
    ks: (0.057733333333333414, 9.306997233516008e-20), wasserstein: 0.11613925041150319,
    wassersteinNormalized: 0.1160142936043474, psi: 0.016004792789973247, kl: 0.007038961871151876,
    jensenShannon: 0.04184036539012567),
  // 20,000 vs 20,000 from one distribution: asymptotic KS through Pelz–Good.
  NumericCase(
    name: "G/H", reference: TestRandom.normals(seed: 7, count: 20000),
    current: TestRandom.normals(seed: 8, count: 20000),
    ks: (0.009199999999999986, 0.3635231328593458), wasserstein: 0.010430868531884133,
    wassersteinNormalized: 0.010419234728866359, psi: 0.001141373728114921, kl: 0.00086179084810867,
    jensenShannon: 0.01474658173926453),
]

@Test(arguments: numericCases.indices)
func numericStatisticsMatchScipyAndEvidently(index: Int) throws {
  let item = numericCases[index]
  let reference = NumericSample(item.reference)
  let current = NumericSample(item.current)
  let ks = try NumericDrift.ks(reference: reference, current: current)
  #expect(isClose(ks.statistic, item.ks.statistic, relative: 1e-12), "\(item.name) KS statistic")
  #expect(isClose(ks.pValue, item.ks.pValue, relative: 1e-9), "\(item.name) KS p-value \(ks.pValue)")
  #expect(
    isClose(
      try NumericDrift.wasserstein(reference: reference, current: current), item.wasserstein, relative: 1e-12)
  )
  #expect(
    isClose(
      try NumericDrift.wassersteinNormalized(reference: reference, current: current),
      item.wassersteinNormalized,
      relative: 1e-12))
  #expect(
    isClose(try NumericDrift.psi(reference: item.reference, current: item.current), item.psi, relative: 1e-12)
  )
  #expect(
    isClose(try NumericDrift.klDivergence(reference: reference, current: current), item.kl, relative: 1e-12))
  #expect(
    isClose(
      try NumericDrift.jensenShannonDistance(reference: reference, current: current), item.jensenShannon,
      relative: 1e-12))
}

@Test func sampleDropsMissingValuesAndSummarizes() {
  let sample = NumericSample([3, .nan, 1, 2, .infinity, 2])
  #expect(sample.sorted == [1, 2, 2, 3])
  #expect(sample.missing == 2)
  #expect(sample.mean == 2)
  #expect(isClose(sample.standardDeviation, 0.5.squareRoot(), relative: 1e-15))  // numpy: np.std([1,2,2,3])
  #expect(sample.distinctCount == 3)
}

@Test func radixSortOrdersLikeTheStandardLibrary() {
  var random = TestRandom(seed: 11)
  // Mixed signs, zeros, ties, huge and tiny magnitudes, enough values for the radix path.
  var values = (0..<5000).map { _ in random.normal() * pow(10, Double(Int(random.unit() * 40) - 20)) }
  values += [0, -0.0, 1, 1, -1, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude]
  #expect(DoubleRadixSort.sortedFinite(values) == values.sorted())
}

@Test func quantileSelectionMatchesSortedPositions() {
  var random = TestRandom(seed: 12)
  // Many ties and enough values for two levels of 16-bit buckets.
  let values = (0..<100_001).map { _ in (random.normal() * 1000).rounded(.down) / 7 }
  let keys = values.map(DoubleRadixSort.key)
  let sorted = keys.sorted()
  let ranks = [0, 17, 50_000, 50_001, 99_999, 100_000]
  #expect(QuantileSelection.orderStatistics(keys, ranks: ranks, shift: 48) == ranks.map { sorted[$0] })
  // numpy: np.quantile(values, [0.25, 0.5, 1.0]) interpolates the sorted values the same way.
  let ordered = values.sorted()
  let position = 0.25 * 100_000.0
  let lower = ordered[Int(position)]
  let expected = [
    lower + (ordered[Int(position) + 1] - lower) * (position - position.rounded(.down)), ordered[50_000],
    ordered[100_000],
  ]
  #expect(QuantileSelection.quantiles(values, at: [0.25, 0.5, 1.0]) == expected)
}

@Test func emptySamplesAreRefusedWithAReason() {
  #expect(throws: MonitorError("the current sample has no values; drift needs both samples")) {
    try NumericDrift.ks(reference: NumericSample([1, 2]), current: NumericSample([.nan]))
  }
}
