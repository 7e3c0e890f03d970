import OhanaDates
import OhanaParallel

/// Resolves the pointer lines the scan read (``LinkStep``s) into the links of the record index,
/// then reconciles links recorded on one side only.
///
/// Replays the steps in record order (the parts of a large text side by side), so its findings
/// come in the order of the lines.
struct RecordBuilder {
  private let document: GEDCOMDocument
  private var index: RecordIndex
  private var individualOfXref: [Int32]
  private var familyOfXref: [Int32]
  private var diagnostics: [Diagnostic] = []

  /// Tags of events and attributes kept on individuals and families even without a date or
  /// place; any other child with a `DATE` or `PLAC` below it is kept too.
  static let eventTags: Set<String> = [
    "BIRT", "CHR", "BAPM", "DEAT", "BURI", "CREM", "RESI", "OCCU", "MARR", "DIV", "ENGA", "MARB", "MARL",
    "MARS", "MARC", "ANUL", "DIVF", "ADOP", "CHRA", "CONF", "FCOM", "EMIG", "IMMI", "NATU", "CENS", "PROB",
    "WILL", "GRAD", "RETI", "EVEN", "EDUC", "RELI", "BARM", "BASM", "BLES", "ORDN",
  ]

  /// Links the document's index from the scan's steps and findings, letting the steps go
  /// once linked.
  static func build(_ document: inout GEDCOMDocument, scan: consuming GEDCOMScan) {
    var builder = RecordBuilder(document: document)
    document.index = RecordIndex()  // one copy of the columns, not two
    builder.link(scan.steps, notes: scan.records.notes)
    scan.steps = []
    builder.reconcile()
    builder.index.parentFamilies.compact()
    builder.index.spouseFamilies.compact()
    builder.index.children.compact()
    builder.index.isEventTag = (0..<Int32(document.tags.count)).map {
      Self.eventTags.contains(document.tags.name($0))
    }
    document.index = builder.index
    document.diagnostics += builder.diagnostics
  }

  private init(document: GEDCOMDocument) {
    self.document = document
    index = document.index
    individualOfXref = Array(repeating: -1, count: document.xrefs.count)
    familyOfXref = Array(repeating: -1, count: document.xrefs.count)
    for (person, xref) in index.personXref.enumerated() { individualOfXref[Int(xref)] = Int32(person) }
    for (family, xref) in index.familyXref.enumerated() { familyOfXref[Int(xref)] = Int32(family) }
  }

  /// Who the steps being replayed belong to.
  private enum Owner {
    case none
    case person(Int32)
    case family(Int32, husband: Int32, wife: Int32)
  }

  /// The links and findings of the steps of one part of the text, for its own people and
  /// families, in their order.
  private struct Links: Sendable {
    var parentFamilies = LinkLists()
    var spouseFamilies = LinkLists()
    var husband: [Int32] = []
    var wife: [Int32] = []
    var children = LinkLists()
    var diagnostics: [Diagnostic] = []
  }

  /// Replays each part's steps, the parts side by side: a part's steps start with a person
  /// or a family of its own, so its links only follow the links of the parts before it.
  private mutating func link(_ runs: [GEDCOMScan.StepRun], notes: [Diagnostic]) {
    let builder = self
    var parts = Parallel.map(runs.count) { builder.link(runs[$0], notes: notes) }
    // Column by column, each part's copy let go once joined: the parts and the whole are never
    // held in full at once.
    func joined(_ column: WritableKeyPath<Links, LinkLists>) -> LinkLists {
      defer { for part in parts.indices { parts[part][keyPath: column] = LinkLists() } }
      return LinkLists(joining: parts.map { $0[keyPath: column] })
    }
    func joined(_ column: WritableKeyPath<Links, [Int32]>) -> [Int32] {
      defer { for part in parts.indices { parts[part][keyPath: column] = [] } }
      return parts.count == 1 ? parts[0][keyPath: column] : Array(parts.map { $0[keyPath: column] }.joined())
    }
    index.parentFamilies = joined(\.parentFamilies)
    index.spouseFamilies = joined(\.spouseFamilies)
    index.children = joined(\.children)
    index.husband = joined(\.husband)
    index.wife = joined(\.wife)
    diagnostics += parts.map(\.diagnostics).joined()
  }

  /// The links of one part's steps.
  private func link(_ run: GEDCOMScan.StepRun, notes: [Diagnostic]) -> Links {
    var links = Links()
    var owner = Owner.none
    for step in run.steps {
      link(step.numbered(in: run), owner: &owner, into: &links, notes: notes)
    }
    finish(owner, &links)
    return links
  }

  /// Replays one step, numbered as in the whole text.
  private func link(_ step: LinkStep, owner: inout Owner, into links: inout Links, notes: [Diagnostic]) {
    switch step.kind {
    case .person:
      finish(owner, &links)
      owner = .person(step.value)
    case .family:
      finish(owner, &links)
      owner = .family(step.value, husband: -1, wife: -1)
    case .famc, .fams:
      guard case .person(let person) = owner,
        let family = resolve(step, from: index.personXref[Int(person)], &links.diagnostics)
      else {
        return
      }
      if step.kind == .famc {
        links.parentFamilies.appendUnique(family)
      } else {
        links.spouseFamilies.appendUnique(family)
      }
    case .husb, .wife:
      guard case .family(let family, var husband, var wife) = owner,
        let person = resolve(step, from: index.familyXref[Int(family)], &links.diagnostics)
      else { return }
      let slot = step.kind == .husb ? husband : wife
      if slot >= 0, slot != person {
        links.diagnostics.append(
          Diagnostic(
            line: Int(step.line), severity: .warning, code: "extra-spouse",
            message: "the family @\(familyXref(Int(family)))@ names a second \(step.kind.tag); ignored"))
      } else if step.kind == .husb {
        husband = person
      } else {
        wife = person
      }
      owner = .family(family, husband: husband, wife: wife)
    case .chil:
      guard case .family(let family, _, _) = owner,
        let person = resolve(step, from: index.familyXref[Int(family)], &links.diagnostics)
      else {
        return
      }
      links.children.appendUnique(person)
    case .note:
      links.diagnostics.append(notes[Int(step.value)])
    }
  }

  /// Ends the link lists of the owner whose steps are over.
  private func finish(_ owner: Owner, _ links: inout Links) {
    switch owner {
    case .none: break
    case .person:
      links.parentFamilies.closeList()
      links.spouseFamilies.closeList()
    case .family(_, let husband, let wife):
      links.children.closeList()
      links.husband.append(husband)
      links.wife.append(wife)
    }
  }

  /// The typed index a pointer step refers to, or nil with a diagnostic when it leads nowhere.
  private func resolve(_ step: LinkStep, from owner: Int32, _ diagnostics: inout [Diagnostic]) -> Int32? {
    let id = Int(step.value)
    let expectsFamily = step.kind == .famc || step.kind == .fams
    let found = expectsFamily ? familyOfXref[id] : individualOfXref[id]
    if found >= 0 { return found }
    let ownerXref = document.xrefs.name(owner)
    let target = document.xrefs.name(step.value)
    let line = Int(step.line)
    if document.recordOfXref[id] >= 0 {
      let other = document.recordTag(ofNode: Int(document.recordOfXref[id]))
      diagnostics.append(
        Diagnostic(
          line: line, severity: .error, code: "wrong-pointer",
          message: "\(step.kind.tag) of @\(ownerXref)@ points to @\(target)@, a \(other) record, not "
            + (expectsFamily ? "a family" : "an individual")))
    } else {
      diagnostics.append(
        Diagnostic(
          line: line, severity: .error, code: "dangling-pointer",
          message: "\(step.kind.tag) of @\(ownerXref)@ points to @\(target)@, which does not exist"))
    }
    return nil
  }

  private func personXref(_ person: Int) -> String { document.xrefs.name(index.personXref[person]) }
  private func familyXref(_ family: Int) -> String { document.xrefs.name(index.familyXref[family]) }

  /// Links recorded on one side only are made on both, with a warning each.
  ///
  /// Few records have such a link: they and their one-sided links are found on all cores, then
  /// mended one by one in order. Mending one record only adds it to others' lists or fills
  /// their empty spouse slots with it, which never changes which of another record's links are
  /// one-sided, so the result is the same as finding and mending every record in turn. People
  /// come first, then families, found after the people are mended.
  private mutating func reconcile() {
    let people = index.withLinkRows { rows in
      Self.found(among: index.personCount) { rows.oneSided(person: $0) }
    }
    for (person, links) in people { reconcile(person: person, links) }
    // The people's mending is folded in, so that the families are found on the lists as they are.
    index.parentFamilies.compact()
    index.spouseFamilies.compact()
    index.children.compact()
    let families = index.withLinkRows { rows in
      Self.found(among: index.familyCount) { rows.oneSided(family: $0) }
    }
    for (family, links) in families { reconcile(family: family, links) }
  }

  /// The numbers below `count` with one-sided links, and those links, in order, found in two
  /// halves side by side.
  private static func found(among count: Int, _ links: @escaping (Int) -> LinkRows.OneSided)
    -> [(Int, LinkRows.OneSided)]
  {
    Array(
      Parallel.map(count, chunks: 2) { range in
        range.compactMap { owner in
          let found = links(owner)
          return found.isEmpty ? nil : (owner, found)
        }
      }.joined())
  }

  private mutating func reconcile(person: Int, _ links: LinkRows.OneSided) {
    let me = Int32(person)
    let line = document.recordLine(Int(index.personRecord[person]))
    for family in links.child {
      if index.husband[Int(family)] == me || index.wife[Int(family)] == me {
        note(
          line, .error, "own-parent",
          "@\(personXref(person))@ is a child (FAMC) of @\(familyXref(Int(family)))@, in which they are a parent; "
            + "link dropped"
        )
        index.parentFamilies.remove(person, family)
        continue
      }
      index.children.append(Int(family), me)
      note(
        line, .warning, "one-sided-link",
        "@\(personXref(person))@ names @\(familyXref(Int(family)))@ as their parents' family (FAMC), "
          + "but the family does not list them (CHIL); linked both ways")
    }
    for family in links.spouse {
      let f = Int(family)
      let sex = index.sex[person]
      let asWife = sex == .female || (sex != .male && index.husband[f] >= 0)
      if asWife && index.wife[f] < 0 {
        index.wife[f] = me
      } else if !asWife && index.husband[f] < 0 {
        index.husband[f] = me
      } else {
        note(
          line, .warning, "one-sided-link",
          "@\(personXref(person))@ names @\(familyXref(f))@ as their own family (FAMS), but its spouses are already "
            + "known; link dropped")
        index.spouseFamilies.remove(person, family)
        continue
      }
      note(
        line, .warning, "one-sided-link",
        "@\(personXref(person))@ names @\(familyXref(f))@ as their own family (FAMS), but the family does not "
          + "list them as \(asWife ? "WIFE" : "HUSB"); linked both ways")
    }
  }

  private mutating func reconcile(family: Int, _ links: LinkRows.OneSided) {
    let me = Int32(family)
    let line = document.recordLine(Int(index.familyRecord[family]))
    let husband = index.husband[family]
    let wife = index.wife[family]
    for parent in links.spouse {
      index.spouseFamilies.append(Int(parent), me)
      note(
        line, .warning, "one-sided-link",
        "@\(familyXref(family))@ lists @\(personXref(Int(parent)))@ as a spouse, but they do not name the family "
          + "(FAMS); linked both ways")
    }
    for child in links.child {
      if child == husband || child == wife {
        note(
          line, .error, "own-parent",
          "@\(familyXref(family))@ lists @\(personXref(Int(child)))@ as both parent and child; child link dropped"
        )
        index.children.remove(family, child)
        continue
      }
      index.parentFamilies.append(Int(child), me)
      note(
        line, .warning, "one-sided-link",
        "@\(familyXref(family))@ lists @\(personXref(Int(child)))@ as a child (CHIL), but they do not name the "
          + "family (FAMC); linked both ways")
    }
  }

  private mutating func note(_ line: Int, _ severity: Diagnostic.Severity, _ code: String, _ message: String)
  {
    diagnostics.append(Diagnostic(line: line, severity: severity, code: code, message: message))
  }
}
