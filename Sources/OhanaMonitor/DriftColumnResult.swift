import OhanaJSON

/// The drift verdict on one column, with every statistic that applies to it.
public struct DriftColumnResult: Sendable {
  /// The column name.
  public var name: String
  /// Whether the column is numeric (else categorical).
  public var isNumeric: Bool
  /// The method that decides drift, `nil` when the column could not be tested.
  public var method: DriftMethod?
  /// The deciding score: the method's p-value (adjusted when a correction applies) or distance.
  public var score: Double?
  /// The p-value before correction, when a correction changed it.
  public var unadjustedPValue: Double?
  /// The threshold the score was compared with.
  public var threshold: Double?
  /// Whether the column drifted.
  public var drifted: Bool
  /// Every applicable statistic by method (p-values uncorrected).
  public var scores: [DriftMethod: Double]
  /// The reading of the PSI score.
  public var psiBand: PSIBand?
  /// The reference sample in brief.
  public var reference: ColumnSummary
  /// The current sample in brief.
  public var current: ColumnSummary
  /// Both distributions, binned for display.
  public var histogram: ColumnHistogram?
  /// Why the column was not tested (a sample without values), `nil` when it was.
  public var skipped: String?

  /// The result as JSON (fields without a value are left out).
  public var json: JSONValue {
    var object: [String: JSONValue] = [
      "kind": .string(isNumeric ? "numeric" : "categorical"), "drifted": .bool(drifted),
      "scores": .object(
        Dictionary(uniqueKeysWithValues: scores.map { ($0.key.rawValue, JSONValue.double($0.value)) })),
      "reference": reference.json, "current": current.json,
    ]
    if let method { object["method"] = .string(method.rawValue) }
    if let score { object["score"] = .double(score) }
    if let unadjustedPValue { object["p_value_unadjusted"] = .double(unadjustedPValue) }
    if let threshold { object["threshold"] = .double(threshold) }
    if let psiBand { object["psi_band"] = .string(psiBand.rawValue) }
    if let histogram { object["histogram"] = histogram.json }
    if let skipped { object["skipped"] = .string(skipped) }
    return .object(object)
  }
}
