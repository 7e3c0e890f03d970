/// One simulated person with the true (un-noised) facts of their life.
public struct Person: Sendable, Hashable {
  /// The GEDCOM cross-reference, e.g. `@I12@`.
  public internal(set) var xref: String
  /// The person's sex.
  public let sex: Sex
  /// Given names, e.g. "Mary Ann".
  public let givenNames: String
  /// The surname at birth (women keep it in the records, as genealogists write them).
  public let surname: String
  /// The true date of birth.
  public let birth: CalendarDate
  /// Where the person was born.
  public let birthPlace: Place
  /// The true date of death, or `nil` when the person outlived the simulation.
  public internal(set) var death: CalendarDate?
  /// Where the person died, when they died.
  public internal(set) var deathPlace: Place?
  /// Index in ``Population/families`` of the family the person was born into; `nil` for founders.
  public let birthFamily: Int?
  /// Indices in ``Population/families`` of the person's marriages, in order.
  public internal(set) var spouseFamilies: [Int]
}
