import OhanaDates

/// The typed views, made from the compact ``RecordIndex`` and the record's lines (read again
/// from the text) when they are read.
extension GEDCOMDocument {
  /// Individuals (`INDI` records), with links reconciled from both sides.
  public var individuals: RecordList<Individual> {
    RecordList(count: index.personCount) { [self] in individual($0) }
  }

  /// Families (`FAM` records), with links reconciled from both sides.
  public var families: RecordList<Family> {
    RecordList(count: index.familyCount) { [self] in family($0) }
  }

  /// Source records.
  public var sources: RecordList<SourceRecord> {
    RecordList(count: index.sourceRecord.count) { [self] in source($0) }
  }

  /// Shared note records (`NOTE` records of 5.x, `SNOTE` of 7.0).
  public var notes: RecordList<NoteRecord> {
    RecordList(count: index.noteRecord.count) { [self] position in
      let tree = recordTree(Int(index.noteRecord[position]))
      let record = tree.base
      return NoteRecord(
        xref: tree.xref(record) ?? "", line: Int(tree[record].line), text: tree.value(record) ?? "")
    }
  }

  /// Number of individuals with no parents' family.
  var peopleWithoutParents: Int {
    (0..<index.personCount).count { index.parentFamilies[$0].isEmpty }
  }

  private func individual(_ position: Int) -> Individual {
    let tree = recordTree(Int(index.personRecord[position]))
    let record = tree.base
    var person = Individual(
      xref: tree.xref(record) ?? "", line: Int(tree[record].line), node: record, names: [],
      sex: index.sex[position],
      events: [], parentFamilies: index.parentFamilies[position].map(Int.init),
      spouseFamilies: index.spouseFamilies[position].map(Int.init))
    for child in tree.children(record) {
      switch tree[child].tag {
      case Tag.name:
        let type = tags.find("TYPE").flatMap { tree.firstChild(child, tag: $0) }.flatMap { tree.value($0) }
        let given = tree.firstChild(child, tag: Tag.givn).flatMap { tree.value($0) }
        let surname = tree.firstChild(child, tag: Tag.surn).flatMap { tree.value($0) }
        person.names.append(
          PersonName(value: tree.value(child) ?? "", givenPart: given, surnamePart: surname, type: type))
      case Tag.sex, Tag.famc, Tag.fams: break
      default:
        if let event = event(child, in: tree) { person.events.append(event) }
      }
    }
    return person
  }

  private func family(_ position: Int) -> Family {
    let tree = recordTree(Int(index.familyRecord[position]))
    let record = tree.base
    let husband = index.husband[position]
    let wife = index.wife[position]
    var family = Family(
      xref: tree.xref(record) ?? "", line: Int(tree[record].line), node: record,
      husband: husband >= 0 ? Int(husband) : nil, wife: wife >= 0 ? Int(wife) : nil,
      children: index.children[position].map(Int.init), events: [])
    for child in tree.children(record) {
      switch tree[child].tag {
      case Tag.husb, Tag.wife, Tag.chil: break
      default:
        if let event = event(child, in: tree) { family.events.append(event) }
      }
    }
    return family
  }

  private func source(_ position: Int) -> SourceRecord {
    let tree = recordTree(Int(index.sourceRecord[position]))
    let record = tree.base
    func text(_ tag: Int32) -> String? { tree.firstChild(record, tag: tag).flatMap { tree.value($0) } }
    return SourceRecord(
      xref: tree.xref(record) ?? "", line: Int(tree[record].line), title: text(Tag.titl),
      author: text(Tag.auth),
      publication: text(Tag.publ))
  }

  /// The event or attribute at `node`, if it is one (see ``RecordBuilder/eventTags``).
  private func event(_ node: Int, in tree: NodeTree) -> LifeEvent? {
    let date = tree.firstChild(node, tag: Tag.date)
    let place = tree.firstChild(node, tag: Tag.plac)
    guard index.isEventTag[Int(tree[node].tag)] || date != nil || place != nil else { return nil }
    return LifeEvent(
      tag: tree.tag(node), value: tree.value(node),
      date: date.flatMap { date in
        tree[date].hasValue ? tree.withValueBytes(date) { GEDCOMDate(parsing: $0) } : nil
      },
      place: place.flatMap { tree.value($0) }.map { PersonName.collapse($0) }, line: Int(tree[node].line))
  }
}
