/// A day of the proleptic Gregorian calendar, kept as a day count so that ages and intervals
/// are plain subtraction.
public struct CalendarDate: Sendable, Hashable, Comparable {
  /// Days since 1970-01-01 (negative before it).
  public let dayNumber: Int

  /// The date `dayNumber` days after 1970-01-01.
  public init(dayNumber: Int) { self.dayNumber = dayNumber }

  /// The date with the given Gregorian year, month (1–12) and day of month.
  public init(year: Int, month: Int, day: Int) {
    // Shifting the year to start in March puts the leap day last (days-from-civil method).
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    dayNumber = era * 146_097 + dayOfEra - 719_468
  }

  /// The first day of `year`.
  public static func startOf(year: Int) -> CalendarDate {
    CalendarDate(year: year, month: 1, day: 1)
  }

  /// Year, month and day of month.
  public var components: (year: Int, month: Int, day: Int) {
    let shifted = dayNumber + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  /// The Gregorian year.
  public var year: Int { components.year }

  /// The date `days` days later (earlier for negative `days`).
  public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

  /// Elapsed years from `earlier` to this date, as a fraction (mean Gregorian year length).
  public func years(since earlier: CalendarDate) -> Double {
    Double(dayNumber - earlier.dayNumber) / 365.2425
  }

  /// The ISO 8601 form `YYYY-MM-DD`.
  public var isoText: String {
    let (year, month, day) = components
    return "\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))"
  }

  static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

  /// Whether `lhs` is an earlier day than `rhs`.
  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    lhs.dayNumber < rhs.dayNumber
  }
}
