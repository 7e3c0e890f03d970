/// Jaro–Winkler string similarity (0 = nothing in common, 1 = identical), for surnames.
public enum JaroWinkler {
  /// The similarity of two strings, compared as folded lowercase letters.
  public static func similarity(_ first: String, _ second: String) -> Double {
    similarity(PhoneticCode.letters(first), PhoneticCode.letters(second))
  }

  /// The similarity of two letter sequences; a common prefix of up to four letters is rewarded
  /// with the standard scaling factor 0.1.
  public static func similarity(_ first: [UInt8], _ second: [UInt8]) -> Double {
    if first.isEmpty || second.isEmpty { return first.isEmpty && second.isEmpty ? 1 : 0 }
    if first == second { return 1 }
    // Match flags live on the stack: this runs for millions of pairs.
    return withUnsafeTemporaryAllocation(of: Bool.self, capacity: first.count + second.count) { flags in
      flags.initialize(repeating: false)
      return similarity(first, second, firstMatched: flags.baseAddress!, secondMatched: flags.baseAddress! + first.count)
    }
  }

  private static func similarity(
    _ first: [UInt8], _ second: [UInt8], firstMatched: UnsafeMutablePointer<Bool>,
    secondMatched: UnsafeMutablePointer<Bool>
  ) -> Double {
    let window = max(0, max(first.count, second.count) / 2 - 1)
    var matches = 0
    for i in 0..<first.count {
      let low = max(0, i - window)
      let high = min(second.count - 1, i + window)
      guard low <= high else { continue }
      for j in low...high where !secondMatched[j] && first[i] == second[j] {
        firstMatched[i] = true
        secondMatched[j] = true
        matches += 1
        break
      }
    }
    guard matches > 0 else { return 0 }
    var transpositions = 0
    var j = 0
    for i in 0..<first.count where firstMatched[i] {
      while !secondMatched[j] { j += 1 }
      if first[i] != second[j] { transpositions += 1 }
      j += 1
    }
    let m = Double(matches)
    let jaro = (m / Double(first.count) + m / Double(second.count) + (m - Double(transpositions / 2)) / m) / 3
    var prefix = 0
    while prefix < min(4, first.count, second.count), first[prefix] == second[prefix] { prefix += 1 }
    return jaro + Double(prefix) * 0.1 * (1 - jaro)
  }
}
