import Foundation

/// One tree of a random forest: nodes (child indices relative to the tree), the impurity decrease
/// of each split, and the prediction for each out-of-bag row.
struct ForestTree: Sendable {
  var nodes: [TreeNode]
  var gains: [(feature: Int, gain: Double)]
  var outOfBag: [(row: Int32, value: Double)]
}

/// How the trees of a forest grow.
struct ForestTreeOptions {
  var criterion: RandomForest.SplitCriterion
  var maxDepth: Int
  var minSamplesLeaf: Int
  var featuresPerNode: Int
}

/// Grows CART classification trees (Gini or entropy) on pre-binned columns for a random forest:
/// a bootstrap sample per tree, a fresh random subset of columns at every node, depth first.
///
/// Rows hold the joint bins of feature groups (``FeatureGroups``: a few bytes per row), padded to
/// whole 8-byte words, so one pass over a node's rows fills the histograms of all the columns
/// drawn for it; a 256-entry table per column decodes its bin. Each tree keeps its own copy of its
/// rows' bins and moves them with the rows when a node is split, so every pass reads memory in
/// order rather than hopping around the table. Out-of-bag rows are routed down with the in-bag
/// ones, which gives their predictions without a separate traversal. Histograms sum `Weights`:
/// integer draw counts when every row weighs 1, `Double` pairs otherwise. Columns found constant
/// in a node are remembered for its subtree and never histogrammed there again. One grower per
/// worker; it owns its buffers.
final class ForestTreeGrower<Weights: ForestWeights> {
  /// Nodes with fewer rows than this fill histograms one column at a time, touching only the
  /// bins they use.
  static var smallNode: Int { 64 }

  let rowCount: Int
  let columnCount: Int
  let options: ForestTreeOptions
  let binner: FeatureBinner
  let binCounts: [Int]
  /// Row-major joint bins: the group of column `c` for row `r` at `r * rowBytes + slots[c]`.
  private let tableBins: UnsafeMutablePointer<UInt8>
  /// Bytes per row: the groups rounded up to whole words.
  let rowBytes: Int
  let slots: [Int]
  /// Column `c`'s bin for joint bin `j` of its group at `c * 256 + j`.
  private let decode: UnsafeMutablePointer<UInt8>
  let labels: [Bool]
  let baseWeights: [Double]
  /// Whether rows must be counted: a positive weight already proves a side is non-empty.
  private let countsRows: Bool

  /// (positive weight, weight) and bins of the in-bag rows, node after node.
  private let sums: UnsafeMutablePointer<Weights>
  private let sumScratch: UnsafeMutablePointer<Weights>
  private let rowBins: UnsafeMutablePointer<UInt8>
  /// Row numbers and bins of the out-of-bag rows, node after node.
  private let outOfBagRows: UnsafeMutablePointer<Int32>
  private let outOfBagBins: UnsafeMutablePointer<UInt8>
  private let scratch: UnsafeMutablePointer<Int32>
  private let binScratch: UnsafeMutablePointer<UInt8>
  private let draws: UnsafeMutablePointer<Int32>
  /// One 256-bin histogram (and row counts) per column drawn at a node; kept zeroed between uses.
  private let histograms: UnsafeMutablePointer<Weights>
  private let histogramCounts: UnsafeMutablePointer<Int32>
  /// The bins present in the node, ascending.
  private let touched: UnsafeMutablePointer<Int32>
  private let drawnSlots: UnsafeMutablePointer<Int>
  /// Small nodes: the bins each drawn column touches, in order of first touch.
  private let touchedLists: UnsafeMutablePointer<Int32>
  private let touchedCounts: UnsafeMutablePointer<Int>
  private let drawnDecode: UnsafeMutablePointer<Int>
  /// The drawn columns not yet known to be constant in the node.
  private let candidates: UnsafeMutablePointer<Int>
  /// 64-bit words of a column set.
  private let constantWordCount: Int

  init(
    bins: UnsafePointer<UInt8>, groups: FeatureGroups, rowCount: Int, binner: FeatureBinner,
    labels: [Bool],
    weights: [Double], options: ForestTreeOptions
  ) {
    self.rowCount = rowCount
    columnCount = binner.columnCount
    self.options = options
    self.binner = binner
    binCounts = binner.binCounts
    slots = groups.groupOfColumn
    rowBytes = 8 * ((groups.groupCount + 7) / 8)
    let capacity = max(1, rowCount)
    tableBins = .allocate(capacity: capacity * rowBytes)
    tableBins.initialize(repeating: 0, count: capacity * rowBytes)
    for row in 0..<rowCount {
      (tableBins + row * rowBytes).update(from: bins + row * groups.groupCount, count: groups.groupCount)
    }
    decode = .allocate(capacity: 256 * max(1, binner.columnCount))
    decode.initialize(repeating: 0, count: 256 * max(1, binner.columnCount))
    for column in 0..<binner.columnCount {
      let table = groups.decode[column]
      for code in 0..<256 {
        let bin = table.isEmpty ? UInt8(truncatingIfNeeded: code) : (code < table.count ? table[code] : 0)
        decode[column * 256 + code] = bin
      }
    }
    self.labels = labels
    baseWeights = weights
    countsRows = options.minSamplesLeaf > 1 || weights.contains { $0 <= 0 }
    sums = .allocate(capacity: capacity)
    sumScratch = .allocate(capacity: capacity)
    rowBins = .allocate(capacity: capacity * rowBytes)
    outOfBagRows = .allocate(capacity: capacity)
    outOfBagBins = .allocate(capacity: capacity * rowBytes)
    scratch = .allocate(capacity: capacity)
    binScratch = .allocate(capacity: capacity * rowBytes)
    draws = .allocate(capacity: capacity)
    let histogramCapacity = 256 * max(1, options.featuresPerNode)
    histograms = .allocate(capacity: histogramCapacity)
    histograms.initialize(repeating: .zero, count: histogramCapacity)
    histogramCounts = .allocate(capacity: histogramCapacity)
    histogramCounts.initialize(repeating: 0, count: histogramCapacity)
    touched = .allocate(capacity: 256)
    drawnSlots = .allocate(capacity: max(1, options.featuresPerNode))
    touchedLists = .allocate(capacity: Self.smallNode * max(1, options.featuresPerNode))
    touchedCounts = .allocate(capacity: max(1, options.featuresPerNode))
    drawnDecode = .allocate(capacity: max(1, options.featuresPerNode))
    candidates = .allocate(capacity: max(1, options.featuresPerNode))
    constantWordCount = (binner.columnCount + 63) / 64
  }

  deinit {
    decode.deallocate()
    sums.deallocate()
    sumScratch.deallocate()
    tableBins.deallocate()
    rowBins.deallocate()
    outOfBagRows.deallocate()
    outOfBagBins.deallocate()
    scratch.deallocate()
    binScratch.deallocate()
    draws.deallocate()
    histograms.deallocate()
    histogramCounts.deallocate()
    touched.deallocate()
    drawnSlots.deallocate()
    touchedLists.deallocate()
    touchedCounts.deallocate()
    drawnDecode.deallocate()
    candidates.deallocate()
  }

  private struct Node {
    var begin: Int
    var count: Int
    var outOfBagBegin: Int
    var outOfBagCount: Int
    var depth: Int
    var index: Int
    var totals: SIMD2<Double>
  }

  private struct Split {
    var gain = -Double.infinity
    var feature = -1
    var threshold = 0
    var missingLeft = false
    var left = SIMD2<Double>(0, 0)
    var right = SIMD2<Double>(0, 0)
  }

  /// Grows the tree of the bootstrap sample drawn by `generator`.
  func grow(generator: inout SplitMix64) -> ForestTree {
    // Bootstrap: n draws with replacement; each row weighs its base weight times its draws.
    draws.update(repeating: 0, count: rowCount)
    for _ in 0..<rowCount { draws[generator.below(rowCount)] &+= 1 }
    var inBag = 0
    var outOfBag = 0
    var totals = SIMD2<Double>(0, 0)
    for row in 0..<rowCount {
      if draws[row] > 0 {
        let weights = Weights(weight: baseWeights[row], draws: draws[row], positive: labels[row])
        sums[inBag] = weights
        totals += weights.sums
        copyRow(from: tableBins + row &* rowBytes, to: rowBins + inBag &* rowBytes)
        inBag += 1
      } else {
        outOfBagRows[outOfBag] = Int32(row)
        copyRow(from: tableBins + row &* rowBytes, to: outOfBagBins + outOfBag &* rowBytes)
        outOfBag += 1
      }
    }
    var nodes: [TreeNode] = [.leaf(0)]
    var gains: [(feature: Int, gain: Double)] = []
    var predictions: [(row: Int32, value: Double)] = []
    predictions.reserveCapacity(outOfBag)
    var features = Array(0..<columnCount)
    // The columns known to be constant in each node of the stack, `constantWordCount` words per
    // stack position: a column constant in a node is constant in all its descendants, so its
    // histogram is never built again below it (the draws stay the same, so the tree does too).
    var constants = [UInt64](repeating: 0, count: 2 * constantWordCount)
    var stack = [
      Node(
        begin: 0, count: inBag, outOfBagBegin: 0, outOfBagCount: outOfBag, depth: 0, index: 0, totals: totals)
    ]
    while let node = stack.popLast() {
      let words = stack.count * constantWordCount
      let split = constants.withUnsafeMutableBufferPointer { buffer in
        bestSplit(node, features: &features, constants: buffer.baseAddress! + words, generator: &generator)
      }
      guard split.feature >= 0 else {
        let value = node.totals.y > 0 ? node.totals.x / node.totals.y : 0
        nodes[node.index].value = value
        for position in node.outOfBagBegin..<(node.outOfBagBegin + node.outOfBagCount) {
          predictions.append((outOfBagRows[position], value))
        }
        continue
      }
      let leftCount = partition(
        rowBins, begin: node.begin, count: node.count, split: split, sums: sums, rows: nil)
      let leftOutOfBag = partition(
        outOfBagBins, begin: node.outOfBagBegin, count: node.outOfBagCount, split: split, sums: nil,
        rows: outOfBagRows)
      let leftIndex = nodes.count
      nodes.append(.leaf(0))
      nodes.append(.leaf(0))
      let edges = binner.edges[split.feature]
      nodes[node.index] = .numeric(
        column: split.feature, left: leftIndex, missingLeft: split.missingLeft,
        threshold: split.threshold - 1 < edges.count ? edges[split.threshold - 1] : .infinity)
      gains.append((split.feature, max(0, split.gain)))
      // Both children inherit the node's constant columns: the right one in place, the left one
      // at the next stack position.
      if constants.count < words + 2 * constantWordCount {
        constants.append(contentsOf: repeatElement(0, count: constants.count))
      }
      for word in 0..<constantWordCount {
        constants[words + constantWordCount + word] = constants[words + word]
      }
      // Push right first so the left subtree is grown first.
      stack.append(
        Node(
          begin: node.begin + leftCount, count: node.count - leftCount,
          outOfBagBegin: node.outOfBagBegin + leftOutOfBag, outOfBagCount: node.outOfBagCount - leftOutOfBag,
          depth: node.depth + 1, index: leftIndex + 1, totals: split.right))
      stack.append(
        Node(
          begin: node.begin, count: leftCount, outOfBagBegin: node.outOfBagBegin, outOfBagCount: leftOutOfBag,
          depth: node.depth + 1, index: leftIndex, totals: split.left))
    }
    return ForestTree(nodes: nodes, gains: gains, outOfBag: predictions)
  }

  /// Copies one row's padded bins, a word at a time.
  @inline(__always)
  private func copyRow(from source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>) {
    for offset in stride(from: 0, to: rowBytes, by: 8) {
      UnsafeMutableRawPointer(target).storeBytes(
        of: UnsafeRawPointer(source).loadUnaligned(fromByteOffset: offset, as: UInt64.self),
        toByteOffset: offset,
        as: UInt64.self)
    }
  }

  /// Stable partition of the rows at `begin..<begin+count` of `bins` (and of `sums` or `rows`,
  /// kept aligned with them) by the split; returns the left count.
  private func partition(
    _ bins: UnsafeMutablePointer<UInt8>, begin: Int, count: Int, split: Split,
    sums: UnsafeMutablePointer<Weights>?, rows: UnsafeMutablePointer<Int32>?
  ) -> Int {
    let slot = slots[split.feature]
    let rowBytes = self.rowBytes
    let table = decode + split.feature &* 256
    let threshold = split.threshold
    let missingLeft = split.missingLeft ? 1 : 0
    var write = begin
    var rightCount = 0
    for position in begin..<(begin + count) {
      let source = bins + position &* rowBytes
      let bin = Int(table[Int(source[slot])])
      let left = bin == 0 ? missingLeft : (bin <= threshold ? 1 : 0)
      // Every row is written to both places; the counters decide which copy survives.
      copyRow(from: source, to: bins + write &* rowBytes)
      copyRow(from: source, to: binScratch + rightCount &* rowBytes)
      if let sums {
        let value = sums[position]
        sums[write] = value
        sumScratch[rightCount] = value
      }
      if let rows {
        let row = rows[position]
        rows[write] = row
        scratch[rightCount] = row
      }
      write &+= left
      rightCount &+= 1 &- left
    }
    (bins + write &* rowBytes).update(from: binScratch, count: rightCount &* rowBytes)
    if let sums { (sums + write).update(from: sumScratch, count: rightCount) }
    if let rows { (rows + write).update(from: scratch, count: rightCount) }
    return write - begin
  }

  /// Whether a node's positive weight share is 0 or 1 (up to rounding).
  private static func isPure(_ totals: SIMD2<Double>) -> Bool {
    totals.x <= 1e-12 * totals.y || totals.x >= totals.y * (1 - 1e-12)
  }

  /// The best Gini split over random columns, drawn without replacement: `featuresPerNode` of
  /// them, and more while every column drawn is constant in the node (as scikit-learn does). Any
  /// admissible split is taken, even without a gain, so trees grow until leaves are pure.
  ///
  /// Columns in `constants` are skipped (they cannot split) and columns found constant are added.
  private func bestSplit(
    _ node: Node, features: inout [Int], constants: UnsafeMutablePointer<UInt64>, generator: inout SplitMix64
  ) -> Split {
    var best = Split()
    guard node.depth < options.maxDepth, node.count >= 2 * options.minSamplesLeaf, !Self.isPure(node.totals)
    else {
      return best
    }
    let first = min(options.featuresPerNode, columnCount)
    for position in 0..<first {
      features.swapAt(position, position + generator.below(columnCount - position))
    }
    @inline(__always) func isConstant(_ column: Int) -> Bool {
      constants[column >> 6] & (1 << UInt64(column & 63)) != 0
    }
    var count = 0
    for position in 0..<first where !isConstant(features[position]) {
      candidates[count] = features[position]
      count += 1
    }
    var varying =
      count == 0
      ? 0
      : evaluateTogether(
        UnsafeBufferPointer(start: candidates, count: count), node: node, constants: constants, best: &best)
    var position = first
    while varying == 0, position < columnCount {
      features.swapAt(position, position + generator.below(columnCount - position))
      let column = features[position]
      if !isConstant(column) {
        if evaluateAlone(column, node: node, best: &best) {
          varying += 1
        } else {
          constants[column >> 6] |= 1 << UInt64(column & 63)
        }
      }
      position += 1
    }
    return best
  }

  /// Fills the histograms of several columns in one pass over the node's rows, then scans each;
  /// returns how many columns vary in the node and adds the others to `constants`.
  private func evaluateTogether(
    _ drawn: UnsafeBufferPointer<Int>, node: Node, constants: UnsafeMutablePointer<UInt64>, best: inout Split
  ) -> Int {
    let count = drawn.count
    for index in 0..<count {
      drawnSlots[index] = slots[drawn[index]]
      drawnDecode[index] = drawn[index] << 8
    }
    let rowBytes = self.rowBytes
    let decode = self.decode
    if node.count < Self.smallNode {
      return evaluateSmall(count: count, drawn: drawn, node: node, constants: constants, best: &best)
    }
    for position in node.begin..<(node.begin + node.count) {
      let rowBins = self.rowBins + position &* rowBytes
      let value = sums[position]
      for index in 0..<count {
        let code = Int(rowBins[drawnSlots[index]])
        let bin = (index &<< 8) &+ Int(decode[drawnDecode[index] &+ code])
        histograms[bin] += value
        if countsRows { histogramCounts[bin] &+= 1 }
      }
    }
    var varying = 0
    for index in 0..<count {
      let histogram = histograms + (index << 8)
      let counts = histogramCounts + (index << 8)
      var distinct = 0
      for bin in 0..<binCounts[drawn[index]] where histogram[bin].sums.y > 0 || counts[bin] > 0 {
        touched[distinct] = Int32(bin)
        distinct += 1
      }
      if scanAndClear(
        drawn[index], histogram: histogram, counts: counts, distinct: distinct, node: node, best: &best)
      {
        varying += 1
      } else {
        constants[drawn[index] >> 6] |= 1 << UInt64(drawn[index] & 63)
      }
    }
    return varying
  }

  /// ``evaluateTogether`` for small nodes: histograms record the bins they touch, so clearing and
  /// scanning cost O(rows) rather than O(bins).
  private func evaluateSmall(
    count: Int, drawn: UnsafeBufferPointer<Int>, node: Node, constants: UnsafeMutablePointer<UInt64>,
    best: inout Split
  ) -> Int {
    let rowBytes = self.rowBytes
    let decode = self.decode
    touchedCounts.update(repeating: 0, count: count)
    for position in node.begin..<(node.begin + node.count) {
      let rowBins = self.rowBins + position &* rowBytes
      let value = sums[position]
      for index in 0..<count {
        let code = Int(rowBins[drawnSlots[index]])
        let bin = Int(decode[drawnDecode[index] &+ code])
        let slot = (index &<< 8) &+ bin
        if histogramCounts[slot] == 0 {
          touchedLists[index &* Self.smallNode &+ touchedCounts[index]] = Int32(bin)
          touchedCounts[index] &+= 1
        }
        histograms[slot] += value
        histogramCounts[slot] &+= 1
      }
    }
    var varying = 0
    for index in 0..<count {
      let distinct = touchedCounts[index]
      let list = touchedLists + index * Self.smallNode
      // Insertion sort of the (few) bins present.
      for position in 0..<distinct {
        let value = list[position]
        var slot = position
        while slot > 0, touched[slot - 1] > value {
          touched[slot] = touched[slot - 1]
          slot -= 1
        }
        touched[slot] = value
      }
      if scanAndClear(
        drawn[index], histogram: histograms + (index << 8), counts: histogramCounts + (index << 8),
        distinct: distinct, node: node, best: &best)
      {
        varying += 1
      } else {
        constants[drawn[index] >> 6] |= 1 << UInt64(drawn[index] & 63)
      }
    }
    return varying
  }

  /// Fills one column's histogram touching only the bins present; returns whether the column
  /// varies in the node.
  private func evaluateAlone(_ feature: Int, node: Node, best: inout Split) -> Bool {
    let column = rowBins + slots[feature]
    let rowBytes = self.rowBytes
    let table = decode + feature &* 256
    var distinct = 0
    for position in node.begin..<(node.begin + node.count) {
      let bin = Int(table[Int(column[position &* rowBytes])])
      if histogramCounts[bin] == 0 {
        touched[distinct] = Int32(bin)
        distinct += 1
      }
      histograms[bin] += sums[position]
      histogramCounts[bin] &+= 1
    }
    // Insertion sort of the (few) bins present.
    for index in 1..<max(1, distinct) {
      let value = touched[index]
      var slot = index
      while slot > 0, touched[slot - 1] > value {
        touched[slot] = touched[slot - 1]
        slot -= 1
      }
      touched[slot] = value
    }
    return scanAndClear(
      feature, histogram: histograms, counts: histogramCounts, distinct: distinct, node: node, best: &best)
  }

  /// The part of a split's gain contributed by one side with (positive weight, weight) `sums`:
  /// `P²/W` for Gini (half the decrease of weighted Gini impurity), `P ln(P/W) + N ln(N/W)` for
  /// log loss (the decrease of weighted entropy, in nats).
  @inline(__always)
  private func score(_ sums: SIMD2<Double>) -> Double {
    switch options.criterion {
    case .gini:
      return sums.x * sums.x / sums.y
    case .logLoss:
      let negative = sums.y - sums.x
      return (sums.x > 0 ? sums.x * log(sums.x) : 0) + (negative > 0 ? negative * log(negative) : 0)
        - sums.y * log(sums.y)
    }
  }

  /// Scans thresholds between the node's distinct bins (ascending in `touched`), trying missing
  /// values on both sides, then zeroes those bins; returns whether the column varies.
  private func scanAndClear(
    _ feature: Int, histogram: UnsafeMutablePointer<Weights>, counts: UnsafeMutablePointer<Int32>,
    distinct: Int, node: Node, best: inout Split
  ) -> Bool {
    defer {
      for index in 0..<distinct {
        let bin = Int(touched[index])
        histogram[bin] = .zero
        counts[bin] = 0
      }
    }
    guard distinct > 1 else { return false }
    // Without row counts (every weight positive, one row per leaf allowed), a present bin counts
    // as one row: enough to prove a side non-empty.
    let exact = countsRows || counts[Int(touched[0])] > 0
    let totals = node.totals
    let parentScore = score(totals)
    let minimum = options.minSamplesLeaf
    let hasMissing = touched[0] == 0
    let missing = hasMissing ? histogram[0].sums : SIMD2(0, 0)
    let missingCount = hasMissing ? (exact ? Int(counts[0]) : 1) : 0
    var left = SIMD2<Double>(0, 0)
    var leftCount = 0
    for index in (hasMissing ? 1 : 0)..<distinct {
      let bin = Int(touched[index])
      left += histogram[bin].sums
      leftCount += exact ? Int(counts[bin]) : 1
      let later = distinct - index - 1
      // Missing values go right.
      let right = totals - left
      let rightCount = exact ? node.count - leftCount : later + (hasMissing ? 1 : 0)
      if leftCount >= minimum, rightCount >= minimum, left.y > 0, right.y > 0 {
        let gain = score(left) + score(right) - parentScore
        if gain > best.gain {
          best = Split(
            gain: gain, feature: feature, threshold: bin, missingLeft: !hasMissing && left.y >= right.y,
            left: left,
            right: right)
        }
      }
      // Missing values go left.
      if hasMissing {
        let withMissing = left + missing
        let rest = totals - withMissing
        let withCount = leftCount + missingCount
        let restCount = exact ? node.count - withCount : later
        if withCount >= minimum, restCount >= minimum, withMissing.y > 0, rest.y > 0 {
          let gain = score(withMissing) + score(rest) - parentScore
          if gain > best.gain {
            best = Split(
              gain: gain, feature: feature, threshold: bin, missingLeft: true, left: withMissing, right: rest)
          }
        }
      }
    }
    return true
  }
}
