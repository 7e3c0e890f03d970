/// Settings of a drift analysis. The defaults are Evidently's.
public struct DriftOptions: Sendable {
  /// The method for every numeric column, or `nil` for Evidently's choice by size and values.
  public var numericMethod: DriftMethod?
  /// The method for every categorical column, or `nil` for Evidently's choice.
  public var categoricalMethod: DriftMethod?
  /// Methods for particular columns, overriding the two above.
  public var columnMethods: [String: DriftMethod]
  /// Thresholds overriding ``DriftMethod/defaultThreshold``.
  public var thresholds: [DriftMethod: Double]
  /// The dataset drifts when at least this share of its columns drift.
  public var driftShare: Double
  /// The correction applied to the p-values of the columns tested with p-value methods.
  public var correction: PValueCorrection
  /// The model's prediction column: analyzed and reported on its own, not counted in the share.
  public var predictionColumn: String?
  /// Quantile bins of the reference for PSI.
  public var psiBins: Int
  /// Bins (numeric) or most frequent levels (categorical) shown per column in reports.
  public var histogramBins: Int
  /// Evidently switches from tests to distances above this many reference values.
  public var smallReferenceLimit: Int

  /// Options; every argument defaults to Evidently's behaviour.
  public init(
    numericMethod: DriftMethod? = nil, categoricalMethod: DriftMethod? = nil,
    columnMethods: [String: DriftMethod] = [:],
    thresholds: [DriftMethod: Double] = [:], driftShare: Double = 0.5, correction: PValueCorrection = .none,
    predictionColumn: String? = nil, psiBins: Int = 10, histogramBins: Int = 20,
    smallReferenceLimit: Int = 1000
  ) {
    self.numericMethod = numericMethod
    self.categoricalMethod = categoricalMethod
    self.columnMethods = columnMethods
    self.thresholds = thresholds
    self.driftShare = driftShare
    self.correction = correction
    self.predictionColumn = predictionColumn
    self.psiBins = psiBins
    self.histogramBins = histogramBins
    self.smallReferenceLimit = smallReferenceLimit
  }

  /// The threshold used for `method`.
  public func threshold(for method: DriftMethod) -> Double { thresholds[method] ?? method.defaultThreshold }
}
