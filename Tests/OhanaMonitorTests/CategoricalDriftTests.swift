import Testing

@testable import OhanaMonitor

// Reference values: Evidently 0.4.40 (`_chi_stat_test`, `_z_stat_test`, `_psi`, `_kl_div`,
// `_jensenshannon` on categorical series built from these counts) and `scipy.stats.chisquare`
// for the statistic (observed = current counts, expected = reference × n_cur / n_ref), printed
// with repr().

@Test func chiSquareMatchesEvidently() throws {
  let result = try CategoricalDrift.chiSquare(referenceCounts: [30, 50, 20], currentCounts: [40, 35, 25])
  #expect(isClose(result.statistic, 9.083333333333334, relative: 1e-13))
  #expect(isClose(result.pValue, 0.010655632358543929, relative: 1e-12))
  let twoLevels = try CategoricalDrift.chiSquare(referenceCounts: [45, 55], currentCounts: [60, 40])
  #expect(isClose(twoLevels.pValue, 0.0025688315270227164, relative: 1e-12))
  // A level the reference never saw: infinite χ², p = 0.
  let newLevel = try CategoricalDrift.chiSquare(
    referenceCounts: [30, 50, 20, 0], currentCounts: [40, 35, 25, 5])
  #expect(newLevel.statistic == .infinity)
  #expect(newLevel.pValue == 0)
}

@Test func zTestMatchesEvidently() throws {
  let result = try CategoricalDrift.zTest(referenceCounts: [45, 55], currentCounts: [60, 40])
  #expect(isClose(result.pValue, 0.03367206885634566, relative: 1e-12))
  #expect(throws: MonitorError.self) {
    try CategoricalDrift.zTest(referenceCounts: [1, 2, 3], currentCounts: [1, 2, 3])
  }
}

@Test func distancesMatchEvidently() throws {
  let cases: [(reference: [Int], current: [Int], psi: Double, kl: Double, js: Double)] = [
    ([30, 50, 20], [40, 35, 25], 0.09342662640169846, 0.04740413997098998, 0.10783258918194409),
    ([30, 50, 20, 0], [40, 35, 25, 5], 0.38655221660786754, 0.09546817053011038, 0.16773232409013333),
    ([45, 55], [60, 40], 0.09092037053554733, 0.045692619511892685, 0.10640215619834743),
    (
      [500, 300, 200, 0], [480, 330, 190, 1], 0.006256694511264112, 0.0027456644038838726, 0.02948776436083515
    ),
  ]
  for item in cases {
    #expect(
      isClose(
        try CategoricalDrift.psi(referenceCounts: item.reference, currentCounts: item.current), item.psi))
    #expect(
      isClose(
        try CategoricalDrift.klDivergence(referenceCounts: item.reference, currentCounts: item.current),
        item.kl))
    #expect(
      isClose(
        try CategoricalDrift.jensenShannonDistance(
          referenceCounts: item.reference, currentCounts: item.current),
        item.js))
  }
}

@Test func countsFromTextCodesAndNumbersAgree() throws {
  let text = CategoryCounts(reference: ["b", "a", nil, "b"], current: ["c", "a", "a"])
  #expect(text.levels == ["a", "b", "c"])
  #expect(text.reference == [1, 2, 0])
  #expect(text.current == [2, 0, 1])
  #expect(text.referenceMissing == 1)
  let codes = try CategoryCounts(
    referenceCodes: [1, 0, -1, 1], currentCodes: [2, 0, 0], levels: ["a", "b", "c"])
  #expect(codes == text)
  let numbers = CategoryCounts(reference: NumericSample([2, 1, .nan, 2]), current: NumericSample([3, 1, 1]))
  #expect(numbers.levels == ["1", "2", "3"])
  #expect(numbers.reference == text.reference && numbers.current == text.current)
  #expect(throws: MonitorError.self) {
    try CategoryCounts(referenceCodes: [0, 3], currentCodes: [0], levels: ["a", "b"])
  }
}
