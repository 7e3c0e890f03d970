import OhanaJSON

/// The settings only a tabular pipeline has: how its CSV files are read and checked, when new
/// rows make training due, and the validation gate a model must pass to leave staging.
public struct TabularSettings: Sendable, Equatable {
  /// What happens to a dataset whose expectations fail.
  public enum FailureAction: String, Sendable, CaseIterable {
    /// The dataset is rejected (the file goes to `rejected/` with the validation result).
    case reject
    /// The dataset is accepted and the failure is reported.
    case warn
  }

  /// Expectations checked on every dataset, as JSON objects (`{"expect": "not_null", …}`).
  public var expectations: [JSONValue] = []
  public var onValidationFailure: FailureAction = .reject
  /// Cell values read as missing; nil keeps the reader's defaults (empty, `NA`, `N/A`, `?`, …).
  public var missingValues: [String]?
  /// Whether an incompatible dataset starts a new major schema version instead of being rejected.
  public var allowMajorSchemaChange = false
  /// New rows since the last run that make training due (nil: only datasets count).
  public var minNewRows: Int?
  /// A column identifying rows: never a feature, copied onto predictions, joins feedback.
  public var idColumn: String?
  /// The lowest validation metric a model may have to leave staging.
  public var minMetric: Double?
  /// The slowest batch prediction, in milliseconds per 1,000 rows, a model may have to leave staging.
  public var maxLatencyMillisecondsPer1000: Double?

  public init() {}
}
