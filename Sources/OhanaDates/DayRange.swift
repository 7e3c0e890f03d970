/// Inclusive range of Julian Day Numbers.
///
/// `Int32.min` as `earliest` or `Int32.max` as `latest` means the range is open (unbounded) at
/// that end, as for `BEF 1900` or `FROM 1900`.
public struct DayRange: Sendable, Hashable {
  /// First possible day (Julian Day Number), or `Int32.min` when open.
  public var earliest: Int32
  /// Last possible day (Julian Day Number), or `Int32.max` when open.
  public var latest: Int32

  /// A range from `earliest` through `latest`, both inclusive.
  public init(earliest: Int32, latest: Int32) {
    self.earliest = earliest
    self.latest = latest
  }

  /// A range of exactly one day.
  public init(day: Int32) {
    self.init(earliest: day, latest: day)
  }

  /// Whether the earliest end is unbounded.
  public var isOpenAtStart: Bool { earliest == Int32.min }

  /// Whether the latest end is unbounded.
  public var isOpenAtEnd: Bool { latest == Int32.max }

  /// Whether the two ranges share at least one day.
  public func overlaps(_ other: DayRange) -> Bool {
    earliest <= other.latest && other.earliest <= latest
  }

  /// Whether every day of this range comes before every day of `other`.
  public func isCertainlyBefore(_ other: DayRange) -> Bool {
    latest < other.earliest
  }

  /// The day halfway between the ends (rounded down), or nil if either end is open.
  public var midpoint: Int32? {
    guard !isOpenAtStart, !isOpenAtEnd else { return nil }
    return Int32((Int64(earliest) + Int64(latest)) >> 1)
  }

  /// Proleptic Gregorian years (astronomical numbering) of the two ends; nil for an open end.
  public var yearRange: (earliest: Int?, latest: Int?) {
    let first = isOpenAtStart ? nil : JulianDay.toGregorian(earliest).year
    let last = isOpenAtEnd ? nil : JulianDay.toGregorian(latest).year
    return (first, last)
  }

  /// This range widened by `days` at each bounded end, saturating instead of overflowing.
  func widened(by days: Int32) -> DayRange {
    DayRange(
      earliest: isOpenAtStart ? earliest : earliest.subtractingSaturated(days),
      latest: isOpenAtEnd ? latest : latest.addingSaturated(days))
  }
}

extension Int32 {
  /// Adds without trapping, stopping one short of `Int32.max`, which means "open".
  func addingSaturated(_ other: Int32) -> Int32 {
    let (sum, overflow) = addingReportingOverflow(other)
    return overflow || sum == .max ? .max - 1 : sum
  }

  /// Subtracts without trapping, stopping one short of `Int32.min`, which means "open".
  func subtractingSaturated(_ other: Int32) -> Int32 {
    let (difference, overflow) = subtractingReportingOverflow(other)
    return overflow || difference == .min ? .min + 1 : difference
  }
}
