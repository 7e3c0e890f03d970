/// Data drift between a reference and a current dataset, column by column, as Evidently's data
/// drift preset decides it.
///
/// Per column the method is chosen by Evidently's rules unless the options name one: with at
/// most 1,000 reference values, Kolmogorov–Smirnov for numeric columns with more than 5
/// distinct values, otherwise chi-square (the z-test for at most two values); with more,
/// the normalized Wasserstein distance for numeric columns with more than 5 distinct values,
/// otherwise Jensen–Shannon. Every other statistic that applies is reported too. The dataset
/// drifts when at least `driftShare` of the tested columns drift.
public enum DriftAnalysis {
  /// Analyzes every column present in both samples (the column sets must match).
  public static func analyze(
    reference: [String: ColumnSample], current: [String: ColumnSample], options: DriftOptions = DriftOptions()
  ) throws(MonitorError) -> DriftReport {
    if let missing = reference.keys.sorted().first(where: { current[$0] == nil }) {
      throw MonitorError("column \(missing) is in the reference data but not in the current data")
    }
    if let extra = current.keys.sorted().first(where: { reference[$0] == nil }) {
      throw MonitorError("column \(extra) is in the current data but not in the reference data")
    }
    if let prediction = options.predictionColumn, reference[prediction] == nil {
      throw MonitorError("the prediction column \(prediction) is not in the data")
    }
    var columns: [DriftColumnResult] = []
    var prediction: DriftColumnResult?
    for name in reference.keys.sorted() {
      let result = try analyzeColumn(name, reference[name]!, current[name]!, options: options)
      if name == options.predictionColumn { prediction = result } else { columns.append(result) }
    }
    applyCorrection(to: &columns, options: options)
    return DriftReport(
      columns: columns, prediction: prediction, referenceRows: reference.values.map(\.count).max() ?? 0,
      currentRows: current.values.map(\.count).max() ?? 0, driftShare: options.driftShare,
      correction: options.correction)
  }

  /// The verdict on one column.
  public static func analyzeColumn(
    _ name: String, _ reference: ColumnSample, _ current: ColumnSample, options: DriftOptions = DriftOptions()
  ) throws(MonitorError) -> DriftColumnResult {
    guard reference.isNumeric == current.isNumeric else {
      throw MonitorError(
        "column \(name) is numeric in one sample and categorical in the other; give both samples the same type"
      )
    }
    if case .numeric(let referenceValues) = reference, case .numeric(let currentValues) = current {
      return try numericColumn(
        name, NumericSample(referenceValues), NumericSample(currentValues), options: options)
    }
    return try categoricalColumn(name, try categoryCounts(reference, current), options: options)
  }

  private static func numericColumn(
    _ name: String, _ reference: NumericSample, _ current: NumericSample, options: DriftOptions
  ) throws(MonitorError) -> DriftColumnResult {
    var result = DriftColumnResult(
      name: name, isNumeric: true, drifted: false, scores: [:], reference: ColumnSummary(reference),
      current: ColumnSummary(current))
    if let reason = emptySide(reference.count, current.count) {
      result.skipped = reason
      return result
    }
    let distinct = reference.distinctCount(combinedWith: current)
    let method = try chooseMethod(
      for: name, isNumeric: true, referenceCount: reference.count, distinct: distinct, options: options)
    var scores: [DriftMethod: Double] = [:]
    scores[.ks] = try NumericDrift.ks(reference: reference, current: current).pValue
    scores[.wasserstein] = try NumericDrift.wassersteinNormalized(reference: reference, current: current)
    scores[.psi] = try NumericDrift.psi(
      reference: reference.sorted, current: current.sorted, bins: options.psiBins)
    scores[.klDivergence] = try NumericDrift.klDivergence(reference: reference, current: current)
    scores[.jensenShannon] = try NumericDrift.jensenShannonDistance(reference: reference, current: current)
    // Tests on values as categories only mean something for few values (or when asked for).
    if distinct <= 5 || method == .chiSquare || method == .zTest {
      let counts = CategoryCounts(reference: reference, current: current)
      scores[.chiSquare] = try CategoricalDrift.chiSquare(
        referenceCounts: counts.reference, currentCounts: counts.current
      )
      .pValue
      if distinct <= 2 {
        scores[.zTest] = try CategoricalDrift.zTest(
          referenceCounts: counts.reference, currentCounts: counts.current
        )
        .pValue
      }
    }
    result.histogram = ColumnHistogram(reference: reference, current: current, bins: options.histogramBins)
    decide(&result, method: method, scores: scores, options: options)
    return result
  }

  private static func categoricalColumn(_ name: String, _ counts: CategoryCounts, options: DriftOptions)
    throws(MonitorError) -> DriftColumnResult
  {
    var result = DriftColumnResult(
      name: name, isNumeric: false, drifted: false, scores: [:],
      reference: ColumnSummary(counts: counts.reference, missing: counts.referenceMissing),
      current: ColumnSummary(counts: counts.current, missing: counts.currentMissing))
    if let reason = emptySide(counts.referenceTotal, counts.currentTotal) {
      result.skipped = reason
      return result
    }
    let observed = counts.observed
    let method = try chooseMethod(
      for: name, isNumeric: false, referenceCount: counts.referenceTotal, distinct: observed.levels.count,
      options: options)
    let (reference, current) = (observed.reference, observed.current)
    var scores: [DriftMethod: Double] = [:]
    scores[.chiSquare] = try CategoricalDrift.chiSquare(referenceCounts: reference, currentCounts: current)
      .pValue
    if observed.levels.count <= 2 {
      scores[.zTest] = try CategoricalDrift.zTest(referenceCounts: reference, currentCounts: current).pValue
    }
    scores[.psi] = try CategoricalDrift.psi(referenceCounts: reference, currentCounts: current)
    scores[.klDivergence] = try CategoricalDrift.klDivergence(
      referenceCounts: reference, currentCounts: current)
    scores[.jensenShannon] = try CategoricalDrift.jensenShannonDistance(
      referenceCounts: reference, currentCounts: current)
    result.histogram = ColumnHistogram(counts: observed, levels: options.histogramBins)
    decide(&result, method: method, scores: scores, options: options)
    return result
  }

  /// Evidently's default method, or the one the options give (checked to fit the column).
  static func chooseMethod(
    for name: String, isNumeric: Bool, referenceCount: Int, distinct: Int, options: DriftOptions
  ) throws(MonitorError) -> DriftMethod {
    if let chosen = options.columnMethods[name]
      ?? (isNumeric ? options.numericMethod : options.categoricalMethod)
    {
      guard isNumeric || chosen.appliesToCategorical else {
        throw MonitorError(
          "\(chosen.rawValue) needs numbers but column \(name) is categorical; "
            + "use chisquare, z, psi, kl_div or jensenshannon")
      }
      guard chosen != .zTest || distinct <= 2 else {
        throw MonitorError("the z-test compares two values but column \(name) has \(distinct); use chisquare")
      }
      return chosen
    }
    if referenceCount <= options.smallReferenceLimit {
      if isNumeric && distinct > 5 { return .ks }
      return distinct > 2 ? .chiSquare : .zTest
    }
    return isNumeric && distinct > 5 ? .wasserstein : .jensenShannon
  }

  private static func decide(
    _ result: inout DriftColumnResult, method: DriftMethod, scores: [DriftMethod: Double],
    options: DriftOptions
  ) {
    let threshold = options.threshold(for: method)
    let score = scores[method]!
    result.method = method
    result.scores = scores
    result.score = score
    result.threshold = threshold
    result.drifted = method.drifted(score: score, threshold: threshold)
    result.psiBand = scores[.psi].map(PSIBand.init(psi:))
  }

  /// Replaces the deciding p-values of the tested columns by their corrected values.
  private static func applyCorrection(to columns: inout [DriftColumnResult], options: DriftOptions) {
    guard options.correction != .none else { return }
    let tested = columns.indices.filter { columns[$0].method?.isPValue == true }
    let adjusted = options.correction.adjust(tested.map { columns[$0].score! })
    for (index, pValue) in zip(tested, adjusted) {
      columns[index].unadjustedPValue = columns[index].score
      columns[index].score = pValue
      columns[index].drifted = columns[index].method!.drifted(
        score: pValue, threshold: columns[index].threshold!)
    }
  }

  private static func emptySide(_ referenceCount: Int, _ currentCount: Int) -> String? {
    if referenceCount == 0 { return "no values in the reference sample" }
    if currentCount == 0 { return "no values in the current sample" }
    return nil
  }

  /// Counts of a categorical column in both samples, aligned by level name.
  private static func categoryCounts(_ reference: ColumnSample, _ current: ColumnSample) throws(MonitorError)
    -> CategoryCounts
  {
    switch (reference, current) {
    case (.categorical(let r), .categorical(let c)):
      return CategoryCounts(reference: r, current: c)
    case (.codes(let r, let levels), .codes(let c, let currentLevels)) where levels == currentLevels:
      return try CategoryCounts(referenceCodes: r, currentCodes: c, levels: levels)
    default:
      // Different dictionaries or forms: count each side, then align the levels by name.
      let left = try oneSide(reference)
      let right = try oneSide(current)
      let levels = Set(left.levels).union(right.levels).sorted()
      let leftIndex = Dictionary(zip(left.levels, left.reference), uniquingKeysWith: +)
      let rightIndex = Dictionary(zip(right.levels, right.reference), uniquingKeysWith: +)
      return try CategoryCounts(
        levels: levels, reference: levels.map { leftIndex[$0] ?? 0 },
        current: levels.map { rightIndex[$0] ?? 0 },
        referenceMissing: left.referenceMissing, currentMissing: right.referenceMissing)
    }
  }

  /// One sample's counts, in the reference slot.
  private static func oneSide(_ sample: ColumnSample) throws(MonitorError) -> CategoryCounts {
    switch sample {
    case .categorical(let values): return CategoryCounts(reference: values, current: [])
    case .codes(let codes, let levels):
      return try CategoryCounts(referenceCodes: codes, currentCodes: [], levels: levels)
    case .numeric: throw MonitorError("a numeric sample has no categories")
    }
  }
}
