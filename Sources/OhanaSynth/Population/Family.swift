/// One simulated marriage with its children, as it truly was.
public struct Family: Sendable, Hashable {
  /// The GEDCOM cross-reference, e.g. `@F3@`.
  public internal(set) var xref: String
  /// Index in ``Population/people`` of the husband.
  public let husband: Int
  /// Index in ``Population/people`` of the wife.
  public let wife: Int
  /// The true wedding date.
  public let marriage: CalendarDate
  /// Where the wedding took place (the bride's village).
  public let marriagePlace: Place
  /// Indices in ``Population/people`` of the children, in birth order.
  public internal(set) var children: [Int]
}
