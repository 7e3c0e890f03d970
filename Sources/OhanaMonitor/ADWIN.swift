import Foundation
import OhanaJSON

/// ADWIN, adaptive windowing (Bifet & Gavaldà 2007, ADWIN2): a streaming change detector that
/// keeps the longest recent window whose mean shows no significant change, compressed into an
/// exponential histogram of buckets.
///
/// It behaves as river's `drift.ADWIN` window (`AdaptiveWindowing`, same defaults: δ = 0.002,
/// a check every 32 values, 5 buckets per size, sub-windows of at least 5 values, no check
/// before 10): each check tries every cut between buckets, oldest first, and drops the oldest
/// bucket while |μ₀ − μ₁| exceeds ε_cut = √(2 m σ² δ′) + (2/3) m δ′, with δ′ = ln(2 ln(n) / δ) and
/// m = 1/(n₀ − 4) + 1/(n₁ − 4). Unlike river's wrapper it does not forget the rest of the window
/// after a change: the window keeps the values since the cut. The state round-trips through JSON
/// so a detector can live across runs.
public struct ADWIN: Sendable, Equatable {
  /// The confidence parameter δ.
  public let delta: Double
  /// Changes are looked for every `clock` values.
  public let clock: Int
  /// Buckets of each size kept before the two oldest merge.
  public let maxBuckets: Int
  /// The smallest sub-window a cut may leave on either side.
  public let minWindowLength: Int
  /// Values seen before the first check.
  public let gracePeriod: Int

  /// Values in the window.
  public private(set) var width = 0.0
  /// Their sum.
  public private(set) var total = 0.0
  /// Their sum of squared deviations from the mean.
  public private(set) var variance = 0.0
  /// Values seen since creation.
  public private(set) var tick = 0
  /// Changes detected since creation.
  public private(set) var detections = 0
  /// rows[i] holds buckets of 2^i values as (sum, sum of squared deviations), oldest first.
  private var rows: [[Bucket]] = [[]]

  struct Bucket: Sendable, Equatable {
    var total: Double
    var variance: Double
  }

  /// A detector with river's defaults unless given.
  public init(
    delta: Double = 0.002, clock: Int = 32, maxBuckets: Int = 5, minWindowLength: Int = 5,
    gracePeriod: Int = 10
  ) {
    precondition(delta > 0 && delta < 1 && clock > 0 && maxBuckets > 0, "ADWIN: invalid settings")
    self.delta = delta
    self.clock = clock
    self.maxBuckets = maxBuckets
    self.minWindowLength = minWindowLength
    self.gracePeriod = gracePeriod
  }

  /// The mean of the window (0 when empty).
  public var mean: Double { width > 0 ? total / width : 0 }

  /// Adds a value; returns whether a change was detected (the window then shrank).
  @discardableResult
  public mutating func update(_ value: Double) -> Bool {
    insert(value)
    return detectChange()
  }

  private mutating func insert(_ value: Double) {
    rows[0].append(Bucket(total: value, variance: 0))
    width += 1
    if width > 1 {
      let deviation = value - total / (width - 1)
      variance += (width - 1) * deviation * deviation / width
    }
    total += value
    compress()
  }

  /// Merges the two oldest buckets of every row holding more than `maxBuckets`.
  private mutating func compress() {
    var row = 0
    while rows[row].count > maxBuckets {
      let size = Double(1 << row)
      let first = rows[row][0]
      let second = rows[row][1]
      let meanGap = first.total / size - second.total / size
      let merged = Bucket(
        total: first.total + second.total,
        variance: first.variance + second.variance + size * 0.5 * meanGap * meanGap)
      rows[row].removeFirst(2)
      if row + 1 == rows.count { rows.append([]) }
      rows[row + 1].append(merged)
      row += 1
    }
  }

  private mutating func detectChange() -> Bool {
    tick += 1
    guard tick % clock == 0, width > Double(gracePeriod) else { return false }
    var changed = false
    var cutFound = true
    while cutFound {
      cutFound = false
      var n0 = 0.0
      var n1 = width
      var u0 = 0.0
      var u1 = total
      scan: for row in stride(from: rows.count - 1, through: 0, by: -1) {
        let size = Double(1 << row)
        for (index, bucket) in rows[row].enumerated() {
          n0 += size
          n1 -= size
          u0 += bucket.total
          u1 -= bucket.total
          // The newest bucket cannot end the older sub-window.
          if row == 0 && index == rows[row].count - 1 { break scan }
          if n1 >= Double(minWindowLength), n0 >= Double(minWindowLength), cuts(n0, n1, u0 / n0 - u1 / n1) {
            cutFound = true
            changed = true
            if width > 0 { dropOldest() }
            break scan
          }
        }
      }
    }
    if changed { detections += 1 }
    return changed
  }

  private func cuts(_ n0: Double, _ n1: Double, _ meanDifference: Double) -> Bool {
    let deltaPrime = log(2 * log(width) / delta)
    let minimum = Double(minWindowLength)
    let m = 1 / (n0 - minimum + 1) + 1 / (n1 - minimum + 1)
    let epsilon = (2 * m * (variance / width) * deltaPrime).squareRoot() + 2.0 / 3.0 * deltaPrime * m
    return abs(meanDifference) > epsilon
  }

  private mutating func dropOldest() {
    let row = rows.count - 1
    let size = Double(1 << row)
    let bucket = rows[row][0]
    width -= size
    total -= bucket.total
    let gap = bucket.total / size - total / width
    variance -= bucket.variance + size * width * gap * gap / (size + width)
    rows[row].removeFirst()
    if rows[row].isEmpty && rows.count > 1 { rows.removeLast() }
  }

  /// The detector's settings and state, for storing between runs.
  public var json: JSONValue {
    [
      "delta": .double(delta), "clock": .integer(clock), "max_buckets": .integer(maxBuckets),
      "min_window_length": .integer(minWindowLength), "grace_period": .integer(gracePeriod),
      "width": .double(width), "total": .double(total), "variance": .double(variance), "tick": .integer(tick),
      "detections": .integer(detections),
      "rows": .array(rows.map { .array($0.map { [.double($0.total), .double($0.variance)] }) }),
    ]
  }

  /// Restores a detector from ``json``.
  public init(json: JSONValue) throws(MonitorError) {
    func number(_ key: String) throws(MonitorError) -> Double {
      guard let value = json[key]?.doubleValue else {
        throw MonitorError(
          "ADWIN state lacks the number \(key); store the detector's json and restore from it")
      }
      return value
    }
    let delta = try number("delta")
    let clock = Int(try number("clock"))
    let maxBuckets = Int(try number("max_buckets"))
    guard delta > 0, delta < 1, clock > 0, maxBuckets > 0 else {
      throw MonitorError(
        "ADWIN state has invalid settings (delta \(delta), clock \(clock), max_buckets \(maxBuckets))")
    }
    self.init(
      delta: delta, clock: clock, maxBuckets: maxBuckets,
      minWindowLength: Int(try number("min_window_length")),
      gracePeriod: Int(try number("grace_period")))
    width = try number("width")
    total = try number("total")
    variance = try number("variance")
    tick = Int(try number("tick"))
    detections = Int(try number("detections"))
    guard let storedRows = json["rows"]?.arrayValue, !storedRows.isEmpty else {
      throw MonitorError("ADWIN state lacks its bucket rows")
    }
    var rows: [[Bucket]] = []
    for row in storedRows {
      guard let buckets = row.arrayValue else {
        throw MonitorError("ADWIN state has a bucket row that is not a list")
      }
      var restored: [Bucket] = []
      for bucket in buckets {
        guard let pair = bucket.arrayValue, pair.count == 2, let sum = pair[0].doubleValue,
          let deviations = pair[1].doubleValue
        else { throw MonitorError("ADWIN state has a bucket that is not [sum, variance]") }
        restored.append(Bucket(total: sum, variance: deviations))
      }
      rows.append(restored)
    }
    self.rows = rows
  }
}
