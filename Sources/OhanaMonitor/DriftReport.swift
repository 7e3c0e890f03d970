import OhanaJSON

/// The outcome of a drift analysis: a verdict per column and for the dataset, in a size that
/// does not grow with the number of rows (summaries and binned shares, never the data).
public struct DriftReport: Sendable {
  /// The feature columns, sorted by name.
  public var columns: [DriftColumnResult]
  /// The prediction column's drift, when the options name one.
  public var prediction: DriftColumnResult?
  /// The rows of the reference sample (its longest column).
  public var referenceRows: Int
  /// The rows of the current sample (its longest column).
  public var currentRows: Int
  /// The share of drifted columns at which the dataset drifts.
  public var driftShare: Double
  /// The p-value correction that was applied.
  public var correction: PValueCorrection

  /// A report from its parts (``DriftAnalysis`` makes them).
  public init(
    columns: [DriftColumnResult], prediction: DriftColumnResult?, referenceRows: Int, currentRows: Int,
    driftShare: Double, correction: PValueCorrection
  ) {
    self.columns = columns
    self.prediction = prediction
    self.referenceRows = referenceRows
    self.currentRows = currentRows
    self.driftShare = driftShare
    self.correction = correction
  }

  /// Columns that could be tested (both samples had values).
  public var testedColumns: Int { columns.filter { $0.method != nil }.count }

  /// Tested columns that drifted.
  public var driftedColumns: Int { columns.filter(\.drifted).count }

  /// Drifted columns over tested columns (0 when none could be tested).
  public var shareDrifted: Double { testedColumns == 0 ? 0 : Double(driftedColumns) / Double(testedColumns) }

  /// Whether the dataset drifted: at least `driftShare` of its tested columns did.
  public var datasetDrift: Bool { testedColumns > 0 && shareDrifted >= driftShare }

  /// The report as JSON, ready for `CanonicalJSON`.
  public var json: JSONValue {
    var object: [String: JSONValue] = [
      "dataset_drift": .bool(datasetDrift), "drift_share": .double(driftShare),
      "share_drifted": .double(shareDrifted), "drifted_columns": .integer(driftedColumns),
      "tested_columns": .integer(testedColumns), "correction": .string(correction.rawValue),
      "reference_rows": .integer(referenceRows), "current_rows": .integer(currentRows),
      "columns": .object(Dictionary(uniqueKeysWithValues: columns.map { ($0.name, $0.json) })),
    ]
    if let prediction {
      object["prediction"] = .object(["column": .string(prediction.name), "result": prediction.json])
    }
    return .object(object)
  }

  /// A self-contained HTML page: the verdicts in a table, then per column its statistics and
  /// a histogram of reference against current as inline SVG.
  public func html(title: String) -> String { DriftReportPage.render(self, title: title) }
}
