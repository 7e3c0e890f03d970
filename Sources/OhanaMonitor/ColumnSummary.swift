import OhanaJSON

/// A few numbers describing one column in one sample, for reports.
public struct ColumnSummary: Sendable, Equatable {
  /// Values present.
  public var count: Int
  /// Values missing (NaN, infinite or `nil`).
  public var missing: Int
  /// Distinct values present.
  public var distinct: Int
  /// The mean (numeric columns only).
  public var mean: Double?
  /// The population standard deviation (numeric columns only).
  public var standardDeviation: Double?
  /// The smallest value (numeric columns only).
  public var minimum: Double?
  /// The largest value (numeric columns only).
  public var maximum: Double?

  init(_ sample: NumericSample) {
    count = sample.count
    missing = sample.missing
    distinct = sample.distinctCount
    if let first = sample.sorted.first, let last = sample.sorted.last {
      mean = sample.mean
      standardDeviation = sample.standardDeviation
      minimum = first
      maximum = last
    }
  }

  init(counts: [Int], missing: Int) {
    count = counts.reduce(0, +)
    self.missing = missing
    distinct = counts.filter { $0 > 0 }.count
  }

  /// The summary as JSON (numeric fields only when present).
  public var json: JSONValue {
    var object: [String: JSONValue] = [
      "count": .integer(count), "missing": .integer(missing), "distinct": .integer(distinct),
    ]
    if let mean { object["mean"] = .double(mean) }
    if let standardDeviation { object["std"] = .double(standardDeviation) }
    if let minimum { object["min"] = .double(minimum) }
    if let maximum { object["max"] = .double(maximum) }
    return .object(object)
  }
}
