import Foundation
import OhanaParallel

/// Features as small integers, row-major: one `UInt8` joint bin per row and feature group
/// (see ``FeatureGroups``).
struct BinnedMatrix: Sendable {
  let rowCount: Int
  /// The number of feature groups.
  let columnCount: Int
  /// Joint bin of (row, group) at `row * columnCount + group`.
  var bins: [UInt8]
}

/// Learns per-column bin boundaries (quantiles of the values, or the categories) and maps values
/// to bins. Bin 0 holds missing values (and unseen categories); bins `1...` hold values in order.
struct FeatureBinner: Sendable, Equatable {
  /// Rows used to choose the boundaries; more rows barely move quantiles of 255 bins.
  static let sampleLimit = 100_000
  /// Category codes at or above this are treated as unseen.
  static let maximumCategoryCode = 1 << 20

  let columnCount: Int
  /// Whether each column is categorical.
  let categorical: [Bool]
  /// Numeric columns: increasing upper edges; a value `v` falls in bin `1 + #(edges < v)`.
  let edges: [[Double]]
  /// Categorical columns: the code of each value bin (bin `i + 1` holds `codes[i]`), ascending.
  let categoryCodes: [[Int]]

  /// Bins of each column, the missing bin included.
  var binCounts: [Int] {
    (0..<columnCount).map { column in
      1 + (categorical[column] ? categoryCodes[column].count : edges[column].count + 1)
    }
  }

  /// Chooses at most `maxBins` value bins per column from (a seeded sample of) `rows` of `x`.
  static func fit(
    _ x: FeatureMatrix, rows: [Int], maxBins: Int, categoricalColumns: Set<Int>, seed: UInt64
  ) -> FeatureBinner {
    var sample = rows
    if sample.count > sampleLimit {
      var generator = SplitMix64(seed: seed, stream: 0xB1)
      for index in 0..<sampleLimit {
        let other = index + generator.below(sample.count - index)
        sample.swapAt(index, other)
      }
      sample.removeLast(sample.count - sampleLimit)
      sample.sort()
    }
    let columns = x.columnCount
    // Gather the sample column by column (reading rows in order).
    var columnValues = [[Double]](repeating: [], count: columns)
    for column in 0..<columns { columnValues[column].reserveCapacity(sample.count) }
    x.values.withUnsafeBufferPointer { values in
      for row in sample {
        let base = row * columns
        for column in 0..<columns { columnValues[column].append(values[base + column]) }
      }
    }
    let isCategorical = (0..<columns).map { categoricalColumns.contains($0) }
    let gathered = columnValues
    let learned = Parallel.map(columns) { column -> (edges: [Double], codes: [Int]) in
      isCategorical[column]
        ? ([], categoryCodes(gathered[column], maxBins: maxBins))
        : (numericEdges(gathered[column], maxBins: maxBins), [])
    }
    return FeatureBinner(
      columnCount: columns, categorical: isCategorical, edges: learned.map(\.edges),
      categoryCodes: learned.map(\.codes))
  }

  /// Upper bin edges for a numeric column: one bin per distinct value when they fit, otherwise
  /// bins of near-equal counts (a value repeated more than a bin's share gets a bin to itself).
  static func numericEdges(_ values: [Double], maxBins: Int) -> [Double] {
    let distinct = smallDistinctCounts(values, limit: maxBins) ?? sortedDistinctCounts(values)
    let count = distinct.values.count
    guard count > 1 else { return [] }
    if count <= maxBins {
      return (0..<(count - 1)).map { midpoint(distinct.values[$0], distinct.values[$0 + 1]) }
    }
    var edges: [Double] = []
    var remaining = distinct.counts.reduce(0, +)
    var binsLeft = maxBins
    var accumulated = 0
    for index in 0..<(count - 1) {
      accumulated += distinct.counts[index]
      let target = Double(remaining) / Double(binsLeft)
      // Close the bin when it is full, or when the next value alone would overfill it.
      let next = distinct.counts[index + 1]
      if Double(accumulated) >= target
        || (Double(accumulated + next) > 1.5 * target && Double(accumulated) >= 0.5 * target)
      {
        edges.append(midpoint(distinct.values[index], distinct.values[index + 1]))
        remaining -= accumulated
        binsLeft -= 1
        accumulated = 0
        if binsLeft == 1 { break }
      }
    }
    return edges
  }

  /// A boundary between two consecutive distinct values `low < high` such that `low <= edge < high`.
  static func midpoint(_ low: Double, _ high: Double) -> Double {
    if low.isInfinite || high.isInfinite { return low == -.infinity ? -Double.greatestFiniteMagnitude : low }
    let middle = low + (high - low) / 2
    return middle < high && middle >= low ? middle : low
  }

  /// Distinct non-NaN values with their counts, ascending, when there are at most `limit` of them.
  static func smallDistinctCounts(_ values: [Double], limit: Int) -> (values: [Double], counts: [Int])? {
    let capacity = 1024
    var keys = [UInt64](repeating: 0, count: capacity)
    var counts = [Int](repeating: 0, count: capacity)
    var used = [Bool](repeating: false, count: capacity)
    var distinct = 0
    var lastKey: UInt64 = 0
    var lastSlot = -1
    for value in values where !value.isNaN {
      let key = (value == 0 ? 0.0 : value).bitPattern
      if lastSlot >= 0, key == lastKey {
        counts[lastSlot] += 1
        continue
      }
      var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 54)
      while used[slot], keys[slot] != key { slot = (slot + 1) & (capacity - 1) }
      if !used[slot] {
        distinct += 1
        if distinct > limit { return nil }
        used[slot] = true
        keys[slot] = key
      }
      counts[slot] += 1
      lastKey = key
      lastSlot = slot
    }
    var pairs: [(Double, Int)] = []
    for slot in 0..<capacity where used[slot] { pairs.append((Double(bitPattern: keys[slot]), counts[slot])) }
    pairs.sort { $0.0 < $1.0 }
    return (pairs.map(\.0), pairs.map(\.1))
  }

  /// Distinct non-NaN values with their counts, ascending.
  static func sortedDistinctCounts(_ values: [Double]) -> (values: [Double], counts: [Int]) {
    var sorted = values.filter { !$0.isNaN }
    sorted.sort()
    var distinctValues: [Double] = []
    var counts: [Int] = []
    for value in sorted {
      if let last = distinctValues.last, last == value {
        counts[counts.count - 1] += 1
      } else {
        distinctValues.append(value)
        counts.append(1)
      }
    }
    return (distinctValues, counts)
  }

  /// The most frequent category codes (at most `maxBins`), ascending.
  static func categoryCodes(_ values: [Double], maxBins: Int) -> [Int] {
    var counts: [Int: Int] = [:]
    for value in values {
      guard let code = categoryCode(value) else { continue }
      counts[code, default: 0] += 1
    }
    var ranked = counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
    if ranked.count > maxBins { ranked.removeLast(ranked.count - maxBins) }
    return ranked.map(\.key).sorted()
  }

  /// The category code of `value`: a non-negative integer below ``maximumCategoryCode``.
  @inline(__always)
  static func categoryCode(_ value: Double) -> Int? {
    guard value >= 0, value < Double(maximumCategoryCode), value == value.rounded(.down) else { return nil }
    return Int(value)
  }

  /// Bins the given rows of `x` (all rows when `rows` is nil), in that order, writing each row's
  /// joint bin per group of `groups` (built from ``binCounts``).
  func bin(_ x: FeatureMatrix, rows: [Int]? = nil, groups: FeatureGroups) -> BinnedMatrix {
    precondition(x.columnCount == columnCount)
    let rowCount = rows?.count ?? x.rowCount
    let columns = columnCount
    let groupCount = groups.groupCount
    var output = [UInt8](repeating: 0, count: rowCount * groupCount)
    // Category code -> bin lookup tables.
    let lookups: [[UInt8]] = (0..<columns).map { column in
      guard self.categorical[column], let largest = categoryCodes[column].last else { return [] }
      var table = [UInt8](repeating: 0, count: largest + 1)
      for (index, code) in categoryCodes[column].enumerated() { table[code] = UInt8(index + 1) }
      return table
    }
    let edges = self.edges
    let categorical = self.categorical
    let groupOfColumn = groups.groupOfColumn
    let strideOfColumn = groups.strideOfColumn
    x.values.withUnsafeBufferPointer { valueBuffer in
      output.withUnsafeMutableBufferPointer { outputBuffer in
        let (values, out) = (valueBuffer.baseAddress!, outputBuffer.baseAddress!)
        Parallel.map(rowCount, chunks: 2, minimumPerChunk: 10_000) { range in
          for position in range {
            let source = values + (rows?[position] ?? position) * columns
            let target = out + position * groupCount
            for column in 0..<columns {
              let value = source[column]
              var bin = 0
              if categorical[column] {
                let table = lookups[column]
                if let code = FeatureBinner.categoryCode(value), code < table.count { bin = Int(table[code]) }
              } else if !value.isNaN {
                bin = 1 + FeatureBinner.lowerBound(edges[column], value)
              }
              target[groupOfColumn[column]] &+= UInt8(truncatingIfNeeded: bin * strideOfColumn[column])
            }
          }
        }
      }
    }
    return BinnedMatrix(rowCount: rowCount, columnCount: groupCount, bins: output)
  }

  /// The number of `edges` below `value`.
  @inline(__always)
  static func lowerBound(_ edges: [Double], _ value: Double) -> Int {
    edges.withUnsafeBufferPointer { buffer in
      var low = 0
      var length = buffer.count
      while length > 0 {
        let half = length >> 1
        if buffer[low + half] < value {
          low += half + 1
          length -= half + 1
        } else {
          length = half
        }
      }
      return low
    }
  }
}
