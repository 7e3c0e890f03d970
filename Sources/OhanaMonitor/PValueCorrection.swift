/// A correction of p-values for testing many columns at once.
public enum PValueCorrection: String, Sendable, CaseIterable {
  /// The p-values as computed.
  case none
  /// Bonferroni: each p-value times the number of tests, at most 1 (controls the family-wise
  /// error rate).
  case bonferroni
  /// Benjamini–Hochberg: the step-up adjusted p-values (controls the false discovery rate),
  /// as `statsmodels.stats.multitest.multipletests(method="fdr_bh")`.
  case benjaminiHochberg = "benjamini_hochberg"

  /// The adjusted p-values, in the order given.
  public func adjust(_ pValues: [Double]) -> [Double] {
    let count = Double(pValues.count)
    switch self {
    case .none:
      return pValues
    case .bonferroni:
      return pValues.map { min(1, $0 * count) }
    case .benjaminiHochberg:
      let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
      var adjusted = [Double](repeating: 1, count: pValues.count)
      var running = 1.0
      // From the largest p-value down: the running minimum of p·m/rank.
      for (position, index) in order.enumerated().reversed() {
        running = min(running, pValues[index] * count / Double(position + 1))
        adjusted[index] = running
      }
      return adjusted
    }
  }
}
