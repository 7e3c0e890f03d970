import OhanaDates

/// An event or attribute of a person or family: birth, death, marriage, residence,
/// occupation … with its date and place.
public struct LifeEvent: Sendable, Equatable {
  /// The tag (`BIRT`, `DEAT`, `MARR`, `OCCU`, `_MILT` …).
  public var tag: String
  /// The event's own value (`Y`, an occupation's name), if any.
  public var value: String?
  /// `DATE`, parsed.
  public var date: GEDCOMDate?
  /// `PLAC`, as written.
  public var place: String?
  /// The source line of the event.
  public var line: Int

  public init(tag: String, value: String? = nil, date: GEDCOMDate? = nil, place: String? = nil, line: Int) {
    self.tag = tag
    self.value = value
    self.date = date
    self.place = place
    self.line = line
  }
}
