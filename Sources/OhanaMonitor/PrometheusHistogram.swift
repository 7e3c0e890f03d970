import OhanaJSON

/// Observations counted into cumulative buckets, as a Prometheus histogram reports them
/// (for example prediction latencies). It round-trips through JSON so counts can accumulate
/// across runs.
public struct PrometheusHistogram: Sendable, Equatable {
  /// The Prometheus client libraries' default buckets, in seconds.
  public static let defaultLatencyBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

  /// Finite bucket upper bounds, ascending; a last `+Inf` bucket is implied.
  public let upperBounds: [Double]
  /// Observations per bucket (not cumulative), one more than `upperBounds` for `+Inf`.
  public private(set) var bucketCounts: [Int]
  /// The sum of the observations.
  public private(set) var sum = 0.0

  /// An empty histogram with these bucket bounds.
  public init(upperBounds: [Double] = PrometheusHistogram.defaultLatencyBounds) throws(MonitorError) {
    guard !upperBounds.isEmpty, upperBounds.allSatisfy(\.isFinite),
      zip(upperBounds, upperBounds.dropFirst()).allSatisfy({ $0 < $1 })
    else {
      throw MonitorError("histogram bucket bounds must be finite and strictly increasing: \(upperBounds)")
    }
    self.upperBounds = upperBounds
    bucketCounts = [Int](repeating: 0, count: upperBounds.count + 1)
  }

  /// All observations.
  public var count: Int { bucketCounts.reduce(0, +) }

  /// Counts `value` in the first bucket whose bound is at least `value` (NaN is ignored).
  public mutating func observe(_ value: Double) {
    guard !value.isNaN else { return }
    let bucket = upperBounds.firstIndex { value <= $0 } ?? upperBounds.count
    bucketCounts[bucket] += 1
    sum += value
  }

  /// Adds the observations of `other`, which must have the same bounds (for example one batch's
  /// histogram into the running total).
  public mutating func merge(_ other: PrometheusHistogram) throws(MonitorError) {
    guard other.upperBounds == upperBounds else {
      throw MonitorError(
        "histograms with bounds \(other.upperBounds) and \(upperBounds) cannot be added; use the same bounds")
    }
    for index in bucketCounts.indices { bucketCounts[index] += other.bucketCounts[index] }
    sum += other.sum
  }

  /// The counts at or below each bound, then the total for `+Inf`.
  public var cumulativeCounts: [Int] {
    var running = 0
    return bucketCounts.map { count in
      running += count
      return running
    }
  }

  /// The histogram as JSON.
  public var json: JSONValue {
    [
      "upper_bounds": .array(upperBounds.map { .double($0) }),
      "bucket_counts": .array(bucketCounts.map { .integer($0) }), "sum": .double(sum),
    ]
  }

  /// Restores a histogram from ``json``.
  public init(json: JSONValue) throws(MonitorError) {
    guard let bounds = json["upper_bounds"]?.arrayValue?.compactMap(\.doubleValue),
      let counts = json["bucket_counts"]?.arrayValue?.compactMap(\.intValue),
      let sum = json["sum"]?.doubleValue
    else { throw MonitorError("a stored histogram needs upper_bounds, bucket_counts and sum") }
    try self.init(upperBounds: bounds)
    guard counts.count == bounds.count + 1, counts.allSatisfy({ $0 >= 0 }) else {
      throw MonitorError("a stored histogram needs one count per bound plus one for +Inf, none negative")
    }
    bucketCounts = counts.map { Int($0) }
    self.sum = sum
  }
}
