import OhanaDates

/// Builds the compact record index (see ``RecordIndex``) from the record tree in one pass over
/// the records, resolving pointers and reconciling links recorded on one side only.
///
/// Integers only on the hot path: tags are compared by id, pointers resolved by their bytes,
/// dates read with ``GEDCOMDate/summary(parsing:)``; strings are made for diagnostics alone.
struct RecordBuilder {
  private let document: GEDCOMDocument
  private var index = RecordIndex()
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

  static func build(_ document: inout GEDCOMDocument) {
    var builder = RecordBuilder(document: document)
    builder.buildAll()
    document.index = builder.index
    document.diagnostics += builder.diagnostics
  }

  private init(document: GEDCOMDocument) {
    self.document = document
    individualOfXref = Array(repeating: -1, count: document.xrefs.count)
    familyOfXref = Array(repeating: -1, count: document.xrefs.count)
    index.isEventTag = (0..<Int32(document.tags.count)).map { Self.eventTags.contains(document.tags.name($0)) }
  }

  private mutating func buildAll() {
    // Ids first, so that pointers can be resolved whatever the record order.
    var individualCount: Int32 = 0
    var familyCount: Int32 = 0
    for (position, record) in document.records.enumerated() {
      let node = document.nodes[record]
      let id = Int(document.recordXref[position])
      guard id >= 0, node.tag == Tag.indi || node.tag == Tag.fam else { continue }
      guard document.recordOfXref[id] == Int32(record) else { continue }  // a duplicate id
      if node.tag == Tag.indi {
        individualOfXref[id] = individualCount
        individualCount += 1
      } else {
        familyOfXref[id] = familyCount
        familyCount += 1
      }
    }
    reserve(people: Int(individualCount), families: Int(familyCount))
    for (position, record) in document.records.enumerated() {
      let node = document.nodes[record]
      let id = document.recordXref[position]
      let registered = id >= 0 && document.recordOfXref[Int(id)] == Int32(record)
      switch node.tag {
      case Tag.indi where registered: addIndividual(record, xref: id)
      case Tag.fam where registered: addFamily(record, xref: id)
      case Tag.indi, Tag.fam:
        if !node.hasXref {
          note(record, .warning, "missing-xref", "a \(document.tag(record)) record without an id cannot be linked")
        }
      case Tag.sour: index.sourceRecord.append(Int32(record))
      case Tag.note, Tag.snote:
        if node.hasXref { index.noteRecord.append(Int32(record)) }
      default: break
      }
    }
    reconcile()
    index.parentFamilies.compact()
    index.spouseFamilies.compact()
    index.children.compact()
  }

  private mutating func reserve(people: Int, families: Int) {
    for column in [\RecordIndex.personRecord, \.personXref, \.birthEvent, \.deathEvent, \.nameNode] as [WritableKeyPath<RecordIndex, [Int32]>] {
      index[keyPath: column].reserveCapacity(people)
    }
    for column in [\RecordIndex.familyRecord, \.familyXref, \.husband, \.wife, \.marriageEvent] as [WritableKeyPath<RecordIndex, [Int32]>] {
      index[keyPath: column].reserveCapacity(families)
    }
    index.sex.reserveCapacity(people)
    index.birth.reserveCapacity(people)
    index.death.reserveCapacity(people)
    index.marriage.reserveCapacity(families)
  }

  /// The event nodes seen for one of the date columns: the preferred tag, else the first of
  /// the fallbacks, with their dates.
  private struct Pick {
    var preferred: Int32 = -1
    var fallback: Int32 = -1
    var preferredDate = DateColumn.Entry.unknown
    var fallbackDate = DateColumn.Entry.unknown

    mutating func offer(_ node: Int, date: DateColumn.Entry, isPreferred: Bool, isFallback: Bool) {
      if isPreferred, preferred < 0 {
        preferred = Int32(node)
        preferredDate = date
      } else if isFallback, fallback < 0 {
        fallback = Int32(node)
        fallbackDate = date
      }
    }

    var event: Int32 { preferred >= 0 ? preferred : fallback }
    var date: DateColumn.Entry { preferred >= 0 ? preferredDate : fallbackDate }
  }

  private mutating func addIndividual(_ record: Int, xref: Int32) {
    let person = Int32(index.personRecord.count)
    index.personRecord.append(Int32(record))
    index.personXref.append(xref)
    var sex = Sex.unknown
    var name: Int32 = -1
    var birth = Pick()
    var death = Pick()
    var child = record + 1
    let end = Int(document.nodes[record].subtreeEnd)
    while child < end {
      let tag = document.nodes[child].tag
      switch tag {
      case Tag.name:
        if name < 0 { name = Int32(child) }
      case Tag.sex:
        if let recorded = readSex(child) {
          sex = recorded
        } else {
          let value = document.value(child) ?? ""
          note(child, .warning, "unknown-sex", "the sex \"\(value)\" is not M, F, X or U; read as unknown")
        }
      case Tag.famc:
        if let family = resolve(child, from: record, expecting: Tag.fam) { index.parentFamilies.appendUnique(family) }
      case Tag.fams:
        if let family = resolve(child, from: record, expecting: Tag.fam) { index.spouseFamilies.appendUnique(family) }
      default:
        let date = eventDate(child, owner: person, isFamily: false)
        birth.offer(child, date: date, isPreferred: tag == Tag.birt, isFallback: tag == Tag.chr || tag == Tag.bapm)
        death.offer(child, date: date, isPreferred: tag == Tag.deat, isFallback: tag == Tag.buri || tag == Tag.crem)
      }
      child = Int(document.nodes[child].subtreeEnd)
    }
    index.parentFamilies.closeList()
    index.spouseFamilies.closeList()
    index.sex.append(sex)
    index.nameNode.append(name)
    index.birthEvent.append(birth.event)
    index.birth.append(birth.date)
    index.deathEvent.append(death.event)
    index.death.append(death.date)
  }

  private mutating func addFamily(_ record: Int, xref: Int32) {
    let family = Int32(index.familyRecord.count)
    index.familyRecord.append(Int32(record))
    index.familyXref.append(xref)
    var husband: Int32 = -1
    var wife: Int32 = -1
    var marriage = Pick()
    var child = record + 1
    let end = Int(document.nodes[record].subtreeEnd)
    while child < end {
      let tag = document.nodes[child].tag
      switch tag {
      case Tag.husb, Tag.wife:
        if let person = resolve(child, from: record, expecting: Tag.indi) {
          let slot = tag == Tag.husb ? husband : wife
          if slot >= 0, slot != person {
            let xref = document.xref(record) ?? ""
            note(child, .warning, "extra-spouse", "the family @\(xref)@ names a second \(document.tag(child)); ignored")
          } else if tag == Tag.husb {
            husband = person
          } else {
            wife = person
          }
        }
      case Tag.chil:
        if let person = resolve(child, from: record, expecting: Tag.indi) { index.children.appendUnique(person) }
      default:
        let date = eventDate(child, owner: family, isFamily: true)
        marriage.offer(child, date: date, isPreferred: tag == Tag.marr, isFallback: false)
      }
      child = Int(document.nodes[child].subtreeEnd)
    }
    index.children.closeList()
    index.husband.append(husband)
    index.wife.append(wife)
    index.marriageEvent.append(marriage.event)
    index.marriage.append(marriage.date)
  }

  /// `SEX` read from its bytes when it is a single letter, else by ``Sex/init(recorded:)``.
  private func readSex(_ node: Int) -> Sex? {
    let letter: UInt8? = document.withValueBytes(node) { $0.count == 1 ? $0[0] | 0x20 : nil }
    switch letter {
    case UInt8(ascii: "m"): return .male
    case UInt8(ascii: "f"): return .female
    case UInt8(ascii: "x"): return .other
    case UInt8(ascii: "u"): return .unknown
    default: return Sex(recorded: document.value(node) ?? "")
    }
  }

  /// The date of an event node (its first `DATE` with a value), noting the event when the
  /// date has problems.
  private mutating func eventDate(_ event: Int, owner: Int32, isFamily: Bool) -> DateColumn.Entry {
    guard let date = document.firstChild(event, tag: Tag.date), document.nodes[date].hasValue else { return .unknown }
    let summary = document.withValueBytes(date) { GEDCOMDate.summary(parsing: $0) }
    if summary.hasProblems {
      if isFamily {
        index.familyDateProblems.append((owner, Int32(event)))
      } else {
        index.personDateProblems.append((owner, Int32(event)))
      }
    }
    guard let range = summary.range else { return .unknown }
    return DateColumn.Entry(earliest: range.earliest, latest: range.latest, precision: summary.precision)
  }

  /// The typed index a pointer line refers to, or nil with a diagnostic when it leads nowhere.
  private mutating func resolve(_ node: Int, from owner: Int, expecting kind: Int32) -> Int32? {
    guard document.nodes[node].isPointer else {
      if document.nodes[node].hasValue {
        note(
          node, .error, "not-a-pointer",
          "\(document.tag(node)) of @\(document.xref(owner) ?? "")@ holds \"\(document.value(node) ?? "")\", not a pointer like @F1@")
      }
      return nil
    }
    var isVoid = false
    let id = document.withValueBytes(node) { bytes -> Int? in
      isVoid = bytes.elementsEqual("VOID".utf8)
      return isVoid ? nil : document.xrefs.find(bytes).map(Int.init)
    }
    if isVoid { return nil }
    if let id {
      let found = kind == Tag.fam ? familyOfXref[id] : individualOfXref[id]
      if found >= 0 { return found }
    }
    let tag = document.tag(node)
    let ownerXref = document.xref(owner) ?? ""
    let target = document.value(node) ?? ""
    if let id, document.recordOfXref[id] >= 0 {
      let other = document.tag(Int(document.recordOfXref[id]))
      note(
        node, .error, "wrong-pointer",
        "\(tag) of @\(ownerXref)@ points to @\(target)@, a \(other) record, not \(kind == Tag.fam ? "a family" : "an individual")")
    } else {
      note(node, .error, "dangling-pointer", "\(tag) of @\(ownerXref)@ points to @\(target)@, which does not exist")
    }
    return nil
  }

  private func personXref(_ person: Int) -> String { document.xref(Int(index.personRecord[person])) ?? "" }
  private func familyXref(_ family: Int) -> String { document.xref(Int(index.familyRecord[family])) ?? "" }

  /// Links recorded on one side only are made on both, with a warning each.
  private mutating func reconcile() {
    for person in 0..<index.personCount {
      let me = Int32(person)
      let node = Int(index.personRecord[person])
      for family in index.parentFamilies[person] where !index.children.contains(Int(family), me) {
        if index.husband[Int(family)] == me || index.wife[Int(family)] == me {
          note(node, .error, "own-parent", "@\(personXref(person))@ is a child (FAMC) of @\(familyXref(Int(family)))@, in which they are a parent; link dropped")
          index.parentFamilies.remove(person, family)
          continue
        }
        index.children.append(Int(family), me)
        note(
          node, .warning, "one-sided-link",
          "@\(personXref(person))@ names @\(familyXref(Int(family)))@ as their parents' family (FAMC), "
            + "but the family does not list them (CHIL); linked both ways")
      }
      for family in index.spouseFamilies[person] where index.husband[Int(family)] != me && index.wife[Int(family)] != me {
        let f = Int(family)
        let sex = index.sex[person]
        let asWife = sex == .female || (sex != .male && index.husband[f] >= 0)
        if asWife && index.wife[f] < 0 {
          index.wife[f] = me
        } else if !asWife && index.husband[f] < 0 {
          index.husband[f] = me
        } else {
          note(
            node, .warning, "one-sided-link",
            "@\(personXref(person))@ names @\(familyXref(f))@ as their own family (FAMS), but its spouses are already "
              + "known; link dropped")
          index.spouseFamilies.remove(person, family)
          continue
        }
        note(
          node, .warning, "one-sided-link",
          "@\(personXref(person))@ names @\(familyXref(f))@ as their own family (FAMS), but the family does not list them "
            + "as \(asWife ? "WIFE" : "HUSB"); linked both ways")
      }
    }
    for family in 0..<index.familyCount {
      let me = Int32(family)
      let node = Int(index.familyRecord[family])
      let husband = index.husband[family]
      let wife = index.wife[family]
      for slot in 0..<2 {
        let parent = slot == 0 ? husband : wife
        guard parent >= 0, !index.spouseFamilies.contains(Int(parent), me) else { continue }
        index.spouseFamilies.append(Int(parent), me)
        note(
          node, .warning, "one-sided-link",
          "@\(familyXref(family))@ lists @\(personXref(Int(parent)))@ as a spouse, but they do not name the family (FAMS); "
            + "linked both ways")
      }
      for child in index.children[family] where !index.parentFamilies.contains(Int(child), me) {
        if child == husband || child == wife {
          note(node, .error, "own-parent", "@\(familyXref(family))@ lists @\(personXref(Int(child)))@ as both parent and child; child link dropped")
          index.children.remove(family, child)
          continue
        }
        index.parentFamilies.append(Int(child), me)
        note(
          node, .warning, "one-sided-link",
          "@\(familyXref(family))@ lists @\(personXref(Int(child)))@ as a child (CHIL), but they do not name the family "
            + "(FAMC); linked both ways")
      }
    }
  }

  private mutating func note(_ node: Int, _ severity: Diagnostic.Severity, _ code: String, _ message: String) {
    diagnostics.append(Diagnostic(line: Int(document.nodes[node].line), severity: severity, code: code, message: message))
  }
}
