/// How often each level of a categorical column occurs in the reference and the current sample,
/// aligned level by level; missing values are counted apart and take no part in the tests.
public struct CategoryCounts: Sendable, Equatable {
  /// The level names, one per count.
  public var levels: [String]
  /// Reference occurrences per level.
  public var reference: [Int]
  /// Current occurrences per level.
  public var current: [Int]
  /// Missing reference values.
  public var referenceMissing: Int
  /// Missing current values.
  public var currentMissing: Int

  /// Counts already aligned by level.
  public init(
    levels: [String], reference: [Int], current: [Int], referenceMissing: Int = 0, currentMissing: Int = 0
  ) throws(MonitorError) {
    guard reference.count == levels.count, current.count == levels.count else {
      throw MonitorError(
        "category counts need one reference and one current count per level: \(levels.count) levels, "
          + "\(reference.count) reference and \(current.count) current counts")
    }
    self.levels = levels
    self.reference = reference
    self.current = current
    self.referenceMissing = referenceMissing
    self.currentMissing = currentMissing
  }

  /// Counts text values (`nil` is missing); levels are every value seen, sorted.
  public init(reference: [String?], current: [String?]) {
    var index: [String: Int] = [:]
    var names: [String] = []
    // tallies[2·slot] counts the reference, tallies[2·slot + 1] the current sample.
    var tallies: [Int] = []
    var missing = [0, 0]
    for (side, values) in [reference, current].enumerated() {
      for value in values {
        guard let value else {
          missing[side] += 1
          continue
        }
        let slot: Int
        if let known = index[value] {
          slot = known
        } else {
          slot = names.count
          index[value] = slot
          names.append(value)
          tallies += [0, 0]
        }
        tallies[2 * slot + side] += 1
      }
    }
    let order = names.indices.sorted { names[$0] < names[$1] }
    levels = order.map { names[$0] }
    self.reference = order.map { tallies[2 * $0] }
    self.current = order.map { tallies[2 * $0 + 1] }
    referenceMissing = missing[0]
    currentMissing = missing[1]
  }

  /// Counts dictionary codes: `levels[code]` names code `code`; negative codes are missing.
  ///
  /// This is the fast path for large columns: one pass per sample, no hashing.
  public init(referenceCodes: [Int32], currentCodes: [Int32], levels: [String]) throws(MonitorError) {
    let referenceTally = try Self.tally(referenceCodes, levels: levels.count)
    let currentTally = try Self.tally(currentCodes, levels: levels.count)
    self.levels = levels
    reference = referenceTally.counts
    current = currentTally.counts
    referenceMissing = referenceTally.missing
    currentMissing = currentTally.missing
  }

  /// One level per distinct finite value of either numeric sample (how Evidently treats numeric
  /// columns with few values); NaN and infinities are missing.
  public init(reference: NumericSample, current: NumericSample) {
    var levels: [String] = []
    var referenceCounts: [Int] = []
    var currentCounts: [Int] = []
    var seen = (0, 0)
    reference.forEachDistinctValue(combinedWith: current) { value, i, j in
      levels.append(Self.label(value))
      referenceCounts.append(i - seen.0)
      currentCounts.append(j - seen.1)
      seen = (i, j)
    }
    self.levels = levels
    self.reference = referenceCounts
    self.current = currentCounts
    referenceMissing = reference.missing
    currentMissing = current.missing
  }

  /// Non-missing reference values.
  public var referenceTotal: Int { reference.reduce(0, +) }

  /// Non-missing current values.
  public var currentTotal: Int { current.reduce(0, +) }

  /// Only the levels seen in at least one sample (the keys Evidently's tests use).
  public var observed: CategoryCounts {
    var copy = self
    let kept = levels.indices.filter { reference[$0] > 0 || current[$0] > 0 }
    copy.levels = kept.map { levels[$0] }
    copy.reference = kept.map { reference[$0] }
    copy.current = kept.map { current[$0] }
    return copy
  }

  /// A numeric level's name: integers without a fraction, others in shortest round-trip form.
  static func label(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
  }

  /// Counts codes with four interleaved tallies, so consecutive equal codes do not wait on each
  /// other's increments.
  private static func tally(_ codes: [Int32], levels: Int) throws(MonitorError) -> (
    counts: [Int], missing: Int
  ) {
    let width = levels + 1  // the last slot collects missing and out-of-range codes
    var lanes = [Int](repeating: 0, count: 4 * width)
    let limit = UInt32(truncatingIfNeeded: levels)
    codes.withUnsafeBufferPointer { codes in
      lanes.withUnsafeMutableBufferPointer { lanes in
        func slot(_ code: Int32) -> Int {
          let unsigned = UInt32(bitPattern: code)
          return unsigned < limit ? Int(unsigned) : levels
        }
        let whole = codes.count & ~3
        var index = 0
        while index < whole {
          lanes[slot(codes[index])] += 1
          lanes[width + slot(codes[index + 1])] += 1
          lanes[2 * width + slot(codes[index + 2])] += 1
          lanes[3 * width + slot(codes[index + 3])] += 1
          index += 4
        }
        while index < codes.count {
          lanes[slot(codes[index])] += 1
          index += 1
        }
      }
    }
    let counts = (0..<width).map {
      lanes[$0] + lanes[width + $0] + lanes[2 * width + $0] + lanes[3 * width + $0]
    }
    let unassigned = counts[levels]
    if unassigned > 0, let bad = codes.first(where: { $0 >= levels }) {
      throw MonitorError(
        "category code \(bad) has no level (there are \(levels)); codes run from 0 to levels − 1")
    }
    return (Array(counts[..<levels]), unassigned)
  }
}
