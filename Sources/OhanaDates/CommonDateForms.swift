/// The forms most date values take, read straight from their bytes: `[ABT|CAL|EST|BEF|AFT]
/// [[day] month] year` in upper case, a Gregorian month abbreviation and a year of up to four
/// digits, with any white space around the words (as the parser reads it). Anything else, and
/// any such date with a problem (a day not in its month), is left to ``DateValueParser``; for
/// what it accepts the result is the parser's.
enum CommonDateForms {
  /// The range and precision of a value in one of the common forms, else nil.
  static func summary(_ bytes: UnsafeRawBufferPointer) -> GEDCOMDate.Summary? {
    var index = 0
    var count = bytes.count
    while count > 0, isSpace(bytes[count - 1]) { count -= 1 }
    skipSpaces(bytes, &index, count)
    let bytes = UnsafeRawBufferPointer(rebasing: bytes[..<count])
    var kind = GEDCOMDate.Kind.exact
    if index + 4 <= count, isSpace(bytes[index + 3]),
      let qualifier = qualifier(bytes[index], bytes[index + 1], bytes[index + 2])
    {
      kind = qualifier
      index += 4
      skipSpaces(bytes, &index, count)
    }
    // A number, then either the end (the year) or a month and the year.
    guard let first = number(bytes, &index, maxDigits: 4) else {
      guard let month = monthAt(bytes, &index) else { return nil }
      let year = number(bytes, &index, maxDigits: 4)
      return finish(kind, year: year, month: month, day: nil, atEnd: index == count)
    }
    if index == count { return finish(kind, year: first, month: nil, day: nil, atEnd: true) }
    guard let month = monthAt(bytes, &index) else { return nil }
    let year = number(bytes, &index, maxDigits: 4)
    return finish(kind, year: year, month: month, day: first, atEnd: index == count)
  }

  private static func finish(
    _ kind: GEDCOMDate.Kind, year: Int?, month: Int?, day: Int?, atEnd: Bool
  ) -> GEDCOMDate.Summary? {
    guard let year, atEnd else { return nil }
    var range: DayRange
    var precision: Precision
    if let month {
      let length = CalendarRules.daysInMonth(.gregorian, year: year, month: month)
      if let day {
        guard day >= 1, day <= length else { return nil }  // a problem: the parser reports it
        range = DayRange(day: CalendarRules.julianDay(.gregorian, year: year, month: month, day: day))
        precision = .day
      } else {
        range = CalendarRules.monthSpan(.gregorian, year: year, month: month)
        precision = .month
      }
    } else {
      range = CalendarRules.yearSpan(.gregorian, year: year)
      precision = .year
    }
    switch kind {
    case .exact: break
    case .before: range = DayRange(earliest: .min, latest: range.earliest.subtractingSaturated(1))
    case .after: range = DayRange(earliest: range.latest.addingSaturated(1), latest: .max)
    default: range = range.widened(by: GEDCOMDate.toleranceDays(for: kind))
    }
    return GEDCOMDate.Summary(range: range, precision: precision, hasProblems: false)
  }

  /// `ABT`, `CAL`, `EST`, `BEF` or `AFT`.
  private static func qualifier(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> GEDCOMDate.Kind? {
    switch (a, b, c) {
    case (0x41, 0x42, 0x54): .about
    case (0x43, 0x41, 0x4C): .calculated
    case (0x45, 0x53, 0x54): .estimated
    case (0x42, 0x45, 0x46): .before
    case (0x41, 0x46, 0x54): .after
    default: nil
    }
  }

  /// White space as the date scanner reads it.
  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  private static func skipSpaces(_ bytes: UnsafeRawBufferPointer, _ index: inout Int, _ count: Int) {
    while index < count, isSpace(bytes[index]) { index += 1 }
  }

  /// Digits at `index` (at most `maxDigits`), then white space or the end (`bytes` has no
  /// trailing white space); skips the white space.
  private static func number(_ bytes: UnsafeRawBufferPointer, _ index: inout Int, maxDigits: Int) -> Int? {
    var value = 0
    var cursor = index
    while cursor < bytes.count, bytes[cursor] &- 0x30 < 10, cursor - index < maxDigits {
      value = value * 10 + Int(bytes[cursor] &- 0x30)
      cursor += 1
    }
    guard cursor > index else { return nil }
    if cursor < bytes.count {
      guard isSpace(bytes[cursor]) else { return nil }
      skipSpaces(bytes, &cursor, bytes.count)
    }
    index = cursor
    return value
  }

  /// A Gregorian month abbreviation and white space at `index`; skips both.
  private static func monthAt(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> Int? {
    guard index + 4 < bytes.count, isSpace(bytes[index + 3]) else { return nil }
    let key = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
    guard let month = months.firstIndex(of: key) else { return nil }
    index += 4
    skipSpaces(bytes, &index, bytes.count)
    return month + 1
  }

  /// `JAN` … `DEC` as three bytes in an integer.
  private static let months: [UInt32] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
  ]
  .map { $0.utf8.reduce(0) { $0 << 8 | UInt32($1) } }
}
