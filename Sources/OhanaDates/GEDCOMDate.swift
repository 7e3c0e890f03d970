/// A GEDCOM date value, parsed. Parsing never fails: text that is not a date becomes a phrase.
///
/// Accepts the date grammars of GEDCOM 5.5, 5.5.1, 5.5.5 and 7.0 and reads each date as an
/// inclusive range of days (`range`) so that any two dates can be compared:
/// - `2 JAN 1900` is that day, `JAN 1900` the whole month, `1900` the whole year.
/// - `ABT`/`EST` widen that span by ``approximateToleranceDays`` at both ends, `CAL` by
///   ``calculatedToleranceDays``.
/// - `BEF X` ends the day before X starts and `AFT X` starts the day after X ends (the other
///   end is open); `BET A AND B` and `FROM A TO B` run from the start of A to the end of B;
///   `FROM A` is open at the end and `TO B` open at the start; `INT A (phrase)` is A.
/// - Dual years `1699/00` (also `1699/1700`, and vendors' `1699-00`) mean the later,
///   new-style year: `8 JAN 1699/00` is 8 January 1700.
/// - `B.C.`, `BC` and `BCE` use astronomical numbering: `100 BC` is year -99, 1 BC is year 0.
/// - Calendars: the escapes `@#DGREGORIAN@`, `@#DJULIAN@`, `@#DHEBREW@`, `@#DFRENCH R@` and the
///   GEDCOM 7 keywords `GREGORIAN`, `JULIAN`, `HEBREW`, `FRENCH_R`. Without a calendar, a Hebrew
///   or French Republican month name selects its calendar. `@#DROMAN@`, `@#DUNKNOWN@` and
///   extension calendars (`_XYZ`) are `unknown`: kind and precision are kept, no range.
///
/// Leniency for common vendor output (see `DateWord` for accepted keyword spellings): extra
/// spaces, any letter case, periods after keywords (`Abt.`), `-` instead of `AND` in `BET`,
/// `A - B` for `BET A AND B`, `FROM A - B`, a trailing `?` meaning about (`1900?`), and a phrase
/// after any date. Words after a complete date (e.g. temple codes in `2 NOV 1850 IF`) are ignored
/// with a problem. A day that is not in its month falls back to the month, an unknown month to
/// the year, each with a problem. Anything else that is not a date (`unknown`, `Deceased`,
/// `12/31/97`) becomes a phrase with a problem.
public struct GEDCOMDate: Sendable, Hashable {
  /// The form of a date value.
  public enum Kind: String, Sendable {
    case exact, about, calculated, estimated, before, after, between, from, to, fromTo
    case interpreted, phrase, empty
  }

  /// Days added at both ends of an `ABT` or `EST` date: two years.
  public static let approximateToleranceDays: Int32 = 730
  /// Days added at both ends of a `CAL` date: one year (calculated dates are usually derived
  /// from an age in years).
  public static let calculatedToleranceDays: Int32 = 365

  /// The text as written.
  public let text: String
  /// The form of the value.
  public let kind: Kind
  /// The calendar of the (first) date; `gregorian` when no date was written.
  public let calendar: CalendarKind
  /// The days the value may denote; nil when no date can be derived (pure phrase, empty,
  /// unknown calendar).
  public let range: DayRange?
  /// Precision of the least precise date in the value; `none` without a date.
  public let precision: Precision
  /// Text of a date phrase `(...)` if present; for text that is not a date, the whole text.
  public let phrase: String?
  /// Why parts were not understood (e.g. "day 31 is not in February 1900").
  public let problems: [String]

  /// Parses a date value given as a string.
  public init(parsing text: String) {
    var utf8Text = text
    let outcome = utf8Text.withUTF8 { bytes in
      var parser = DateValueParser(UnsafeRawBufferPointer(bytes))
      return parser.parse()
    }
    self.init(text: text, outcome: outcome)
  }

  /// Parses a date value given as UTF-8 bytes; the same result as the `String` form.
  public init(parsing utf8: UnsafeRawBufferPointer) {
    var parser = DateValueParser(utf8)
    self.init(text: String(decoding: utf8, as: UTF8.self), outcome: parser.parse())
  }

  /// What comparisons need of a date value, read without building the text, phrase or
  /// problem messages: the allocation-free path for bulk parsing.
  public struct Summary: Sendable, Equatable {
    /// The same as ``GEDCOMDate/range`` of the full parse.
    public var range: DayRange?
    /// The same as ``GEDCOMDate/precision`` of the full parse.
    public var precision: Precision
    /// Whether the full parse reports ``GEDCOMDate/problems``; parse fully to read them.
    public var hasProblems: Bool

    public init(range: DayRange?, precision: Precision, hasProblems: Bool) {
      self.range = range
      self.precision = precision
      self.hasProblems = hasProblems
    }
  }

  /// Reads a date value given as UTF-8 bytes into a ``Summary``: the range and precision
  /// ``init(parsing:)-(UnsafeRawBufferPointer)`` would give, without allocating for a valid date.
  public static func summary(parsing utf8: UnsafeRawBufferPointer) -> Summary {
    if let common = CommonDateForms.summary(utf8) { return common }
    var parser = DateValueParser(utf8, keepsText: false)
    let outcome = parser.parse()
    return Summary(range: outcome.range, precision: outcome.precision, hasProblems: parser.problemCount > 0)
  }

  private init(text: String, outcome: DateValueParser.Outcome) {
    self.text = text
    kind = outcome.kind
    calendar = outcome.calendar
    range = outcome.range
    precision = outcome.precision
    phrase = outcome.phrase
    problems = outcome.problems
  }

  /// Days by which a date of `kind` is widened at each end (0 for kinds that are not
  /// approximate).
  public static func toleranceDays(for kind: Kind) -> Int32 {
    switch kind {
    case .about, .estimated: approximateToleranceDays
    case .calculated: calculatedToleranceDays
    default: 0
    }
  }
}
