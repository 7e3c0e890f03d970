/// An `INDI` record, with links reconciled from both sides.
public struct Individual: Sendable, Equatable {
  /// The id without `@` (empty when the record has none).
  public var xref: String
  /// The record's source line.
  public var line: Int
  /// Index of the record node in ``GEDCOMDocument/nodes``.
  public var node: Int
  /// Every `NAME`, the preferred one first.
  public var names: [PersonName]
  public var sex: Sex
  /// Events and attributes in file order (`BIRT`, `CHR`, `DEAT`, `BURI`, `RESI`, `OCCU`, …).
  public var events: [LifeEvent]
  /// Families in which this person is a child (indices into ``GEDCOMDocument/families``).
  public var parentFamilies: [Int]
  /// Families in which this person is a spouse or parent.
  public var spouseFamilies: [Int]

  /// The preferred name, if any.
  public var name: PersonName? { names.first }

  /// The birth, or failing that the christening or baptism.
  public var birth: LifeEvent? { firstEvent("BIRT", else: "CHR", "BAPM") }

  /// The death, or failing that the burial or cremation.
  public var death: LifeEvent? { firstEvent("DEAT", else: "BURI", "CREM") }

  /// The first event tagged `tag`, or failing that the first tagged `second` or `third`.
  public func firstEvent(_ tag: String, else second: String? = nil, _ third: String? = nil) -> LifeEvent? {
    var fallback: LifeEvent?
    for event in events {
      if event.tag == tag { return event }
      if fallback == nil, event.tag == second || event.tag == third { fallback = event }
    }
    return fallback
  }
}
