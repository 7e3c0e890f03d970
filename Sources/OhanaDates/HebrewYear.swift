/// The shape of one year of the (arithmetic, rabbinic) Hebrew calendar: when it starts and
/// how long its variable months are.
///
/// The new year follows the molad of Tishrei with the postponement rules; month lengths
/// follow from the year's length (deficient, regular or complete).
struct HebrewYear {
  /// JDN of 1 Tishrei of the Hebrew year 1 (7 October 3761 BC, Julian).
  private static let epoch = 347998

  /// JDN of 1 Tishrei of this year.
  let newYear: Int
  /// Number of days in the year: 353–355 in common years, 383–385 in leap years.
  let length: Int
  /// Whether the year has thirteen months (Adar I and Adar II).
  let isLeap: Bool

  init(_ year: Int) {
    newYear = Self.newYear(year)
    length = Self.newYear(year + 1) - newYear
    isLeap = floorModulo(7 * year + 1, 19) < 7
  }

  /// Days in a month numbered in GEDCOM order (1 = TSH … 13 = ELL); 0 for Adar II in a
  /// common year and for numbers outside 1...13.
  func monthLength(_ month: Int) -> Int {
    switch month {
    case 1, 5, 8, 10, 12: 30
    case 4, 9, 11, 13: 29
    case 2: length % 10 == 5 ? 30 : 29  // Heshvan is long in complete years
    case 3: length % 10 == 3 ? 29 : 30  // Kislev is short in deficient years
    case 6: isLeap ? 30 : 29
    case 7: isLeap ? 29 : 0
    default: 0
    }
  }

  /// Days from the epoch's molad reckoning to the new year, with the first postponement.
  private static func elapsedDays(_ year: Int) -> Int {
    let months = floorDivide(235 * year - 234, 19)
    let parts = 12084 + 13753 * months
    let days = 29 * months + floorDivide(parts, 25920)
    return floorModulo(3 * (days + 1), 7) < 3 ? days + 1 : days
  }

  /// JDN of 1 Tishrei, with the postponements that keep year lengths legal.
  private static func newYear(_ year: Int) -> Int {
    let previous = elapsedDays(year - 1)
    let current = elapsedDays(year)
    let next = elapsedDays(year + 1)
    let correction = next - current == 356 ? 2 : (current - previous == 382 ? 1 : 0)
    return epoch + current + correction
  }
}
