/// Recursive-descent parser for one date value (see `GEDCOMDate` for the accepted forms).
struct DateValueParser {
  /// What the parser derived, before it is stored in a `GEDCOMDate`.
  struct Outcome {
    var kind: GEDCOMDate.Kind
    var calendar: CalendarKind
    var range: DayRange?
    var precision: Precision
    var phrase: String?
    var problems: [String]
  }

  /// One date (calendar, day, month, year, epoch) read as a span of days.
  private struct DatePart {
    var calendar: CalendarKind
    var range: DayRange?
    var precision: Precision
  }

  /// Years beyond this (in any calendar) are rejected, keeping day numbers well inside Int32.
  private static let largestYear = 999_999

  private var scanner: DateScanner
  private var problems: [String] = []
  /// Why the value is not a date, set when a parse step gives up.
  private var failure = ""

  init(_ bytes: UnsafeRawBufferPointer) {
    scanner = DateScanner(bytes)
  }

  mutating func parse() -> Outcome {
    let first = scanner.peek()
    switch first.kind {
    case .end:
      return Outcome(
        kind: .empty, calendar: .gregorian, range: nil, precision: .none, phrase: nil,
        problems: [])
    case .phrase:
      _ = scanner.next()
      let phrase = phraseText(first)
      ignoreRest(after: "the phrase")
      return Outcome(
        kind: .phrase, calendar: .gregorian, range: nil, precision: .none, phrase: phrase,
        problems: problems)
    default:
      if let outcome = parseDateValue() { return outcome }
      let text = scanner.trimmedText()
      return Outcome(
        kind: .phrase, calendar: .gregorian, range: nil, precision: .none, phrase: text,
        problems: ["\"\(text)\" is not a GEDCOM date: \(failure)"])
    }
  }

  // MARK: - Date values

  private mutating func parseDateValue() -> Outcome? {
    var kind = GEDCOMDate.Kind.exact
    if let word = word(scanner.peek()), case .qualifier(let qualifier) = word {
      _ = scanner.next()
      kind = qualifier
    }
    guard let first = parseDate() else { return nil }
    var second: DatePart?
    switch kind {
    case .between:
      let separator = scanner.next()
      guard word(separator) == .and || separator.kind == .hyphen else {
        return fail("expected AND after the first date of BET", at: separator)
      }
      guard let date = parseDate() else { return nil }
      second = date
    case .from:
      let separator = scanner.peek()
      if word(separator) == .qualifier(.to) || separator.kind == .hyphen {
        _ = scanner.next()
        guard let date = parseDate() else { return nil }
        second = date
        kind = .fromTo
      }
    case .exact:
      if scanner.peek().kind == .hyphen {
        _ = scanner.next()
        guard let date = parseDate() else { return nil }
        second = date
        kind = .between
      }
    default:
      break
    }
    if scanner.peek().kind == .questionMark {
      _ = scanner.next()
      if kind == .exact { kind = .about }
    }
    var phrase: String?
    let next = scanner.peek()
    if next.kind == .phrase {
      _ = scanner.next()
      phrase = phraseText(next)
    }
    guard trailingTextIsWords() else {
      return fail("unexpected text after the date", at: scanner.peek())
    }
    ignoreRest(after: "the date")
    return Outcome(
      kind: kind, calendar: first.calendar, range: combinedRange(kind, first, second),
      precision: min(first.precision, second?.precision ?? first.precision), phrase: phrase,
      problems: problems)
  }

  private mutating func combinedRange(
    _ kind: GEDCOMDate.Kind, _ first: DatePart, _ second: DatePart?
  ) -> DayRange? {
    guard let start = first.range else { return nil }
    switch kind {
    case .about, .calculated, .estimated:
      return start.widened(by: GEDCOMDate.toleranceDays(for: kind))
    case .before:
      return DayRange(earliest: .min, latest: start.earliest.subtractingSaturated(1))
    case .after:
      return DayRange(earliest: start.latest.addingSaturated(1), latest: .max)
    case .from:
      return DayRange(earliest: start.earliest, latest: .max)
    case .to:
      return DayRange(earliest: .min, latest: start.latest)
    case .between, .fromTo:
      guard let end = second?.range else { return nil }
      if end.latest < start.earliest {
        problems.append("the second date is earlier than the first; the dates were swapped")
        return DayRange(earliest: end.earliest, latest: start.latest)
      }
      return DayRange(earliest: start.earliest, latest: max(start.latest, end.latest))
    case .exact, .interpreted, .phrase, .empty:
      return start
    }
  }

  // MARK: - Single dates

  private mutating func parseDate() -> DatePart? {
    var explicitCalendar: CalendarKind?
    var calendarName = ""
    let opening = scanner.peek()
    if opening.kind == .calendarEscape {
      explicitCalendar = DateWord.escapedCalendar(opening.key)
    } else if opening.kind == .word && opening.isExtensionTag {
      explicitCalendar = .unknown
    } else if case .calendar(let calendar)? = word(opening) {
      explicitCalendar = calendar
    }
    if explicitCalendar != nil {
      _ = scanner.next()
      calendarName = scanner.text(opening.start, opening.end)
    }

    var day: Int?
    var monthToken: DateToken?
    var yearToken = scanner.next()
    switch yearToken.kind {
    case .number:
      let second = scanner.peek()
      if isMonthLike(second) && scanner.peekSecond().kind == .number {
        day = yearToken.number
        monthToken = scanner.next()
        yearToken = scanner.next()
      }
    case .word where isMonthLike(yearToken):
      let month = yearToken
      monthToken = month
      yearToken = scanner.next()
      guard yearToken.kind == .number else {
        return fail("no year after \"\(scanner.text(month.start, month.end))\"")
      }
    case .end:
      return fail("a date is missing")
    default:
      return fail("unexpected", at: yearToken)
    }

    guard let (writtenYear, isDualYear) = readYear(yearToken) else { return nil }
    var year = writtenYear
    var yearText = scanner.text(yearToken.start, scanner.position)
    var isBeforeCommonEra = false
    var hasUnknownEpoch = false
    let epoch = scanner.peek()
    if word(epoch) == .beforeCommonEra {
      _ = scanner.next()
      guard year > 0 else { return fail("there is no year 0 before the common era") }
      year = 1 - year
      yearText += " BC"
      isBeforeCommonEra = true
    } else if epoch.kind == .word && epoch.isExtensionTag {
      _ = scanner.next()
      hasUnknownEpoch = true
    }

    var calendar = explicitCalendar ?? .gregorian
    var month: Int?
    if let monthToken {
      let monthText = scanner.text(monthToken.start, monthToken.end)
      if case .month(let monthCalendar, let number)? = word(monthToken) {
        if explicitCalendar == nil { calendar = monthCalendar }
        if calendar == monthCalendar || calendar == .unknown
          || (calendar == .julian && monthCalendar == .gregorian)
        {
          month = number
        } else {
          problems.append("\(monthText) is not a month of the \(calendar.displayName) calendar")
        }
      } else if calendar != .unknown {
        problems.append("the month \(monthText) is not understood")
      }
    }
    if (isDualYear || isBeforeCommonEra) && !calendar.acceptsDualYearsAndEpoch
      && calendar != .unknown
    {
      return fail("\(yearText) is only valid in the Gregorian and Julian calendars")
    }

    guard calendar != .unknown, !hasUnknownEpoch else {
      let what =
        hasUnknownEpoch
        ? "the epoch \(scanner.text(epoch.start, epoch.end))"
        : "the calendar \(calendarName)"
      problems.append("\(what) is not supported, so the date has no day range")
      let written: Precision = day != nil ? .day : (monthToken != nil ? .month : .year)
      return DatePart(calendar: calendar, range: nil, precision: written)
    }
    return span(calendar, year: year, yearText: yearText, month: month, day: day)
  }

  /// The days of a validated date, falling back to the month or year when the day or month
  /// does not exist.
  private mutating func span(
    _ calendar: CalendarKind, year: Int, yearText: String, month: Int?, day: Int?
  ) -> DatePart {
    let wholeYear = DatePart(
      calendar: calendar, range: CalendarRules.yearSpan(calendar, year: year), precision: .year)
    guard let month else { return wholeYear }
    let monthName = CalendarRules.monthName(calendar, month: month)
    let length = CalendarRules.daysInMonth(calendar, year: year, month: month)
    guard length > 0 else {
      problems.append("\(monthName) is not in the year \(yearText)")
      return wholeYear
    }
    let wholeMonth = DatePart(
      calendar: calendar,
      range: CalendarRules.monthSpan(calendar, year: year, month: month), precision: .month)
    guard let day else { return wholeMonth }
    guard day >= 1 && day <= length else {
      problems.append("day \(day) is not in \(monthName) \(yearText)")
      return wholeMonth
    }
    let julianDay = CalendarRules.julianDay(calendar, year: year, month: month, day: day)
    return DatePart(calendar: calendar, range: DayRange(day: julianDay), precision: .day)
  }

  /// The year of a number token, consuming a dual-year suffix (`/00`, `/1700`, `-00`) that
  /// directly follows it; dual years give the later year.
  private mutating func readYear(_ token: DateToken) -> (year: Int, isDual: Bool)? {
    var year = token.number
    var isDual = false
    let separator = scanner.peek()
    if separator.kind == .slash || separator.kind == .hyphen, separator.start == token.end {
      let suffix = scanner.peekSecond()
      if suffix.kind == .number, suffix.start == separator.end {
        if let later = Self.laterDualYear(year, suffix: suffix) {
          _ = scanner.next()
          _ = scanner.next()
          year = later
          isDual = true
        } else if separator.kind == .slash {
          let written = scanner.text(token.start, suffix.end)
          return fail("\(written) is not a dual year (the second year must follow the first)")
        }
      }
    }
    guard year <= Self.largestYear else {
      return fail("the year \(scanner.text(token.start, token.end)) is out of range")
    }
    return (year, isDual)
  }

  /// The year after `year` if `suffix` writes it (in full or by its last digits), else nil.
  private static func laterDualYear(_ year: Int, suffix: DateToken) -> Int? {
    let digits = suffix.end - suffix.start
    guard digits <= 6 else { return nil }
    var modulus = 1
    for _ in 0..<digits { modulus *= 10 }
    var candidate = year - year % modulus + suffix.number
    if candidate <= year { candidate += modulus }
    return candidate == year + 1 ? candidate : nil
  }

  // MARK: - Helpers

  private func word(_ token: DateToken) -> DateWord? {
    token.kind == .word ? DateWord.of(token.key) : nil
  }

  /// Month names of any calendar and extension tags can stand where a month is expected.
  private func isMonthLike(_ token: DateToken) -> Bool {
    guard token.kind == .word else { return false }
    if token.isExtensionTag { return true }
    if case .month? = DateWord.of(token.key) { return true }
    return false
  }

  private mutating func phraseText(_ token: DateToken) -> String {
    if token.isUnclosed {
      problems.append("the date phrase has no closing parenthesis")
      return scanner.text(token.start + 1, token.end)
    }
    return scanner.text(token.start + 1, token.end - 1)
  }

  /// Whether everything left is words (such as place or temple abbreviations).
  private func trailingTextIsWords() -> Bool {
    var rest = scanner
    while true {
      let token = rest.next()
      if token.kind == .end { return true }
      if token.kind != .word { return false }
    }
  }

  /// Records a problem naming whatever text remains, if any.
  private mutating func ignoreRest(after what: String) {
    let next = scanner.peek()
    guard next.kind != .end else { return }
    let rest = scanner.text(next.start, scanner.bytes.count)
    problems.append("ignored \"\(rest)\" after \(what)")
  }

  private mutating func fail<Result>(_ reason: String, at token: DateToken) -> Result? {
    if token.kind == .end { return fail("\(reason) (the text ends early)") }
    return fail("\(reason) \"\(scanner.text(token.start, token.end))\"")
  }

  private mutating func fail<Result>(_ reason: String) -> Result? {
    failure = reason
    return nil
  }
}
