/// The two-proportion z-test with the pooled standard error, shared by the drift z-test on
/// two-valued columns and by the analysis of experiments.
public enum ProportionTest {
  /// Tests whether the success rates `successes1 / trials1` and `successes2 / trials2` differ.
  ///
  /// z = (p₁ − p₂) / √(P(1 − P)(1/n₁ + 1/n₂)) with the pooled rate P, and the p-value is
  /// 2·(1 − Φ(|z|)) (`statsmodels.stats.proportion.proportions_ztest`). When both samples are
  /// all successes or all failures there is no evidence of a difference: z = 0, p = 1.
  public static func twoSided(successes1: Int, trials1: Int, successes2: Int, trials2: Int)
    -> HypothesisTestResult
  {
    precondition(trials1 > 0 && trials2 > 0, "ProportionTest: a sample has no trials")
    let n1 = Double(trials1)
    let n2 = Double(trials2)
    let p1 = Double(successes1) / n1
    let p2 = Double(successes2) / n2
    let pooled = Double(successes1 + successes2) / (n1 + n2)
    let variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    guard variance > 0 else { return HypothesisTestResult(statistic: 0, pValue: 1) }
    let z = (p1 - p2) / variance.squareRoot()
    return HypothesisTestResult(statistic: z, pValue: 2 * StatisticalDistributions.normalSurvival(abs(z)))
  }
}
