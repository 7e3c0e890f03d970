import OhanaDates

/// The typed views, made from the compact ``RecordIndex`` when they are read.
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
      let record = Int(index.noteRecord[position])
      return NoteRecord(xref: xref(record) ?? "", line: Int(nodes[record].line), text: value(record) ?? "")
    }
  }

  /// Number of individuals with no parents' family.
  var peopleWithoutParents: Int {
    (0..<index.personCount).count { index.parentFamilies[$0].isEmpty }
  }

  private func individual(_ position: Int) -> Individual {
    let record = Int(index.personRecord[position])
    var person = Individual(
      xref: xref(record) ?? "", line: Int(nodes[record].line), node: record, names: [], sex: index.sex[position],
      events: [], parentFamilies: index.parentFamilies[position].map(Int.init),
      spouseFamilies: index.spouseFamilies[position].map(Int.init))
    for child in children(record) {
      switch nodes[child].tag {
      case Tag.name:
        let type = tags.find("TYPE").flatMap { firstChild(child, tag: $0) }.flatMap { value($0) }
        let given = firstChild(child, tag: Tag.givn).flatMap { value($0) }
        let surname = firstChild(child, tag: Tag.surn).flatMap { value($0) }
        person.names.append(PersonName(value: value(child) ?? "", givenPart: given, surnamePart: surname, type: type))
      case Tag.sex, Tag.famc, Tag.fams: break
      default:
        if let event = event(child) { person.events.append(event) }
      }
    }
    return person
  }

  private func family(_ position: Int) -> Family {
    let record = Int(index.familyRecord[position])
    let husband = index.husband[position]
    let wife = index.wife[position]
    var family = Family(
      xref: xref(record) ?? "", line: Int(nodes[record].line), node: record,
      husband: husband >= 0 ? Int(husband) : nil, wife: wife >= 0 ? Int(wife) : nil,
      children: index.children[position].map(Int.init), events: [])
    for child in children(record) {
      switch nodes[child].tag {
      case Tag.husb, Tag.wife, Tag.chil: break
      default:
        if let event = event(child) { family.events.append(event) }
      }
    }
    return family
  }

  private func source(_ position: Int) -> SourceRecord {
    let record = Int(index.sourceRecord[position])
    func text(_ tag: Int32) -> String? { firstChild(record, tag: tag).flatMap { value($0) } }
    return SourceRecord(
      xref: xref(record) ?? "", line: Int(nodes[record].line), title: text(Tag.titl), author: text(Tag.auth),
      publication: text(Tag.publ))
  }

  /// The event or attribute at `node`, if it is one (see ``RecordBuilder/eventTags``).
  private func event(_ node: Int) -> LifeEvent? {
    let date = firstChild(node, tag: Tag.date)
    let place = firstChild(node, tag: Tag.plac)
    guard index.isEventTag[Int(nodes[node].tag)] || date != nil || place != nil else { return nil }
    return LifeEvent(
      tag: tag(node), value: value(node),
      date: date.flatMap { date in
        nodes[date].hasValue ? withValueBytes(date) { GEDCOMDate(parsing: $0) } : nil
      },
      place: place.flatMap { value($0) }.map { PersonName.collapse($0) }, line: Int(nodes[node].line))
  }
}
