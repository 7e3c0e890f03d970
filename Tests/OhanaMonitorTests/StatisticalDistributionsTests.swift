import Testing

@testable import OhanaMonitor

// Reference values: scipy 1.17.1 (`scipy.stats.norm`, `chi2`, `kstwo`, `scipy.special.smirnov`),
// printed with repr().

@Test func normalDistributionMatchesScipy() {
  let cases: [(x: Double, cdf: Double, sf: Double)] = [
    (-8.0, 6.22096057427174e-16, 0.9999999999999993), (-1.96, 0.024997895148220435, 0.9750021048517795),
    (0.0, 0.5, 0.5), (0.5, 0.6914624612740131, 0.3085375387259869),
    (3.0, 0.9986501019683699, 0.0013498980316300933), (12.0, 1.0, 1.776482112077653e-33),
  ]
  for (x, cdf, sf) in cases {
    #expect(isClose(StatisticalDistributions.normalCDF(x), cdf, relative: 1e-13), "Φ(\(x))")
    #expect(isClose(StatisticalDistributions.normalSurvival(x), sf, relative: 1e-13), "1 − Φ(\(x))")
  }
}

@Test func normalQuantileMatchesScipy() {
  let cases: [(p: Double, x: Double)] = [
    (1e-300, -37.0470962993612), (1e-10, -6.361340902404056), (0.025, -1.9599639845400545),
    (0.3, -0.5244005127080409), (0.5, 0.0), (0.975, 1.959963984540054), (0.999999, 4.753424308817087),
  ]
  for (p, x) in cases {
    #expect(
      isClose(StatisticalDistributions.normalQuantile(p), x, relative: 1e-13, absolute: 1e-15), "Φ⁻¹(\(p))")
  }
  #expect(StatisticalDistributions.normalQuantile(0) == -.infinity)
  #expect(StatisticalDistributions.normalQuantile(1) == .infinity)
  #expect(StatisticalDistributions.normalQuantile(1.5).isNaN)
}

@Test func chiSquareSurvivalMatchesScipy() {
  let cases: [(x: Double, k: Double, sf: Double)] = [
    (0.5, 1, 0.47950012218695337), (3.84, 1, 0.05004352124870519), (10.0, 3, 0.01856613546304325),
    (250.0, 200, 0.009379131668826098), (1e-3, 5, 0.9999999983185123), (80.0, 20, 3.925932226286184e-09),
    (1500.0, 1000, 1.0454640385980825e-22),
  ]
  for (x, k, sf) in cases {
    #expect(
      isClose(StatisticalDistributions.chiSquareSurvival(x, degreesOfFreedom: k), sf, relative: 1e-12),
      "χ²(\(x), \(k))")
  }
  #expect(StatisticalDistributions.chiSquareSurvival(.infinity, degreesOfFreedom: 3) == 0)
}

@Test func kolmogorovDistributionMatchesScipyKstwo() {
  // Each branch of scipy's kstwo: Durbin/Pomeranz for n ≤ 140, 2·smirnov in the tails,
  // Durbin's matrix for small n·x^1.5, Pelz–Good for large n.
  let cases: [(x: Double, n: Int, sf: Double)] = [
    (0.15, 5, 0.9988), (0.3, 5, 0.664), (0.6, 5, 0.03008000000000001), (0.05, 100, 0.9532159710635725),
    (0.12, 100, 0.1033037490181987), (0.25, 100, 5.408871776434847e-06), (0.002, 9525, 0.9999999999998095),
    (0.01, 9525, 0.29471338751577325), (0.03, 9525, 6.999172552847327e-08),
    (0.004, 200000, 0.003314212822560255),
    (0.02, 500000, 3.6481966551764204e-174), (0.0012, 2_000_000, 0.006297183259583361),
  ]
  for (x, n, sf) in cases {
    #expect(
      isClose(KolmogorovSmirnovDistribution.oneSampleSurvival(x, n: n), sf, relative: 1e-9),
      "kstwo.sf(\(x), \(n))")
  }
}

@Test func smirnovMatchesScipy() {
  let cases: [(x: Double, n: Int, sf: Double)] = [
    (0.1, 50, 0.34490701996888), (0.02, 5000, 0.01806981293722266), (0.3, 20, 0.021533604376327058),
    (0.01, 100000, 2.046639011774627e-09),
  ]
  for (x, n, sf) in cases {
    #expect(
      isClose(KolmogorovSmirnovDistribution.smirnovSurvival(x, n: n), sf, relative: 1e-10),
      "smirnov(\(n), \(x))")
  }
}

@Test func exactTwoSampleProbabilitiesMatchScipy() {
  // scipy.stats._stats_py._attempt_exact_2kssamp(n1, n2, gcd, d, "two-sided"), the exact
  // method of ks_2samp, down to p-values far below the precision of 1 − P(inside).
  let cases: [(n1: Int, n2: Int, d: Double, p: Double)] = [
    (40, 70, 1.0, 1.2307290581327005e-30), (40, 70, 0.5357142857142857, 3.20191033669422e-07),
    (304, 200, 0.27631578947368424, 1.2885772420480819e-08),
    (7, 11, 0.6493506493506493, 0.024384112619406737),
    (1000, 999, 0.06006006006006006, 0.051349233288280394),
    (10000, 9000, 0.022222222222222223, 0.01826227773491448),
    (10000, 9000, 0.1, 1.1382391376309285e-41),
  ]
  for (n1, n2, d, p) in cases {
    let actual = KolmogorovSmirnovDistribution.twoSamplePValue(statistic: d, n1: n1, n2: n2)
    #expect(isClose(actual, p, relative: 1e-9), "n1 \(n1), n2 \(n2), d \(d): \(actual)")
  }
}
