/// Calendar facts the date parser needs: month lengths, month names and the day spans of
/// years, months and days, for the four interpreted calendars.
enum CalendarRules {
  private static let gregorianMonthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

  private static let gregorianMonthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  private static let hebrewMonthNames = [
    "Tishrei", "Heshvan", "Kislev", "Tevet", "Shevat", "Adar (I)", "Adar II", "Nisan", "Iyar",
    "Sivan", "Tammuz", "Av", "Elul",
  ]

  private static let frenchMonthNames = [
    "Vendemiaire", "Brumaire", "Frimaire", "Nivose", "Pluviose", "Ventose", "Germinal",
    "Floreal", "Prairial", "Messidor", "Thermidor", "Fructidor", "the complementary days of",
  ]

  /// Days in `month` of `year`; 0 when the month does not exist in that year (Adar II in a
  /// Hebrew common year) or in the calendar.
  static func daysInMonth(_ calendar: CalendarKind, year: Int, month: Int) -> Int {
    switch calendar {
    case .gregorian, .julian:
      guard (1...12).contains(month) else { return 0 }
      if month == 2 && isLeapYear(calendar, year) { return 29 }
      return gregorianMonthLengths[month - 1]
    case .hebrew:
      return HebrewYear(year).monthLength(month)
    case .frenchRepublican:
      guard (1...13).contains(month) else { return 0 }
      if month < 13 { return 30 }
      return JulianDay.frenchYearStart(year + 1) - JulianDay.frenchYearStart(year) - 360
    case .unknown:
      return 0
    }
  }

  /// The English name of a month for problem messages.
  static func monthName(_ calendar: CalendarKind, month: Int) -> String {
    let names: [String]
    switch calendar {
    case .gregorian, .julian: names = gregorianMonthNames
    case .hebrew: names = hebrewMonthNames
    case .frenchRepublican: names = frenchMonthNames
    case .unknown: names = []
    }
    return names.indices.contains(month - 1) ? names[month - 1] : "month \(month)"
  }

  /// JDN of a calendar date (not validated).
  static func julianDay(_ calendar: CalendarKind, year: Int, month: Int, day: Int) -> Int32 {
    switch calendar {
    case .gregorian: JulianDay.fromGregorian(year: year, month: month, day: day)
    case .julian: JulianDay.fromJulian(year: year, month: month, day: day)
    case .hebrew: JulianDay.fromHebrew(year: year, month: month, day: day)
    case .frenchRepublican: JulianDay.fromFrenchRepublican(year: year, month: month, day: day)
    case .unknown: 0
    }
  }

  /// All days of a year: from its first day to the day before the next year's first day.
  static func yearSpan(_ calendar: CalendarKind, year: Int) -> DayRange {
    let first = julianDay(calendar, year: year, month: 1, day: 1)
    let next = julianDay(calendar, year: year + 1, month: 1, day: 1)
    return DayRange(earliest: first, latest: next - 1)
  }

  /// All days of a month that exists in the year.
  static func monthSpan(_ calendar: CalendarKind, year: Int, month: Int) -> DayRange {
    let first = julianDay(calendar, year: year, month: month, day: 1)
    let length = Int32(daysInMonth(calendar, year: year, month: month))
    return DayRange(earliest: first, latest: first + length - 1)
  }

  private static func isLeapYear(_ calendar: CalendarKind, _ year: Int) -> Bool {
    if floorModulo(year, 4) != 0 { return false }
    if calendar == .julian { return true }
    return floorModulo(year, 100) != 0 || floorModulo(year, 400) == 0
  }
}
