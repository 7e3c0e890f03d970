/// One step of what the records say about links, in record order: the start of an individual
/// or family, one of its pointer lines, or a finding about it. ``RecordBuilder`` replays the
/// steps once every record is known, so that pointers to later records resolve.
struct LinkStep: Sendable {
  enum Kind: UInt8, Sendable {
    /// The start of individual `value`.
    case person
    /// The start of family `value`.
    case family
    /// Pointer lines; `value` is the interned xref id of the target.
    case famc, fams, husb, wife, chil
    /// A finding; `value` indexes the scan's pending diagnostics.
    case note

    /// The tag of a pointer step.
    var tag: String {
      switch self {
      case .famc: "FAMC"
      case .fams: "FAMS"
      case .husb: "HUSB"
      case .wife: "WIFE"
      case .chil: "CHIL"
      case .person, .family, .note: ""
      }
    }
  }

  var kind: Kind
  /// The source line of the pointer.
  var line: UInt32
  var value: Int32

  /// The step with its numbers as in the whole text, from a part read apart.
  func numbered(in run: GEDCOMScan.StepRun) -> LinkStep {
    var step = self
    switch kind {
    case .person: step.value += run.people
    case .family: step.value += run.families
    case .note: step.value += run.notes
    case .famc, .fams, .husb, .wife, .chil: if let xrefs = run.xrefs { step.value = xrefs[Int(value)] }
    }
    return step
  }
}
