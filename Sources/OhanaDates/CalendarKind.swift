/// The calendar a GEDCOM date is written in.
///
/// `unknown` covers calendars that are named but not interpreted: the 5.x escapes
/// `@#DROMAN@` and `@#DUNKNOWN@` and GEDCOM 7 extension calendars such as `_MAYAN`.
/// Dates in an unknown calendar keep their kind and precision but have no day range.
public enum CalendarKind: String, Sendable {
  case gregorian, julian, hebrew, frenchRepublican, unknown

  /// The calendar's name as a person would write it, used in problem messages.
  var displayName: String {
    switch self {
    case .gregorian: "Gregorian"
    case .julian: "Julian"
    case .hebrew: "Hebrew"
    case .frenchRepublican: "French Republican"
    case .unknown: "unknown"
    }
  }

  /// Whether dual years (`1699/00`) and the `B.C.` epoch can be written in this calendar.
  ///
  /// The specifications allow both only for the Gregorian calendar; Julian dates are accepted
  /// too because old-style/new-style years are by nature Julian and vendors write them so.
  var acceptsDualYearsAndEpoch: Bool {
    self == .gregorian || self == .julian
  }
}
