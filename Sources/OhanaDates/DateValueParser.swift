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
  /// Number of problems found.
  private(set) var problemCount = 0
  /// Whether phrases are copied out; a summary only needs the range.
  private let keepsText: Bool
  /// Why the value is not a date, set when a parse step gives up.
  private var failure = ""

  init(_ bytes: UnsafeRawBufferPointer, keepsText: Bool = true) {
    scanner = DateScanner(bytes)
    self.keepsText = keepsText
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
      problems = []
      problemCount = 0
      note("\"\(text)\" is not a GEDCOM date: \(failure)")
      return Outcome(
        kind: .phrase, calendar: .gregorian, range: nil, precision: .none, phrase: text,
        problems: problems)
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
        note("the second date is earlier than the first; the dates were swapped")
        return DayRange(earliest: end.earliest, latest: start.latest)
      }
      return DayRange(earliest: start.earliest, latest: max(start.latest, end.latest))
    case .exact, .interpreted, .phrase, .empty:
      return start
    }
  }

  // MARK: - Single dates

  /// The pieces of one date as written, before the calendar gives them meaning.
  private struct WrittenDate {
    var day: Int?
    var month: DateToken?
    /// Bytes of the year as written, including a dual-year suffix and the epoch.
    var yearText: Range<Int>
    /// Astronomical year: the later year of a dual year, negated before the common era.
    var year: Int
    var isDualYear = false
    var isBeforeCommonEra = false
    /// Bytes of an extension epoch (`_XYZ`), which cannot be interpreted.
    var unknownEpoch: Range<Int>?

    var writtenPrecision: Precision {
      day != nil ? .day : (month != nil ? .month : .year)
    }
  }

  /// `[calendar] [[day] month] year [epoch]`, read as a span of days.
  private mutating func parseDate() -> DatePart? {
    let (explicitCalendar, calendarName) = parseCalendar()
    guard let written = parseDayMonthYear() else { return nil }
    var calendar = explicitCalendar ?? .gregorian
    var month: Int?
    if let monthToken = written.month {
      if case .month(let monthCalendar, let number)? = word(monthToken) {
        // Without a written calendar, a Hebrew or French month name selects its calendar.
        if explicitCalendar == nil { calendar = monthCalendar }
        if calendar == monthCalendar || calendar == .unknown
          || (calendar == .julian && monthCalendar == .gregorian)
        {
          month = number
        } else {
          let name = text(monthToken.bytes)
          note("\(name) is not a month of the \(calendar.displayName) calendar")
        }
      } else if calendar != .unknown {
        note("the month \(text(monthToken.bytes)) is not understood")
      }
    }
    if (written.isDualYear || written.isBeforeCommonEra) && !calendar.acceptsDualYearsAndEpoch
      && calendar != .unknown
    {
      let yearText = text(written.yearText)
      return fail("\(yearText) is only valid in the Gregorian and Julian calendars")
    }
    if calendar == .unknown || written.unknownEpoch != nil {
      let what =
        calendar == .unknown
        ? "the calendar \(text(calendarName))"
        : "the epoch \(text(written.unknownEpoch ?? 0..<0))"
      note("\(what) is not supported, so the date has no day range")
      return DatePart(calendar: calendar, range: nil, precision: written.writtenPrecision)
    }
    return span(calendar, written, month: month)
  }

  /// A calendar escape, GEDCOM 7 calendar keyword or extension calendar, if one is written;
  /// with the bytes that name it.
  private mutating func parseCalendar() -> (CalendarKind?, Range<Int>) {
    let opening = scanner.peek()
    let calendar: CalendarKind?
    if opening.kind == .calendarEscape {
      calendar = DateWord.escapedCalendar(opening.key)
    } else if opening.kind == .word && opening.isExtensionTag {
      calendar = .unknown
    } else if case .calendar(let keyword)? = word(opening) {
      calendar = keyword
    } else {
      return (nil, 0..<0)
    }
    _ = scanner.next()
    return (calendar, opening.start..<opening.end)
  }

  /// `[[day] month] year [epoch]`; the first number is a day only when a month and a year
  /// follow it.
  private mutating func parseDayMonthYear() -> WrittenDate? {
    var day: Int?
    var month: DateToken?
    var yearToken = scanner.next()
    switch yearToken.kind {
    case .number:
      if isMonthLike(scanner.peek()) && scanner.peekSecond().kind == .number {
        day = yearToken.number
        month = scanner.next()
        yearToken = scanner.next()
      }
    case .word where isMonthLike(yearToken):
      let monthToken = yearToken
      month = monthToken
      yearToken = scanner.next()
      guard yearToken.kind == .number else {
        return fail("no year after \"\(text(monthToken.bytes))\"")
      }
    case .end:
      return fail("a date is missing")
    default:
      return fail("unexpected", at: yearToken)
    }
    guard let (year, isDualYear) = readYear(yearToken) else { return nil }
    var written = WrittenDate(
      day: day, month: month, yearText: yearToken.start..<scanner.position, year: year,
      isDualYear: isDualYear)
    let epoch = scanner.peek()
    if word(epoch) == .beforeCommonEra {
      _ = scanner.next()
      guard year > 0 else { return fail("there is no year 0 before the common era") }
      written.year = 1 - year
      written.isBeforeCommonEra = true
      written.yearText = yearToken.start..<epoch.end
    } else if epoch.kind == .word && epoch.isExtensionTag {
      _ = scanner.next()
      written.unknownEpoch = epoch.bytes
    }
    return written
  }

  /// The days of a date, falling back to the month or the year when the day or the month
  /// does not exist in that calendar.
  private mutating func span(
    _ calendar: CalendarKind, _ written: WrittenDate, month: Int?
  ) -> DatePart {
    let year = written.year
    let wholeYear = DatePart(
      calendar: calendar, range: CalendarRules.yearSpan(calendar, year: year), precision: .year)
    guard let month else { return wholeYear }
    let length = CalendarRules.daysInMonth(calendar, year: year, month: month)
    guard length > 0 else {
      note("\(CalendarRules.monthName(calendar, month: month)) is not in the year \(text(written.yearText))")
      return wholeYear
    }
    let wholeMonth = DatePart(
      calendar: calendar,
      range: CalendarRules.monthSpan(calendar, year: year, month: month), precision: .month)
    guard let day = written.day else { return wholeMonth }
    guard day >= 1 && day <= length else {
      note("day \(day) is not in \(CalendarRules.monthName(calendar, month: month)) \(text(written.yearText))")
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
          let written = text(token.start..<suffix.end)
          return fail("\(written) is not a dual year (the second year must follow the first)")
        }
      }
    }
    guard year <= Self.largestYear else {
      return fail("the year \(text(token.bytes)) is out of range")
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

  private func text(_ bytes: Range<Int>) -> String {
    scanner.text(bytes.lowerBound, bytes.upperBound)
  }

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

  private mutating func phraseText(_ token: DateToken) -> String? {
    if token.isUnclosed {
      note("the date phrase has no closing parenthesis")
      return keepsText ? scanner.text(token.start + 1, token.end) : nil
    }
    return keepsText ? scanner.text(token.start + 1, token.end - 1) : nil
  }

  /// Whether everything left is words that mean nothing in dates (such as place or temple
  /// abbreviations), set apart from the date by a space; a leftover month or keyword, or a
  /// word glued to the date (`11st`), means the date was misread.
  private func trailingTextIsWords() -> Bool {
    var rest = scanner
    let dateEnd = rest.position
    while true {
      let token = rest.next()
      if token.kind == .end { return true }
      if token.kind != .word || token.isExtensionTag || word(token) != nil
        || token.start == dateEnd
      {
        return false
      }
    }
  }

  /// Records a problem naming whatever text remains, if any.
  private mutating func ignoreRest(after what: String) {
    let next = scanner.peek()
    guard next.kind != .end else { return }
    let rest = scanner.text(next.start, scanner.bytes.count)
    note("ignored \"\(rest)\" after \(what)")
  }

  private mutating func fail<Result>(_ reason: String, at token: DateToken) -> Result? {
    if token.kind == .end { return fail("\(reason) (the text ends early)") }
    return fail("\(reason) \"\(text(token.bytes))\"")
  }

  private mutating func fail<Result>(_ reason: String) -> Result? {
    failure = reason
    return nil
  }

  /// Records a problem (messages are only made on these rare paths, so a summary still
  /// allocates nothing for a valid date).
  private mutating func note(_ message: String) {
    problemCount += 1
    problems.append(message)
  }
}
