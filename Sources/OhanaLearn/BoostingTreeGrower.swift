import OhanaParallel

/// The best split found for a leaf.
struct LeafSplit {
  var gain = 0.0
  var feature = -1
  /// Numeric: the largest value bin going left.
  var threshold = 0
  var missingLeft = false
  var categorical = false
  /// Categorical: the bins going left.
  var mask = BinMask()
  var leftSums = SIMD2<Double>(0, 0)
  var rightSums = SIMD2<Double>(0, 0)

  var isValid: Bool { feature >= 0 }
}

/// One tree grown by ``BoostingTreeGrower``: its nodes (child indices relative to the tree), the
/// row range and value of each leaf, and the gain of each split per feature.
struct GrownTree {
  var nodes: [TreeNode]
  var categoryWords: [UInt64]
  var leaves: [(begin: Int, count: Int, value: Double)]
  var gains: [(feature: Int, gain: Double)]
}

/// Grows regression trees on gradient/hessian histograms of pre-binned features, best leaf first
/// (the leaf whose split gains most is split next), as LightGBM does.
///
/// Joint bins of feature groups are stored row-major as `UInt8`s, so building a histogram reads
/// each row's bins from one cache line with one update per group; only the smaller child of a
/// split is scanned and the larger one is the parent's histogram minus it. The grower owns raw
/// buffers reused by every tree of a fit.
final class BoostingTreeGrower {
  struct Options {
    var maxLeaves: Int
    var minSamplesLeaf: Int
    var minHessianLeaf: Double
    var l2: Double
    var minGainToSplit: Double
    var learningRate: Double
    /// Added to the hessian when ordering categories.
    var categorySmoothing: Double
  }

  let rowCount: Int
  let columnCount: Int
  let options: Options
  let binner: FeatureBinner
  let groups: FeatureGroups
  let totalBins: Int

  /// Gradient and hessian of each row, set by the caller before each tree.
  let gradients: UnsafeMutablePointer<SIMD2<Double>>
  private let bins: UnsafeMutablePointer<UInt8>
  /// The same joint bins column-major, for partitioning (rows of a leaf are read in order).
  private let columnBins: UnsafeMutablePointer<UInt8>
  private let groupOffsets: UnsafeMutablePointer<Int32>
  private let rows: UnsafeMutablePointer<Int32>
  private let scratch: UnsafeMutablePointer<Int32>
  private let marginal: UnsafeMutablePointer<SIMD2<Double>>
  private var histograms: [UnsafeMutablePointer<SIMD2<Double>>] = []
  private var freeSlots: [Int] = []

  /// Rows from which histogram building is split across cores.
  static let parallelRows = 32_768

  init(binned: BinnedMatrix, binner: FeatureBinner, groups: FeatureGroups, options: Options) {
    rowCount = binned.rowCount
    columnCount = binner.columnCount
    self.options = options
    self.binner = binner
    self.groups = groups
    totalBins = groups.groupBinCounts.reduce(0, +)
    let binStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, binned.bins.count))
    binned.bins.withUnsafeBufferPointer { source in
      if let base = source.baseAddress { binStorage.initialize(from: base, count: source.count) }
    }
    bins = binStorage
    let groupCount = groups.groupCount
    let columnStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, binned.bins.count))
    for row in 0..<binned.rowCount {
      for group in 0..<groupCount {
        columnStorage[group &* binned.rowCount &+ row] = binStorage[row &* groupCount &+ group]
      }
    }
    columnBins = columnStorage
    groupOffsets = .allocate(capacity: max(1, groups.groupCount))
    var offset = 0
    for group in 0..<groups.groupCount {
      groupOffsets[group] = Int32(offset)
      offset += groups.groupBinCounts[group]
    }
    gradients = .allocate(capacity: max(1, rowCount))
    gradients.initialize(repeating: SIMD2(0, 0), count: max(1, rowCount))
    rows = .allocate(capacity: max(1, rowCount))
    scratch = .allocate(capacity: max(1, rowCount))
    marginal = .allocate(capacity: 256)
  }

  deinit {
    bins.deallocate()
    columnBins.deallocate()
    groupOffsets.deallocate()
    gradients.deallocate()
    rows.deallocate()
    scratch.deallocate()
    marginal.deallocate()
    for pointer in histograms { pointer.deallocate() }
  }

  private func takeSlot() -> Int {
    if let slot = freeSlots.popLast() { return slot }
    histograms.append(.allocate(capacity: max(1, totalBins)))
    return histograms.count - 1
  }

  private func releaseSlot(_ slot: Int) { freeSlots.append(slot) }

  private struct Leaf {
    var begin: Int
    var count: Int
    var sums: SIMD2<Double>
    var slot: Int
    var node: Int
    var split: LeafSplit
  }

  /// Grows one tree over all rows using the columns in `active` (ascending).
  func grow(active: [Int], totals: SIMD2<Double>) -> GrownTree {
    for index in 0..<rowCount { rows[index] = Int32(index) }
    let activeGroups = Array(Set(active.map { groups.groupOfColumn[$0] })).sorted()
    let allGroups = activeGroups.count == groups.groupCount
    var nodes: [TreeNode] = [.leaf(0)]
    var words: [UInt64] = []
    var gains: [(feature: Int, gain: Double)] = []
    var pending: [Leaf] = []
    var finished: [Leaf] = []

    let rootSlot = takeSlot()
    buildHistogram(slot: rootSlot, begin: 0, count: rowCount, groups: activeGroups, all: allGroups)
    var root = Leaf(begin: 0, count: rowCount, sums: totals, slot: rootSlot, node: 0, split: LeafSplit())
    root.split = bestSplit(slot: rootSlot, sums: totals, count: rowCount, active: active)
    admit(root, pending: &pending, finished: &finished)

    var leafCount = 1
    while leafCount < options.maxLeaves, !pending.isEmpty {
      // The pending leaf with the largest gain (the first one on ties).
      var bestIndex = 0
      for index in 1..<pending.count where pending[index].split.gain > pending[bestIndex].split.gain {
        bestIndex = index
      }
      let parent = pending.remove(at: bestIndex)
      let split = parent.split
      let leftCount = partition(parent, split: split)
      let rightCount = parent.count - leftCount
      let leftNode = nodes.count
      nodes.append(.leaf(0))
      nodes.append(.leaf(0))
      nodes[parent.node] = splitNode(split, left: leftNode, words: &words)
      gains.append((split.feature, split.gain))
      leafCount += 1

      var left = Leaf(
        begin: parent.begin, count: leftCount, sums: split.leftSums, slot: -1, node: leftNode,
        split: LeafSplit())
      var right = Leaf(
        begin: parent.begin + leftCount, count: rightCount, sums: split.rightSums, slot: -1,
        node: leftNode + 1,
        split: LeafSplit())
      let canSplitLeft = leftCount >= 2 * options.minSamplesLeaf
      let canSplitRight = rightCount >= 2 * options.minSamplesLeaf
      if (canSplitLeft || canSplitRight) && leafCount < options.maxLeaves {
        // Scan the smaller child; the larger is the parent minus it.
        let smallerIsLeft = leftCount <= rightCount
        let smallSlot = takeSlot()
        let small = smallerIsLeft ? left : right
        buildHistogram(
          slot: smallSlot, begin: small.begin, count: small.count, groups: activeGroups, all: allGroups)
        combine(into: parent.slot, smallSlot, groups: activeGroups, all: allGroups, sign: -1)
        left.slot = smallerIsLeft ? smallSlot : parent.slot
        right.slot = smallerIsLeft ? parent.slot : smallSlot
        if canSplitLeft {
          left.split = bestSplit(slot: left.slot, sums: left.sums, count: leftCount, active: active)
        }
        if canSplitRight {
          right.split = bestSplit(slot: right.slot, sums: right.sums, count: rightCount, active: active)
        }
      } else {
        releaseSlot(parent.slot)
      }
      admit(left, pending: &pending, finished: &finished)
      admit(right, pending: &pending, finished: &finished)
    }
    for leaf in pending {
      releaseSlot(leaf.slot)
      finished.append(leaf)
    }
    var leaves: [(begin: Int, count: Int, value: Double)] = []
    leaves.reserveCapacity(finished.count)
    for leaf in finished {
      let denominator = leaf.sums.y + options.l2
      let value = denominator > 0 ? -leaf.sums.x / denominator * options.learningRate : 0
      nodes[leaf.node].value = value
      leaves.append((leaf.begin, leaf.count, value))
    }
    return GrownTree(nodes: nodes, categoryWords: words, leaves: leaves, gains: gains)
  }

  /// Adds each leaf's value to the scores of the rows that reached it in the last grown tree.
  func addLeafValues(_ tree: GrownTree, to scores: UnsafeMutablePointer<Double>) {
    for leaf in tree.leaves {
      for position in leaf.begin..<(leaf.begin + leaf.count) { scores[Int(rows[position])] += leaf.value }
    }
  }

  /// Keeps a leaf pending when it has a split worth making, otherwise frees its histogram.
  private func admit(_ leaf: Leaf, pending: inout [Leaf], finished: inout [Leaf]) {
    if leaf.split.isValid && leaf.split.gain > options.minGainToSplit {
      pending.append(leaf)
    } else {
      if leaf.slot >= 0 { releaseSlot(leaf.slot) }
      finished.append(leaf)
    }
  }

  /// The node replacing a split leaf (children at `left` and `left + 1`).
  private func splitNode(_ split: LeafSplit, left: Int, words: inout [UInt64]) -> TreeNode {
    if split.categorical {
      let offset = words.count
      words.append(
        contentsOf: Self.categoryWords(codes: binner.categoryCodes[split.feature], mask: split.mask))
      return .categorical(
        column: split.feature, left: left, missingLeft: split.missingLeft, wordOffset: offset)
    }
    let edges = binner.edges[split.feature]
    let threshold = split.threshold - 1 < edges.count ? edges[split.threshold - 1] : .infinity
    return .numeric(column: split.feature, left: left, missingLeft: split.missingLeft, threshold: threshold)
  }

  /// `[w, left words, right words]` for the category codes of bins `1...` split by `mask`.
  static func categoryWords(codes: [Int], mask: BinMask) -> [UInt64] {
    let wordCount = (codes.last ?? 0) / 64 + 1
    var leftWords = [UInt64](repeating: 0, count: wordCount)
    var rightWords = [UInt64](repeating: 0, count: wordCount)
    for (index, code) in codes.enumerated() {
      let bit = UInt64(1) << UInt64(code & 63)
      if mask.contains(index + 1) { leftWords[code >> 6] |= bit } else { rightWords[code >> 6] |= bit }
    }
    return [UInt64(wordCount)] + leftWords + rightWords
  }

  /// Reorders the leaf's rows so those going left come first (stably); returns their count.
  private func partition(_ leaf: Leaf, split: LeafSplit) -> Int {
    let table = groups.jointTable(column: split.feature) { bin in
      if bin == 0 { return split.missingLeft }
      return split.categorical ? split.mask.contains(bin) : bin <= split.threshold
    }
    let column = columnBins + groups.groupOfColumn[split.feature] &* rowCount
    return table.withUnsafeBufferPointer { table in
      var write = leaf.begin
      var rightCount = 0
      for index in leaf.begin..<(leaf.begin + leaf.count) {
        let row = rows[index]
        let left = Int(table[Int(column[Int(row)])])
        rows[write] = row
        scratch[rightCount] = row
        write &+= left
        rightCount &+= 1 &- left
      }
      (rows + write).update(from: scratch, count: rightCount)
      return write - leaf.begin
    }
  }

  /// Fills histogram `slot` with the gradient and hessian sums of rows `begin..<begin+count`.
  private func buildHistogram(slot: Int, begin: Int, count: Int, groups active: [Int], all: Bool) {
    let sums = histograms[slot]
    clear(sums, groups: active, all: all)
    let context = HistogramContext(
      bins: bins, rows: rows, gradients: gradients, offsets: groupOffsets, groupCount: groups.groupCount)
    if count >= Self.parallelRows {
      let extra = takeSlot()
      let extraSums = histograms[extra]
      clear(extraSums, groups: active, all: all)
      let halves = [(rows: 0..<count / 2, sums: sums), (rows: count / 2..<count, sums: extraSums)]
      Parallel.map(halves.count) { half in
        let (rows, sums) = halves[half]
        context.accumulate(
          begin: begin + rows.lowerBound, end: begin + rows.upperBound, sums: sums, groups: active, all: all)
      }
      combine(into: slot, extra, groups: active, all: all, sign: 1)
      releaseSlot(extra)
    } else {
      context.accumulate(begin: begin, end: begin + count, sums: sums, groups: active, all: all)
    }
  }

  private func clear(_ sums: UnsafeMutablePointer<SIMD2<Double>>, groups active: [Int], all: Bool) {
    if all {
      sums.update(repeating: SIMD2(0, 0), count: totalBins)
    } else {
      for group in active {
        (sums + Int(groupOffsets[group])).update(repeating: SIMD2(0, 0), count: groups.groupBinCounts[group])
      }
    }
  }

  /// `slot += sign * other` over the active groups' bins.
  private func combine(into slot: Int, _ other: Int, groups active: [Int], all: Bool, sign: Double) {
    let sums = histograms[slot]
    let otherSums = histograms[other]
    func apply(_ start: Int, _ length: Int) {
      if sign > 0 {
        for index in start..<(start + length) { sums[index] += otherSums[index] }
      } else {
        for index in start..<(start + length) { sums[index] -= otherSums[index] }
      }
    }
    if all {
      apply(0, totalBins)
    } else {
      for group in active { apply(Int(groupOffsets[group]), groups.groupBinCounts[group]) }
    }
  }

  /// The histogram of one column in `slot`: its group's bins directly, or summed over the other
  /// members of a shared group into a scratch buffer.
  private func columnHistogram(slot: Int, column: Int) -> UnsafeMutablePointer<SIMD2<Double>> {
    let group = groups.groupOfColumn[column]
    let source = histograms[slot] + Int(groupOffsets[group])
    let decode = groups.decode[column]
    if decode.isEmpty { return source }
    marginal.update(repeating: SIMD2(0, 0), count: groups.binCounts[column])
    decode.withUnsafeBufferPointer { decode in
      for code in 0..<decode.count { marginal[Int(decode[code])] += source[code] }
    }
    return marginal
  }

  // MARK: - Split search

  @inline(__always)
  private func score(_ sums: SIMD2<Double>) -> Double {
    sums.x * sums.x / (sums.y + options.l2)
  }

  private func bestSplit(slot: Int, sums: SIMD2<Double>, count: Int, active: [Int]) -> LeafSplit {
    var best = LeafSplit()
    guard count >= 2 * options.minSamplesLeaf else { return best }
    let parentScore = score(sums)
    for feature in active {
      if binner.categorical[feature] {
        categoricalSplit(
          feature: feature, slot: slot, sums: sums, count: count, parentScore: parentScore, best: &best)
      } else {
        numericSplit(
          feature: feature, slot: slot, sums: sums, count: count, parentScore: parentScore, best: &best)
      }
    }
    return best
  }

  /// Whether both sides satisfy the leaf minimums. Row counts are estimated from hessian sums
  /// (`hessian * rows / total hessian` of the leaf), as LightGBM does, which keeps histograms to
  /// two sums per bin.
  @inline(__always)
  private func admissible(_ left: SIMD2<Double>, _ right: SIMD2<Double>, rowsPerHessian: Double) -> Bool {
    let minimum = Double(options.minSamplesLeaf) - 0.5
    return left.y >= options.minHessianLeaf && right.y >= options.minHessianLeaf
      && left.y * rowsPerHessian >= minimum && right.y * rowsPerHessian >= minimum
  }

  private func numericSplit(
    feature: Int, slot: Int, sums: SIMD2<Double>, count: Int, parentScore: Double, best: inout LeafSplit
  ) {
    let binCount = groups.binCounts[feature]
    guard binCount >= 2 else { return }
    let histogram = columnHistogram(slot: slot, column: feature)
    let rowsPerHessian = Double(count) / sums.y
    let missing = histogram[0]
    let hasMissing = missing.y > 0
    var left = SIMD2<Double>(0, 0)
    for threshold in 1..<binCount {
      let bin = histogram[threshold]
      if bin.y == 0 { continue }
      left += bin
      // Missing values go right.
      let right = sums - left
      if admissible(left, right, rowsPerHessian: rowsPerHessian) {
        let gain = score(left) + score(right) - parentScore
        if gain > best.gain {
          best = LeafSplit(
            gain: gain, feature: feature, threshold: threshold, missingLeft: !hasMissing && left.y >= right.y,
            categorical: false, mask: BinMask(), leftSums: left, rightSums: right)
        }
      }
      // Missing values go left.
      if hasMissing {
        let withMissing = left + missing
        let rest = sums - withMissing
        if admissible(withMissing, rest, rowsPerHessian: rowsPerHessian) {
          let gain = score(withMissing) + score(rest) - parentScore
          if gain > best.gain {
            best = LeafSplit(
              gain: gain, feature: feature, threshold: threshold, missingLeft: true, categorical: false,
              mask: BinMask(), leftSums: withMissing, rightSums: rest)
          }
        }
      }
    }
  }

  /// LightGBM's categorical split: categories ordered by gradient / (hessian + smoothing), then
  /// the best split of that order into a left prefix and a right suffix.
  private func categoricalSplit(
    feature: Int, slot: Int, sums: SIMD2<Double>, count: Int, parentScore: Double, best: inout LeafSplit
  ) {
    let binCount = groups.binCounts[feature]
    let histogram = columnHistogram(slot: slot, column: feature)
    let rowsPerHessian = Double(count) / sums.y
    var present: [(bin: Int, key: Double)] = []
    for bin in 0..<binCount where histogram[bin].y > 0 {
      let entry = histogram[bin]
      present.append((bin, entry.x / (entry.y + options.categorySmoothing)))
    }
    guard present.count >= 2 else { return }
    present.sort { $0.key < $1.key || ($0.key == $1.key && $0.bin < $1.bin) }
    var left = SIMD2<Double>(0, 0)
    var bestPrefix = -1
    var bestGain = best.gain
    var bestLeft = left
    for position in 0..<(present.count - 1) {
      left += histogram[present[position].bin]
      let right = sums - left
      guard admissible(left, right, rowsPerHessian: rowsPerHessian) else { continue }
      let gain = score(left) + score(right) - parentScore
      if gain > bestGain {
        bestGain = gain
        bestPrefix = position
        bestLeft = left
      }
    }
    guard bestPrefix >= 0 else { return }
    var mask = BinMask()
    var missingPresent = false
    var missingLeft = false
    for position in 0..<present.count {
      let bin = present[position].bin
      if bin == 0 {
        missingPresent = true
        missingLeft = position <= bestPrefix
      }
      if position <= bestPrefix { mask.insert(bin) }
    }
    let bestRight = sums - bestLeft
    if !missingPresent { missingLeft = bestLeft.y >= bestRight.y }
    best = LeafSplit(
      gain: bestGain, feature: feature, threshold: 0, missingLeft: missingLeft, categorical: true, mask: mask,
      leftSums: bestLeft, rightSums: bestRight)
  }
}

/// The pointers histogram building reads, bundled so concurrent workers can share them.
struct HistogramContext {
  let bins: UnsafePointer<UInt8>
  let rows: UnsafePointer<Int32>
  let gradients: UnsafePointer<SIMD2<Double>>
  let offsets: UnsafePointer<Int32>
  let groupCount: Int

  /// Adds rows `begin..<end` (positions in the row order) into `sums`, for the given groups.
  @inline(__always)
  func accumulate(
    begin: Int, end: Int, sums: UnsafeMutablePointer<SIMD2<Double>>, groups: [Int], all: Bool
  ) {
    let stride = groupCount
    // Rows of deep leaves are scattered: touching the bins and gradient of a row a few positions
    // ahead starts its cache misses early (a software prefetch).
    let lookahead = 12
    var touched: UInt8 = 0
    var touchedGradient = 0.0
    let prefetchEnd = max(begin, end - lookahead)
    if all {
      for position in begin..<end {
        if position < prefetchEnd {
          let ahead = Int(rows[position &+ lookahead])
          touched |= bins[ahead &* stride]
          touchedGradient += gradients[ahead].y
        }
        let row = Int(rows[position])
        let gradient = gradients[row]
        let rowBins = bins + row &* stride
        for group in 0..<stride { sums[Int(offsets[group]) &+ Int(rowBins[group])] += gradient }
      }
    } else {
      groups.withUnsafeBufferPointer { groups in
        for position in begin..<end {
          if position < prefetchEnd {
            let ahead = Int(rows[position &+ lookahead])
            touched |= bins[ahead &* stride]
            touchedGradient += gradients[ahead].y
          }
          let row = Int(rows[position])
          let gradient = gradients[row]
          let rowBins = bins + row &* stride
          for group in groups { sums[Int(offsets[group]) &+ Int(rowBins[group])] += gradient }
        }
      }
    }
    // Keeps the look-ahead loads from being optimized away; never true for real data.
    if touched == 255 && touchedGradient == -1 { sums[0] += SIMD2(0, 0) }
  }
}
