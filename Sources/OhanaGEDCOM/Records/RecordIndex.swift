/// The reconciled records in compact form: record nodes, links and the facts the graph and the
/// checks need, all as integers, so that parsing makes no `String` per record. The typed views
/// (``Individual``, ``Family``, …) are built from it on access.
struct RecordIndex: Sendable {
  /// The record (position in ``GEDCOMDocument/records``) of each individual, family, source
  /// and shared note.
  var personRecord: [Int32] = []
  var familyRecord: [Int32] = []
  var sourceRecord: [Int32] = []
  var noteRecord: [Int32] = []
  /// The interned xref id of each individual and family.
  var personXref: [Int32] = []
  var familyXref: [Int32] = []

  var sex: [Sex] = []
  /// Per person, `FAMC` families then families that list them as a child (reconciled).
  var parentFamilies = LinkLists()
  /// Per person, `FAMS` families then families that list them as a spouse (reconciled).
  var spouseFamilies = LinkLists()
  /// Per family, the husband and wife (-1: none) and the children (reconciled).
  var husband: [Int32] = []
  var wife: [Int32] = []
  var children = LinkLists()

  /// The event node of the birth (`BIRT`, else `CHR`/`BAPM`) and death (`DEAT`, else
  /// `BURI`/`CREM`) of each person (-1: none).
  var birthEvent: [Int32] = []
  var deathEvent: [Int32] = []
  /// The dates of those events, and of each family's marriage.
  var birth: [DateColumn.Entry] = []
  var death: [DateColumn.Entry] = []
  var marriage: [DateColumn.Entry] = []
  /// The graph's text of each person and family, as ids in ``GEDCOMDocument/texts``: names
  /// as ``PersonName`` splits them, and the places of the events above.
  var surname: [Int32] = []
  var givenNames: [Int32] = []
  var birthPlace: [Int32] = []
  var deathPlace: [Int32] = []
  var marriagePlace: [Int32] = []

  /// Events whose date has problems, as (owner, event node), in record order; the messages are
  /// written by the checks, which parse these few dates again in full.
  var personDateProblems: [(owner: Int32, event: Int32)] = []
  var familyDateProblems: [(owner: Int32, event: Int32)] = []

  /// Whether each interned tag is an event or attribute kept on individuals and families.
  var isEventTag: [Bool] = []

  var personCount: Int { personRecord.count }
  var familyCount: Int { familyRecord.count }

  /// Calls `body` with the link lists and spouse columns in place, valid during the call
  /// only; the lists must be compacted.
  func withLinkRows<R>(_ body: (LinkRows) throws -> R) rethrows -> R {
    try parentFamilies.withRows { parentStart, parentItems in
      try spouseFamilies.withRows { spouseStart, spouseItems in
        try children.withRows { childStart, childItems in
          try husband.withUnsafeBufferPointer { husband in
            try wife.withUnsafeBufferPointer { wife in
              try body(
                LinkRows(
                  parents: LinkRows.Lists(start: parentStart, items: parentItems),
                  spouses: LinkRows.Lists(start: spouseStart, items: spouseItems),
                  children: LinkRows.Lists(start: childStart, items: childItems), husband: husband, wife: wife
                ))
            }
          }
        }
      }
    }
  }

  /// Makes room for `people` individuals and `families` families.
  mutating func reserve(people: Int, families: Int) {
    for column in [
      \RecordIndex.personRecord, \.personXref, \.birthEvent, \.deathEvent, \.surname, \.givenNames,
      \.birthPlace,
      \.deathPlace,
    ] as [WritableKeyPath<RecordIndex, [Int32]>] {
      self[keyPath: column].reserveCapacity(people)
    }
    for column in [\RecordIndex.familyRecord, \.familyXref, \.marriagePlace]
      as [WritableKeyPath<RecordIndex, [Int32]>]
    {
      self[keyPath: column].reserveCapacity(families)
    }
    sex.reserveCapacity(people)
    birth.reserveCapacity(people)
    death.reserveCapacity(people)
    marriage.reserveCapacity(families)
  }

  /// Adds what a later part of the text scanned (before linking), with its record positions,
  /// node indices, xref ids and text ids moved to this index's: `records` and `nodes` are
  /// added, `xrefs` and `texts` map ids. Empties `other` column by column as it goes.
  mutating func append(
    _ other: inout RecordIndex, records: Int32, nodes: Int32, xrefs: [Int32], texts: [Int32]
  ) {
    let people = Int32(personCount)
    let families = Int32(familyCount)
    func node(_ index: Int32) -> Int32 { index >= 0 ? index + nodes : -1 }
    for column in [\RecordIndex.personRecord, \.familyRecord, \.sourceRecord, \.noteRecord] {
      self[keyPath: column] += other[keyPath: column].lazy.map { $0 + records }
      other[keyPath: column] = []
    }
    for column in [\RecordIndex.personXref, \.familyXref] {
      self[keyPath: column] += other[keyPath: column].lazy.map { xrefs[Int($0)] }
      other[keyPath: column] = []
    }
    for column in [\RecordIndex.birthEvent, \.deathEvent] {
      self[keyPath: column] += other[keyPath: column].lazy.map(node)
      other[keyPath: column] = []
    }
    for column in [\RecordIndex.surname, \.givenNames, \.birthPlace, \.deathPlace, \.marriagePlace] {
      self[keyPath: column] += other[keyPath: column].lazy.map { texts[Int($0)] }
      other[keyPath: column] = []
    }
    for column in [\RecordIndex.birth, \.death, \.marriage] {
      self[keyPath: column] += other[keyPath: column]
      other[keyPath: column] = []
    }
    sex += other.sex
    personDateProblems += other.personDateProblems.lazy.map { ($0.owner + people, $0.event + nodes) }
    familyDateProblems += other.familyDateProblems.lazy.map { ($0.owner + families, $0.event + nodes) }
    other = RecordIndex()
  }
}

/// One list of integers per owner, in compressed-row form; lists changed after they were built
/// (by link reconciliation, which touches few) are held apart until ``compact()``.
struct LinkLists: Sendable {
  private(set) var start: [Int32] = [0]
  private(set) var items: [Int32] = []
  private var changed: [Int32: [Int32]] = [:]

  /// Adds `value` to the list being built (the last one) unless it is in it already.
  mutating func appendUnique(_ value: Int32) {
    var index = Int(start[start.count - 1])
    while index < items.count {
      if items[index] == value { return }
      index += 1
    }
    items.append(value)
  }

  /// Ends the list being built.
  mutating func closeList() { start.append(Int32(items.count)) }

  /// No lists.
  init() {}

  /// The lists of `parts` one after the other; every list is closed and none has changed.
  init(joining parts: [LinkLists]) {
    if parts.count == 1 {
      self = parts[0]
      return
    }
    start.reserveCapacity(parts.reduce(1) { $0 + $1.start.count - 1 })
    items.reserveCapacity(parts.reduce(0) { $0 + $1.items.count })
    for part in parts {
      let shift = Int32(items.count)
      start += part.start.dropFirst().lazy.map { $0 + shift }
      items += part.items
    }
  }

  /// Calls `body` with the rows in place: the list of `owner` is
  /// `items[start[owner]..<start[owner + 1]]`. Only when no list has changed since
  /// ``compact()``.
  func withRows<Result>(
    _ body: (_ start: UnsafeBufferPointer<Int32>, _ items: UnsafeBufferPointer<Int32>) throws -> Result
  ) rethrows -> Result {
    precondition(changed.isEmpty, "rows are read in place only once compacted")
    return try start.withUnsafeBufferPointer { start in
      try items.withUnsafeBufferPointer { try body(start, $0) }
    }
  }

  /// The list of `owner` as it is now.
  subscript(owner: Int) -> ArraySlice<Int32> {
    if !changed.isEmpty, let list = changed[Int32(owner)] { return list[...] }
    return items[Int(start[owner])..<Int(start[owner + 1])]
  }

  func contains(_ owner: Int, _ value: Int32) -> Bool { self[owner].contains(value) }

  mutating func append(_ owner: Int, _ value: Int32) {
    var list = Array(self[owner])
    list.append(value)
    changed[Int32(owner)] = list
  }

  mutating func remove(_ owner: Int, _ value: Int32) {
    var list = Array(self[owner])
    list.removeAll { $0 == value }
    changed[Int32(owner)] = list
  }

  /// Folds the changed lists back into the compressed rows.
  mutating func compact() {
    guard !changed.isEmpty else { return }
    var newStart: [Int32] = [0]
    var newItems: [Int32] = []
    newStart.reserveCapacity(start.count)
    newItems.reserveCapacity(items.count + changed.count)
    for owner in 0..<start.count - 1 {
      newItems += self[owner]
      newStart.append(Int32(newItems.count))
    }
    start = newStart
    items = newItems
    changed = [:]
  }
}
