/// The values of one numeric column, sorted once and summarized, as the drift statistics need
/// them. NaN (missing) and infinite values are dropped and counted, as Evidently drops them.
public struct NumericSample: Sendable, Equatable {
  /// The finite values, ascending.
  public let sorted: [Double]
  /// How many values were NaN or infinite.
  public let missing: Int
  /// The mean of the finite values (0 when there are none).
  public let mean: Double
  /// The population standard deviation (numpy's `std`, ddof 0) of the finite values.
  public let standardDeviation: Double
  /// How many different finite values there are.
  public let distinctCount: Int

  /// Sorts and summarizes `values` (NaN marks a missing value).
  public init(_ values: [Double]) {
    sorted = DoubleRadixSort.sortedFinite(values)
    missing = values.count - sorted.count
    var sum = 0.0
    for value in sorted { sum += value }
    let mean = sorted.isEmpty ? 0 : sum / Double(sorted.count)
    var squares = 0.0
    var distinct = 0
    var previous = -Double.infinity
    for value in sorted {
      squares += (value - mean) * (value - mean)
      if value != previous || distinct == 0 { distinct += 1 }
      previous = value
    }
    self.mean = mean
    standardDeviation = sorted.isEmpty ? 0 : (squares / Double(sorted.count)).squareRoot()
    distinctCount = distinct
  }

  /// The number of finite values.
  public var count: Int { sorted.count }

  /// How many different values the two samples hold together.
  public func distinctCount(combinedWith other: NumericSample) -> Int {
    var distinct = 0
    forEachDistinctValue(combinedWith: other) { _, _, _ in distinct += 1 }
    return distinct
  }

  /// Walks the distinct values of both samples in ascending order, passing each value with how
  /// many values of this sample and of `other` are at most that value (the two ECDFs' numerators).
  @inline(__always)
  func forEachDistinctValue(combinedWith other: NumericSample, _ body: (Double, Int, Int) -> Void) {
    let n1 = count
    let n2 = other.count
    sorted.withUnsafeBufferPointer { a in
      other.sorted.withUnsafeBufferPointer { b in
        var i = 0
        var j = 0
        // +∞ marks an exhausted sample (samples hold only finite values).
        var x = n1 > 0 ? a[0] : .infinity
        var y = n2 > 0 ? b[0] : .infinity
        while i < n1 || j < n2 {
          let value = min(x, y)
          // Steps without branches: a merge's comparisons are unpredictable.
          i += x == value ? 1 : 0
          j += y == value ? 1 : 0
          x = i < n1 ? a[i] : .infinity
          y = j < n2 ? b[j] : .infinity
          if x > value && y > value { body(value, i, j) }
        }
      }
    }
  }

  /// How many values are below `bound`, by binary search.
  func countBelow(_ bound: Double) -> Int {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] < bound { low = middle + 1 } else { high = middle }
    }
    return low
  }
}
