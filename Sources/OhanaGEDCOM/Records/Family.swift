/// A `FAM` record, with links reconciled from both sides.
public struct Family: Sendable, Equatable {
  public var xref: String
  public var line: Int
  /// Index of the record node in ``GEDCOMDocument/nodes``.
  public var node: Int
  /// `HUSB` (index into ``GEDCOMDocument/individuals``).
  public var husband: Int?
  /// `WIFE`.
  public var wife: Int?
  /// `CHIL`, in file order.
  public var children: [Int]
  /// `MARR`, `DIV`, `ENGA` … in file order.
  public var events: [LifeEvent]

  /// The marriage, if recorded.
  public var marriage: LifeEvent? { events.first { $0.tag == "MARR" } }

  /// Both parents that are known.
  public var parents: [Int] { [husband, wife].compactMap { $0 } }
}
