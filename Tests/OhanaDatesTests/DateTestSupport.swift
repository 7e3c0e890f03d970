@testable import OhanaDates

/// JDN of a Gregorian date, shortened for expectations.
func gregorian(_ year: Int, _ month: Int, _ day: Int) -> Int32 {
  JulianDay.fromGregorian(year: year, month: month, day: day)
}

/// The inclusive range between two Gregorian days.
func days(_ first: (Int, Int, Int), _ last: (Int, Int, Int)) -> DayRange {
  DayRange(
    earliest: gregorian(first.0, first.1, first.2), latest: gregorian(last.0, last.1, last.2))
}
