/// Quantiles of unsorted values without sorting them: a radix selection over the values'
/// order-preserving bit patterns, 16 bits at a time, keeping only the buckets that hold a wanted
/// rank. Two passes over a million values instead of a sort.
enum QuantileSelection {
  /// numpy's default (`method='linear'`) quantiles of the finite values of `values` at each
  /// probability in [0, 1], or `nil` when there is no finite value.
  static func quantiles(_ values: [Double], at probabilities: [Double]) -> [Double]? {
    var keys = [UInt64]()
    keys.reserveCapacity(values.count)
    for value in values where value.isFinite { keys.append(DoubleRadixSort.key(value)) }
    let count = keys.count
    guard count > 0 else { return nil }
    // Index (n − 1)·q, interpolated between its floor and the next order statistic.
    let positions = probabilities.map { Double(count - 1) * $0 }
    var wanted = Set<Int>()
    for position in positions {
      let below = min(Int(position.rounded(.down)), count - 1)
      wanted.insert(below)
      wanted.insert(min(below + 1, count - 1))
    }
    let ranks = wanted.sorted()
    let found = orderStatistics(keys, ranks: ranks, shift: 48)
    var byRank: [Int: Double] = [:]
    for (rank, key) in zip(ranks, found) { byRank[rank] = DoubleRadixSort.value(key) }
    return positions.map { position in
      let below = Int(position.rounded(.down))
      guard below < count - 1 else { return byRank[count - 1]! }
      return interpolate(byRank[below]!, byRank[below + 1]!, position - Double(below))
    }
  }

  /// numpy's `_lerp`, which computes from the nearer end so results stay inside [a, b].
  private static func interpolate(_ a: Double, _ b: Double, _ t: Double) -> Double {
    let difference = b - a
    return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
  }

  /// Small inputs are sorted outright; a 65,536-bucket histogram does not pay below this.
  private static let sortBelow = 4096

  /// The keys at the given ranks (ascending) of `keys` in sorted order, looking at the 16 bits
  /// from `shift` upward (all higher bits are equal within `keys`).
  static func orderStatistics(_ keys: [UInt64], ranks: [Int], shift: Int) -> [UInt64] {
    if keys.count <= sortBelow || shift < 0 {
      let sorted = keys.sorted()
      return ranks.map { sorted[$0] }
    }
    let bucketCount = 1 << 16
    var counts = [Int](repeating: 0, count: bucketCount)
    keys.withUnsafeBufferPointer { keys in
      counts.withUnsafeMutableBufferPointer { counts in
        for key in keys { counts[Int((key >> UInt64(shift)) & 0xFFFF)] += 1 }
      }
    }
    // Which bucket holds each rank, and the rank inside it.
    var groups: [(bucket: Int, ranks: [Int], results: [Int])] = []
    var bucket = 0
    var before = 0
    for (index, rank) in ranks.enumerated() {
      while before + counts[bucket] <= rank {
        before += counts[bucket]
        bucket += 1
      }
      if groups.last?.bucket == bucket {
        groups[groups.count - 1].ranks.append(rank - before)
        groups[groups.count - 1].results.append(index)
      } else {
        groups.append((bucket, [rank - before], [index]))
      }
    }
    // Gather the keys of the wanted buckets side by side into one buffer.
    var slotOfBucket = [Int32](repeating: -1, count: bucketCount)
    var offsets = [Int](repeating: 0, count: groups.count + 1)
    for (slot, group) in groups.enumerated() {
      slotOfBucket[group.bucket] = Int32(slot)
      offsets[slot + 1] = offsets[slot] + counts[group.bucket]
    }
    var gathered = [UInt64](repeating: 0, count: offsets[groups.count])
    var cursors = Array(offsets.dropLast())
    keys.withUnsafeBufferPointer { keys in
      slotOfBucket.withUnsafeBufferPointer { slotOfBucket in
        gathered.withUnsafeMutableBufferPointer { gathered in
          cursors.withUnsafeMutableBufferPointer { cursors in
            for key in keys {
              let slot = Int(slotOfBucket[Int((key >> UInt64(shift)) & 0xFFFF)])
              if slot >= 0 {
                gathered[cursors[slot]] = key
                cursors[slot] += 1
              }
            }
          }
        }
      }
    }
    var results = [UInt64](repeating: 0, count: ranks.count)
    for (slot, group) in groups.enumerated() {
      let part = Array(gathered[offsets[slot]..<offsets[slot + 1]])
      let found = orderStatistics(part, ranks: group.ranks, shift: shift - 16)
      for (result, key) in zip(group.results, found) { results[result] = key }
    }
    return results
  }
}
