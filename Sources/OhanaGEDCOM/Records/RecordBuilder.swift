import OhanaDates

/// Builds the typed views (individuals, families, sources, notes) from the record tree in one
/// pass over the records, resolving pointers and reconciling links recorded on one side only.
struct RecordBuilder {
  private var document: GEDCOMDocument
  private var individualOfXref: [Int32]
  private var familyOfXref: [Int32]
  private var diagnostics: [Diagnostic] = []
  /// Whether each interned tag is in ``eventTags`` (looked up by id, not by string, per line).
  private let isEventTag: [Bool]
  private let typeTag: Int32

  /// Tags of events and attributes kept on individuals and families even without a date or
  /// place; any other child with a `DATE` or `PLAC` below it is kept too.
  static let eventTags: Set<String> = [
    "BIRT", "CHR", "BAPM", "DEAT", "BURI", "CREM", "RESI", "OCCU", "MARR", "DIV", "ENGA", "MARB", "MARL",
    "MARS", "MARC", "ANUL", "DIVF", "ADOP", "CHRA", "CONF", "FCOM", "EMIG", "IMMI", "NATU", "CENS", "PROB",
    "WILL", "GRAD", "RETI", "EVEN", "EDUC", "RELI", "BARM", "BASM", "BLES", "ORDN",
  ]

  static func build(_ document: inout GEDCOMDocument) {
    var builder = RecordBuilder(document: document)
    builder.buildAll()
    document = builder.document
  }

  private init(document: GEDCOMDocument) {
    self.document = document
    individualOfXref = Array(repeating: -1, count: document.xrefs.count)
    familyOfXref = Array(repeating: -1, count: document.xrefs.count)
    isEventTag = (0..<Int32(document.tags.count)).map { Self.eventTags.contains(document.tags.name($0)) }
    typeTag = document.tags.find("TYPE") ?? -1
  }

  private mutating func buildAll() {
    // Ids first, so that pointers can be resolved whatever the record order.
    var individualCount: Int32 = 0
    var familyCount: Int32 = 0
    for record in document.records {
      let node = document.nodes[record]
      guard node.hasXref, node.tag == Tag.indi || node.tag == Tag.fam else { continue }
      let id = xrefID(of: record)
      guard document.recordOfXref[id] == Int32(record) else { continue }  // a duplicate id
      if node.tag == Tag.indi {
        individualOfXref[id] = individualCount
        individualCount += 1
      } else {
        familyOfXref[id] = familyCount
        familyCount += 1
      }
    }
    var individuals: [Individual] = []
    var families: [Family] = []
    individuals.reserveCapacity(Int(individualCount))
    families.reserveCapacity(Int(familyCount))
    for record in document.records {
      let node = document.nodes[record]
      let registered = node.hasXref && document.recordOfXref[xrefID(of: record)] == Int32(record)
      switch node.tag {
      case Tag.indi where registered: individuals.append(individual(record))
      case Tag.fam where registered: families.append(family(record))
      case Tag.indi, Tag.fam:
        if !node.hasXref {
          note(record, .warning, "missing-xref", "a \(document.tag(record)) record without an id cannot be linked")
        }
      case Tag.sour: document.sources.append(source(record))
      case Tag.note, Tag.snote:
        if node.hasXref {
          document.notes.append(
            NoteRecord(xref: document.xref(record) ?? "", line: Int(node.line), text: document.value(record) ?? ""))
        }
      default: break
      }
    }
    reconcile(&individuals, &families)
    document.individuals = individuals
    document.families = families
    document.diagnostics += diagnostics
  }

  private func xrefID(of record: Int) -> Int {
    let node = document.nodes[record]
    return document.text.withUnsafeBytes {
      Int(document.xrefs.find(UnsafeRawBufferPointer(rebasing: $0[Int(node.xrefStart)..<Int(node.xrefStart) + Int(node.xrefLength)])) ?? -1)
    }
  }

  private mutating func individual(_ record: Int) -> Individual {
    var person = Individual(
      xref: document.xref(record) ?? "", line: Int(document.nodes[record].line), node: record, names: [],
      sex: .unknown, events: [], parentFamilies: [], spouseFamilies: [])
    for child in document.children(record) {
      let tag = document.nodes[child].tag
      switch tag {
      case Tag.name:
        let type = document.firstChild(child, tag: typeTag).flatMap { document.value($0) }
        let value = document.value(child) ?? ""
        let given = document.firstChild(child, tag: Tag.givn).flatMap { document.value($0) }
        let surname = document.firstChild(child, tag: Tag.surn).flatMap { document.value($0) }
        person.names.append(PersonName(value: value, givenPart: given, surnamePart: surname, type: type))
      case Tag.sex:
        let value = document.value(child) ?? ""
        if let sex = Sex(recorded: value) {
          person.sex = sex
        } else {
          note(child, .warning, "unknown-sex", "the sex \"\(value)\" is not M, F, X or U; read as unknown")
        }
      case Tag.famc, Tag.fams:
        if let family = resolve(child, from: person.xref, expecting: Tag.fam) {
          if tag == Tag.famc {
            if !person.parentFamilies.contains(family) { person.parentFamilies.append(family) }
          } else if !person.spouseFamilies.contains(family) {
            person.spouseFamilies.append(family)
          }
        }
      default:
        if let event = event(child) { person.events.append(event) }
      }
    }
    return person
  }

  private mutating func family(_ record: Int) -> Family {
    var family = Family(
      xref: document.xref(record) ?? "", line: Int(document.nodes[record].line), node: record, husband: nil,
      wife: nil, children: [], events: [])
    for child in document.children(record) {
      let tag = document.nodes[child].tag
      switch tag {
      case Tag.husb, Tag.wife:
        guard let person = resolve(child, from: family.xref, expecting: Tag.indi) else { continue }
        let slot = tag == Tag.husb ? family.husband : family.wife
        if let slot, slot != person {
          note(child, .warning, "extra-spouse", "the family @\(family.xref)@ names a second \(document.tag(child)); ignored")
        } else if tag == Tag.husb {
          family.husband = person
        } else {
          family.wife = person
        }
      case Tag.chil:
        if let person = resolve(child, from: family.xref, expecting: Tag.indi), !family.children.contains(person) {
          family.children.append(person)
        }
      default:
        if let event = event(child) { family.events.append(event) }
      }
    }
    return family
  }

  private func source(_ record: Int) -> SourceRecord {
    func text(_ tag: Int32) -> String? { document.firstChild(record, tag: tag).flatMap { document.value($0) } }
    return SourceRecord(
      xref: document.xref(record) ?? "", line: Int(document.nodes[record].line), title: text(Tag.titl),
      author: text(Tag.auth), publication: text(Tag.publ))
  }

  private func event(_ node: Int) -> LifeEvent? {
    let date = document.firstChild(node, tag: Tag.date)
    let place = document.firstChild(node, tag: Tag.plac)
    guard isEventTag[Int(document.nodes[node].tag)] || date != nil || place != nil else { return nil }
    return LifeEvent(
      tag: document.tag(node), value: document.value(node),
      date: date.flatMap { date in
        document.nodes[date].hasValue ? document.withValueBytes(date) { (bytes: UnsafeRawBufferPointer) in GEDCOMDate(parsing: bytes) } : nil
      },
      place: place.flatMap { document.value($0) }.map { PersonName.collapse($0) }, line: Int(document.nodes[node].line))
  }

  /// The typed index a pointer line refers to, or nil with a diagnostic when it leads nowhere.
  private mutating func resolve(_ node: Int, from owner: String, expecting kind: Int32) -> Int? {
    let tag = document.tag(node)
    guard document.nodes[node].isPointer else {
      if document.nodes[node].hasValue {
        note(node, .error, "not-a-pointer", "\(tag) of @\(owner)@ holds \"\(document.value(node) ?? "")\", not a pointer like @F1@")
      }
      return nil
    }
    let target = document.value(node) ?? ""
    if target == "VOID" { return nil }
    let id = document.withValueBytes(node) { (bytes: UnsafeRawBufferPointer) in document.xrefs.find(bytes) }.map { Int($0) }
    if let id {
      let index = kind == Tag.fam ? familyOfXref[id] : individualOfXref[id]
      if index >= 0 { return Int(index) }
    }
    if let id, document.recordOfXref[id] >= 0 {
      let other = document.tag(Int(document.recordOfXref[id]))
      note(
        node, .error, "wrong-pointer",
        "\(tag) of @\(owner)@ points to @\(target)@, a \(other) record, not \(kind == Tag.fam ? "a family" : "an individual")")
    } else {
      note(node, .error, "dangling-pointer", "\(tag) of @\(owner)@ points to @\(target)@, which does not exist")
    }
    return nil
  }

  /// Links recorded on one side only are made on both, with a warning each.
  private mutating func reconcile(_ individuals: inout [Individual], _ families: inout [Family]) {
    for personIndex in individuals.indices {
      let person = individuals[personIndex]
      for familyIndex in person.parentFamilies where !families[familyIndex].children.contains(personIndex) {
        if families[familyIndex].parents.contains(personIndex) {
          note(person.node, .error, "own-parent", "@\(person.xref)@ is a child (FAMC) of @\(families[familyIndex].xref)@, in which they are a parent; link dropped")
          individuals[personIndex].parentFamilies.removeAll { $0 == familyIndex }
          continue
        }
        families[familyIndex].children.append(personIndex)
        note(
          person.node, .warning, "one-sided-link",
          "@\(person.xref)@ names @\(families[familyIndex].xref)@ as their parents' family (FAMC), "
            + "but the family does not list them (CHIL); linked both ways")
      }
      for familyIndex in person.spouseFamilies where !families[familyIndex].parents.contains(personIndex) {
        var family = families[familyIndex]
        let asWife = person.sex == .female || (person.sex != .male && family.husband != nil)
        if asWife && family.wife == nil {
          family.wife = personIndex
        } else if !asWife && family.husband == nil {
          family.husband = personIndex
        } else {
          note(
            person.node, .warning, "one-sided-link",
            "@\(person.xref)@ names @\(family.xref)@ as their own family (FAMS), but its spouses are already "
              + "known; link dropped")
          individuals[personIndex].spouseFamilies.removeAll { $0 == familyIndex }
          continue
        }
        families[familyIndex] = family
        note(
          person.node, .warning, "one-sided-link",
          "@\(person.xref)@ names @\(family.xref)@ as their own family (FAMS), but the family does not list them "
            + "as \(asWife ? "WIFE" : "HUSB"); linked both ways")
      }
    }
    for familyIndex in families.indices {
      let family = families[familyIndex]
      for parent in family.parents where !individuals[parent].spouseFamilies.contains(familyIndex) {
        individuals[parent].spouseFamilies.append(familyIndex)
        note(
          family.node, .warning, "one-sided-link",
          "@\(family.xref)@ lists @\(individuals[parent].xref)@ as a spouse, but they do not name the family (FAMS); "
            + "linked both ways")
      }
      for child in family.children where !individuals[child].parentFamilies.contains(familyIndex) {
        if family.parents.contains(child) {
          note(family.node, .error, "own-parent", "@\(family.xref)@ lists @\(individuals[child].xref)@ as both parent and child; child link dropped")
          families[familyIndex].children.removeAll { $0 == child }
          continue
        }
        individuals[child].parentFamilies.append(familyIndex)
        note(
          family.node, .warning, "one-sided-link",
          "@\(family.xref)@ lists @\(individuals[child].xref)@ as a child (CHIL), but they do not name the family "
            + "(FAMC); linked both ways")
      }
    }
  }

  private mutating func note(_ node: Int, _ severity: Diagnostic.Severity, _ code: String, _ message: String) {
    diagnostics.append(Diagnostic(line: Int(document.nodes[node].line), severity: severity, code: code, message: message))
  }
}
