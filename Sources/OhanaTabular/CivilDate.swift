/// A proleptic Gregorian calendar date, converted to and from days since 1970-01-01, and read
/// from the date forms columns accept.
struct CivilDate: Equatable {
  var year: Int
  var month: Int
  var day: Int

  init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// The date `days` after 1970-01-01 (negative before).
  init(days: Int) {
    // Counted in 400-year eras starting on March 1st, so leap days fall at the end of a year.
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let marchMonth = (5 * dayOfYear + 2) / 153
    day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
    month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
    year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  }

  /// Days since 1970-01-01.
  var days: Int {
    let marchYear = month <= 2 ? year - 1 : year
    let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
    let yearOfEra = marchYear - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// `yyyy-mm-dd`.
  var iso: String {
    func padded(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
  }

  static func daysInMonth(_ month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  private static let monthNames = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
  ].map { Array($0.utf8) }

  /// Days since 1970-01-01 of the date written in `text[0..<count]`, or `nil` when it is not
  /// one of the accepted forms or not a real date.
  static func parseDays(_ text: UnsafePointer<UInt8>, _ count: Int) -> Int? {
    guard count >= 8, count <= 40 else { return nil }
    let date =
      isDigit(text[0]) && isDigit(text[1]) && isDigit(text[2]) && isDigit(text[3])
      ? parseYearFirst(text, count) : parseDayFirst(text, count)
    guard let date, date.month >= 1, date.month <= 12, date.day >= 1,
      date.day <= daysInMonth(date.month, year: date.year)
    else { return nil }
    return date.days
  }

  /// `yyyy-mm-dd` or `yyyy/mm/dd`, then nothing or a time after `T` or a space.
  private static func parseYearFirst(_ text: UnsafePointer<UInt8>, _ count: Int) -> CivilDate? {
    let separator = text[4]
    guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") else { return nil }
    var index = 5
    guard let month = digits(text, count, &index, max: 2), index < count, text[index] == separator else {
      return nil
    }
    index += 1
    guard let day = digits(text, count, &index, max: 2) else { return nil }
    if index < count {
      // A time of day may follow; only "hh:" is checked, the rest is dropped.
      guard text[index] == UInt8(ascii: "T") || text[index] == UInt8(ascii: " "), index + 3 < count,
        isDigit(text[index + 1]), isDigit(text[index + 2]), text[index + 3] == UInt8(ascii: ":")
      else { return nil }
    }
    return CivilDate(year: number(text, 0, 4), month: month, day: day)
  }

  /// `d-Mon-yyyy` or `d Mon yyyy`, the month as a full English name or its first three letters.
  private static func parseDayFirst(_ text: UnsafePointer<UInt8>, _ count: Int) -> CivilDate? {
    var index = 0
    guard let day = digits(text, count, &index, max: 2), index < count else { return nil }
    let separator = text[index]
    guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: " ") else { return nil }
    index += 1
    let nameStart = index
    while index < count, text[index] | 0x20 >= UInt8(ascii: "a"), text[index] | 0x20 <= UInt8(ascii: "z") {
      index += 1
    }
    let nameLength = index - nameStart
    guard nameLength >= 3, index + 5 == count, text[index] == separator else { return nil }
    guard isDigit(text[index + 1]), isDigit(text[index + 2]), isDigit(text[index + 3]),
      isDigit(text[index + 4])
    else { return nil }
    for (offset, name) in monthNames.enumerated() where nameLength == 3 || nameLength == name.count {
      guard nameLength <= name.count else { continue }
      var same = true
      for position in 0..<nameLength where text[nameStart + position] | 0x20 != name[position] {
        same = false
        break
      }
      if same { return CivilDate(year: number(text, index + 1, 4), month: offset + 1, day: day) }
    }
    return nil
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

  /// One or up to `max` digits at `index`, advancing past them.
  private static func digits(_ text: UnsafePointer<UInt8>, _ count: Int, _ index: inout Int, max: Int) -> Int?
  {
    var value = 0
    let start = index
    while index < count, index - start < max, isDigit(text[index]) {
      value = value * 10 + Int(text[index] &- UInt8(ascii: "0"))
      index += 1
    }
    return index > start ? value : nil
  }

  private static func number(_ text: UnsafePointer<UInt8>, _ start: Int, _ length: Int) -> Int {
    var value = 0
    for index in start..<(start + length) { value = value * 10 + Int(text[index] &- UInt8(ascii: "0")) }
    return value
  }
}
