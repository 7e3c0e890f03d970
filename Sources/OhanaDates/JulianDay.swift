/// Conversions between calendar dates and Julian Day Numbers (JDN), all proleptic.
///
/// A JDN counts days from 1 January 4713 BC (Julian); 1 January 2000 (Gregorian) is 2451545.
/// Years use astronomical numbering (1 BC is year 0, 2 BC is year -1). Months outside their
/// calendar's range and days outside their month are not rejected: the arithmetic simply
/// continues into neighbouring months, so callers validate first (the date parser does).
/// Results beyond the `Int32` range are clamped.
public enum JulianDay {
  /// JDN of a day in the Gregorian calendar (month 1 = January).
  public static func fromGregorian(year: Int, month: Int, day: Int) -> Int32 {
    let (y, m) = marchBasedYearAndMonth(year: year, month: month)
    let days =
      day + (153 * m + 2) / 5 + 365 * y + floorDivide(y, 4) - floorDivide(y, 100)
      + floorDivide(y, 400) - 32045
    return Int32(clamping: days)
  }

  /// JDN of a day in the Julian calendar (month 1 = January).
  public static func fromJulian(year: Int, month: Int, day: Int) -> Int32 {
    let (y, m) = marchBasedYearAndMonth(year: year, month: month)
    return Int32(clamping: day + (153 * m + 2) / 5 + 365 * y + floorDivide(y, 4) - 32083)
  }

  /// JDN of a day in the Hebrew calendar, months in GEDCOM order: 1 = Tishrei (TSH) through
  /// 13 = Elul (ELL), with 6 = Adar I in leap years / Adar in common years (ADR) and
  /// 7 = Adar II (ADS), which has no days in common years.
  public static func fromHebrew(year: Int, month: Int, day: Int) -> Int32 {
    let calendar = HebrewYear(year)
    var days = calendar.newYear
    for earlier in stride(from: 1, to: min(max(month, 1), 14), by: 1) {
      days += calendar.monthLength(earlier)
    }
    return Int32(clamping: days + day - 1)
  }

  /// JDN of a day in the French Republican calendar: months 1 = Vendémiaire (VEND) to
  /// 12 = Fructidor (FRUC), 13 = the complementary days (COMP).
  ///
  /// Year 1 began on 22 September 1792. Leap ("sextile") years are every fourth year starting
  /// with year 3, which matches the historical years 3, 7 and 11 and continues the same cycle.
  public static func fromFrenchRepublican(year: Int, month: Int, day: Int) -> Int32 {
    Int32(clamping: frenchYearStart(year) + (month - 1) * 30 + day - 1)
  }

  /// The proleptic Gregorian date of a JDN.
  public static func toGregorian(_ jdn: Int32) -> (year: Int, month: Int, day: Int) {
    let a = Int(jdn) + 32044
    let b = floorDivide(4 * a + 3, 146097)
    let c = a - floorDivide(146097 * b, 4)
    let d = floorDivide(4 * c + 3, 1461)
    let e = c - floorDivide(1461 * d, 4)
    let m = (5 * e + 2) / 153
    let day = e - (153 * m + 2) / 5 + 1
    let month = m + 3 - 12 * (m / 10)
    let year = 100 * b + d - 4800 + m / 10
    return (year, month, day)
  }

  /// JDN of the first day (1 Vendémiaire) of a French Republican year.
  static func frenchYearStart(_ year: Int) -> Int {
    floorDivide(year * 1461, 4) + 2375475
  }

  /// Years counted from March 4801 BC and months counted from March, so that the leap day is
  /// the last day of the counting year; months outside 1...12 carry into the year first.
  private static func marchBasedYearAndMonth(year: Int, month: Int) -> (Int, Int) {
    let carriedYear = year + floorDivide(month - 1, 12)
    let normalMonth = floorModulo(month - 1, 12) + 1
    let beforeMarch = normalMonth < 3 ? 1 : 0
    return (carriedYear + 4800 - beforeMarch, normalMonth + 12 * beforeMarch - 3)
  }
}

/// Division rounding toward negative infinity (`divisor` must be positive).
func floorDivide(_ dividend: Int, _ divisor: Int) -> Int {
  dividend >= 0 ? dividend / divisor : -((divisor - 1 - dividend) / divisor)
}

/// Remainder with the sign of the (positive) divisor.
func floorModulo(_ dividend: Int, _ divisor: Int) -> Int {
  dividend - floorDivide(dividend, divisor) * divisor
}
