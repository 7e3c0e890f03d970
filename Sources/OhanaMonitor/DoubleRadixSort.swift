/// Sorting of doubles in linear time: an LSD radix sort over their bit patterns.
///
/// Drift statistics on a million values are dominated by sorting; comparison sorts need
/// ~20 comparisons per value, the radix sort reads each value six times.
enum DoubleRadixSort {
  /// Below this many values the standard library's sort is faster than six radix passes.
  static let smallCount = 512

  /// The finite values of `values` in ascending order; NaN and infinities are dropped.
  static func sortedFinite(_ values: [Double]) -> [Double] {
    var keys = [UInt64](repeating: 0, count: values.count)
    var count = 0
    values.withUnsafeBufferPointer { values in
      keys.withUnsafeMutableBufferPointer { keys in
        for value in values where value.isFinite {
          keys[count] = key(value)
          count += 1
        }
      }
    }
    keys.removeLast(values.count - count)
    if count < smallCount { keys.sort() } else { sortKeys(&keys) }
    return keys.withUnsafeBufferPointer { keys in
      [Double](unsafeUninitializedCapacity: keys.count) { output, initialized in
        for index in keys.indices { output[index] = value(keys[index]) }
        initialized = keys.count
      }
    }
  }

  /// An unsigned key that orders like the double: negative values have all bits flipped, others
  /// only the sign bit (so -0.0 sorts just before +0.0, which compare equal anyway).
  @inline(__always) static func key(_ value: Double) -> UInt64 {
    let bits = value.bitPattern
    return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
  }

  @inline(__always) static func value(_ key: UInt64) -> Double {
    Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key)
  }

  private static let digitBits = 11
  private static let digitCount = 6  // 6 × 11 bits cover the 64-bit key
  private static let bucketCount = 1 << digitBits

  /// Sorts keys with one counting pass for all digits, then one scatter pass per digit whose
  /// values are not all the same.
  private static func sortKeys(_ keys: inout [UInt64]) {
    let count = keys.count
    let mask = UInt64(bucketCount - 1)
    var counts = [Int](repeating: 0, count: digitCount * bucketCount)
    keys.withUnsafeBufferPointer { keys in
      counts.withUnsafeMutableBufferPointer { counts in
        for key in keys {
          counts[Int(key & mask)] += 1
          counts[bucketCount + Int((key >> 11) & mask)] += 1
          counts[2 * bucketCount + Int((key >> 22) & mask)] += 1
          counts[3 * bucketCount + Int((key >> 33) & mask)] += 1
          counts[4 * bucketCount + Int((key >> 44) & mask)] += 1
          counts[5 * bucketCount + Int(key >> 55)] += 1
        }
      }
    }
    var spare = [UInt64](repeating: 0, count: count)
    var offsets = [Int](repeating: 0, count: bucketCount)
    for digit in 0..<digitCount {
      let base = digit * bucketCount
      // A digit shared by every key leaves the order unchanged.
      if counts[base..<(base + bucketCount)].contains(count) { continue }
      var running = 0
      for bucket in 0..<bucketCount {
        offsets[bucket] = running
        running += counts[base + bucket]
      }
      let shift = UInt64(digit * digitBits)
      keys.withUnsafeBufferPointer { source in
        spare.withUnsafeMutableBufferPointer { target in
          offsets.withUnsafeMutableBufferPointer { offsets in
            for key in source {
              let bucket = Int((key >> shift) & mask)
              target[offsets[bucket]] = key
              offsets[bucket] += 1
            }
          }
        }
      }
      swap(&keys, &spare)
    }
  }
}
