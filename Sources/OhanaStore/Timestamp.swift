#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// UTC timestamps in ISO 8601 (`2026-11-22T23:58:49Z`), the form used in every file Ohana writes.
public enum Timestamp {
  /// Seconds since the epoch, now.
  public static func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }

  /// `seconds` since the epoch as ISO 8601 UTC, to the second.
  public static func iso8601(_ seconds: Double) -> String {
    var time = time_t(seconds.rounded(.down))
    var parts = tm()
    gmtime_r(&time, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
  }

  /// Reads back what ``iso8601(_:)`` writes (`2026-11-22T23:58:49Z`); nil for anything else.
  public static func parseISO8601(_ text: String) -> Double? {
    let digits = text.split(whereSeparator: { "-T:Z".contains($0) }).map { Int32($0) }
    guard text.utf8.count == 20, text.hasSuffix("Z"), digits.count == 6, digits.allSatisfy({ $0 != nil }) else {
      return nil
    }
    var parts = tm()
    parts.tm_year = digits[0]! - 1900
    parts.tm_mon = digits[1]! - 1
    parts.tm_mday = digits[2]!
    parts.tm_hour = digits[3]!
    parts.tm_min = digits[4]!
    parts.tm_sec = digits[5]!
    return Double(timegm(&parts))
  }

  /// Now, as ISO 8601 UTC.
  public static func nowISO8601() -> String { iso8601(now()) }
}
