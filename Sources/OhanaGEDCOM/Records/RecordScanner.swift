import OhanaDates

/// Takes each record from the ``LineReader`` while its lines are fresh and keeps what the
/// graph and the checks need, so that the record tree itself is not stored: ids, sex, dates,
/// names and places (interned as the graph keeps them), and the pointer lines as
/// ``LinkStep``s, resolved once every record is read (``RecordBuilder``).
///
/// Integers only on the hot path: tags are compared by id, pointers interned by their bytes,
/// dates read with ``GEDCOMDate/summary(parsing:)``; strings are made for findings alone.
/// Records are taken in the reader's batches, read where the reader keeps them: the id
/// table's slots of all their ids, and the date cache's of their dates, are prefetched first,
/// in one go, so that the cache misses overlap instead of stalling one record at a time.
struct RecordScanner: LineSink {
  static var keepsTree: Bool { false }

  /// Record xrefs and pointer targets.
  var xrefs: SymbolTable
  /// Names and places as the graph keeps them; id 0 is the empty text.
  var texts: SymbolTable
  /// Per xref id, the node of the record that has it first (-1: none).
  var recordOfXref: [Int32] = []
  /// Per record (level-0 node): its node, xref id (-1: none), line offset and line number.
  var recordNodes: [Int32] = []
  var recordXref: [Int32] = []
  var recordOffset: [UInt32] = []
  var recordLine: [UInt32] = []
  var index = RecordIndex()
  var steps: [LinkStep] = []
  /// Findings the steps refer to.
  var notes: [Diagnostic] = []
  /// Findings on record lines (an id given twice), in line order, to go among the reader's.
  var lineFindings: [Diagnostic] = []
  /// Dates read before.
  private var dates = DateCache()
  /// Ids of texts interned before: names and places recur.
  var knownTexts = ShortKeyCache<Int32>(slotBits: 12, empty: 0)
  /// Room for a text being collapsed (``internPlace(_:of:)``, ``internName(_:_:)``).
  var scratch: [UInt8] = []
  /// The records started and not scanned yet, in order: one per level-0 root to come.
  private var waiting: [Waiting] = []
  /// Where the records of a batch are among its nodes.
  private var spans: [Range<Int>] = []

  private struct Waiting {
    var position: Int32
    var xref: Range<Int>?
  }

  /// A scanner for about `records` records (more only cost growing the tables), with room in
  /// its columns for `room`.
  init(records: TextScan.RecordCounts, room: TextScan.RecordCounts) {
    // A little over: a few ids are only pointed to, a few records indented.
    xrefs = SymbolTable(capacity: records.records + records.records / 16 + 64)
    texts = SymbolTable(capacity: 1024)
    _ = texts.intern("")
    let records = room.records + room.records / 16 + 64
    recordNodes.reserveCapacity(records)
    recordXref.reserveCapacity(records)
    recordOffset.reserveCapacity(records)
    recordLine.reserveCapacity(records)
    recordOfXref.reserveCapacity(records)
    index.reserve(people: room.individuals + 16, families: room.families + 16)
    // A start and a few pointer lines per individual and family: three in real trees, so room
    // for four spares copying the steps of a part over when it grows (room never touched is
    // never made resident).
    steps.reserveCapacity(4 * (room.individuals + room.families) + 64)
  }

  mutating func recordStarted(
    node: Int, xref: Range<Int>?, offset: Int, line: Int, text: UnsafePointer<UInt8>
  ) {
    recordNodes.append(Int32(node))
    recordOffset.append(UInt32(offset))
    recordLine.append(UInt32(line))
    waiting.append(Waiting(position: Int32(recordNodes.count - 1), xref: xref))
  }

  /// Scans the roots that are records (lines left without a record, after "0 CONC", are
  /// not), after reading the table slots of all their ids.
  mutating func rootsFinished(
    _ nodes: UnsafeBufferPointer<GEDCOMNode>, roots: UnsafeBufferPointer<Int32>, base: Int,
    joined: UnsafeRawBufferPointer, text: UnsafePointer<UInt8>
  ) {
    for (index, start) in roots.enumerated() where nodes[Int(start)].level == 0 {
      spans.append(Int(start)..<(index + 1 < roots.count ? Int(roots[index + 1]) : nodes.count))
    }
    func record(_ span: Range<Int>) -> Root {
      Root(
        nodes: UnsafeBufferPointer(rebasing: nodes[span]), base: base + span.lowerBound, joined: joined,
        text: text)
    }
    // What every id and date will be looked up in is fetched first, all at once.
    for (waiting, span) in zip(waiting, spans) {
      let record = record(span)
      if let xref = waiting.xref {
        xrefs.prefetch(UnsafeRawBufferPointer(start: text + xref.lowerBound, count: xref.count))
      }
      let tag = record.nodes[0].tag
      guard tag == Tag.indi || tag == Tag.fam else { continue }
      var child = 1
      while child < record.nodes.count {
        let node = record.nodes[child]
        let end = Int(node.subtreeEnd) - record.base
        // FAMC, FAMS, HUSB, WIFE and CHIL have consecutive ids.
        if node.isPointer, node.tag >= Tag.famc, node.tag <= Tag.chil {
          record.withValueBytes(child) { xrefs.prefetch($0) }
        } else if child + 1 < end, record.nodes[child + 1].tag == Tag.date, record.nodes[child + 1].hasValue {
          // An event's date, when it comes first (nearly always).
          record.withValueBytes(child + 1) { dates.prefetch($0) }
        }
        child = end
      }
    }
    for (waiting, span) in zip(waiting, spans) { scan(record(span), waiting, text: text) }
    self.waiting.removeAll(keepingCapacity: true)
    spans.removeAll(keepingCapacity: true)
  }

  /// Registers a record's xref and keeps what its kind needs.
  private mutating func scan(_ record: Root, _ waiting: Waiting, text: UnsafePointer<UInt8>) {
    let root = record.nodes[0]
    let position = waiting.position
    let isRegistered = register(position, xref: waiting.xref, line: root.line, text: text)
    switch root.tag {
    case Tag.indi where isRegistered: scanIndividual(record, position: position)
    case Tag.fam where isRegistered: scanFamily(record, position: position)
    case Tag.indi, Tag.fam:
      if !root.hasXref {
        let tag = root.tag == Tag.indi ? "INDI" : "FAM"
        note(root, .warning, "missing-xref", "a \(tag) record without an id cannot be linked")
      }
    case Tag.sour: index.sourceRecord.append(position)
    case Tag.note, Tag.snote:
      if root.hasXref { index.noteRecord.append(position) }
    default: break
    }
  }

  /// Interns the xref of the record at `position`; whether it is the first record with it (a
  /// finding when it is not).
  private mutating func register(
    _ position: Int32, xref: Range<Int>?, line: UInt32, text: UnsafePointer<UInt8>
  ) -> Bool {
    guard let xref else {
      recordXref.append(-1)
      return false
    }
    let id = internXref(UnsafeRawBufferPointer(start: text + xref.lowerBound, count: xref.count))
    recordXref.append(id)
    let first = recordOfXref[Int(id)]
    guard first >= 0 else {
      recordOfXref[Int(id)] = recordNodes[Int(position)]
      return true
    }
    let firstLine = recordLine[recordPosition(ofNode: Int(first))]
    lineFindings.append(
      Diagnostic(
        line: Int(line), severity: .error, code: "duplicate-xref",
        message: "the id @\(xrefs.name(id))@ was already given to the record on line \(firstLine); "
          + "pointers go to that first record"))
    return false
  }

  /// The position among the records of the record node `node`.
  private func recordPosition(ofNode node: Int) -> Int {
    var low = 0
    var high = recordNodes.count
    while low < high {
      let middle = (low + high) / 2
      if Int(recordNodes[middle]) < node { low = middle + 1 } else { high = middle }
    }
    return low
  }

  private mutating func internXref(_ bytes: UnsafeRawBufferPointer) -> Int32 {
    let id = xrefs.intern(bytes)
    if Int(id) == recordOfXref.count { recordOfXref.append(-1) }
    return id
  }

  /// The event nodes seen for one of the date columns: the preferred tag, else the first of
  /// the fallbacks, with their dates.
  private struct Pick {
    var preferred = -1
    var fallback = -1
    var preferredDate = DateColumn.Entry.unknown
    var fallbackDate = DateColumn.Entry.unknown

    mutating func offer(_ node: Int, date: DateColumn.Entry, isPreferred: Bool, isFallback: Bool) {
      if isPreferred, preferred < 0 {
        preferred = node
        preferredDate = date
      } else if isFallback, fallback < 0 {
        fallback = node
        fallbackDate = date
      }
    }

    var event: Int { preferred >= 0 ? preferred : fallback }
    var date: DateColumn.Entry { preferred >= 0 ? preferredDate : fallbackDate }
  }

  private mutating func scanIndividual(_ record: Root, position: Int32) {
    let person = Int32(index.personRecord.count)
    let xref = recordXref[Int(position)]
    index.personRecord.append(position)
    index.personXref.append(xref)
    steps.append(LinkStep(kind: .person, line: record.nodes[0].line, value: person))
    var sex = Sex.unknown
    var name = -1
    var birth = Pick()
    var death = Pick()
    var child = 1
    while child < record.nodes.count {
      let node = record.nodes[child]
      switch node.tag {
      case Tag.name:
        if name < 0 { name = child }
      case Tag.sex:
        if let recorded = record.sex(child) {
          sex = recorded
        } else {
          let value = record.value(child) ?? ""
          note(node, .warning, "unknown-sex", "the sex \"\(value)\" is not M, F, X or U; read as unknown")
        }
      case Tag.famc: pointer(record, child, .famc, owner: xref)
      case Tag.fams: pointer(record, child, .fams, owner: xref)
      default:
        let date = eventDate(record, child, owner: person, isFamily: false)
        let tag = node.tag
        birth.offer(
          child, date: date, isPreferred: tag == Tag.birt, isFallback: tag == Tag.chr || tag == Tag.bapm)
        death.offer(
          child, date: date, isPreferred: tag == Tag.deat, isFallback: tag == Tag.buri || tag == Tag.crem)
      }
      child = Int(node.subtreeEnd) - record.base
    }
    index.sex.append(sex)
    let names = internName(record, name)
    index.surname.append(names.surname)
    index.givenNames.append(names.given)
    index.birthEvent.append(birth.event >= 0 ? Int32(record.base + birth.event) : -1)
    index.birth.append(birth.date)
    index.birthPlace.append(internPlace(record, of: birth.event))
    index.deathEvent.append(death.event >= 0 ? Int32(record.base + death.event) : -1)
    index.death.append(death.date)
    index.deathPlace.append(internPlace(record, of: death.event))
  }

  private mutating func scanFamily(_ record: Root, position: Int32) {
    let family = Int32(index.familyRecord.count)
    let xref = recordXref[Int(position)]
    index.familyRecord.append(position)
    index.familyXref.append(xref)
    steps.append(LinkStep(kind: .family, line: record.nodes[0].line, value: family))
    var marriage = Pick()
    var child = 1
    while child < record.nodes.count {
      let node = record.nodes[child]
      switch node.tag {
      case Tag.husb: pointer(record, child, .husb, owner: xref)
      case Tag.wife: pointer(record, child, .wife, owner: xref)
      case Tag.chil: pointer(record, child, .chil, owner: xref)
      default:
        let date = eventDate(record, child, owner: family, isFamily: true)
        marriage.offer(child, date: date, isPreferred: node.tag == Tag.marr, isFallback: false)
      }
      child = Int(node.subtreeEnd) - record.base
    }
    index.marriage.append(marriage.date)
    index.marriagePlace.append(internPlace(record, of: marriage.event))
  }

  /// A pointer line as a step, a finding when it holds something else, nothing for `@VOID@`.
  private mutating func pointer(_ record: Root, _ child: Int, _ kind: LinkStep.Kind, owner: Int32) {
    let node = record.nodes[child]
    guard node.isPointer else {
      if node.hasValue {
        note(
          node, .error, "not-a-pointer",
          "\(kind.tag) of @\(xrefs.name(owner))@ holds \"\(record.value(child) ?? "")\", not a pointer like @F1@"
        )
      }
      return
    }
    let id = record.withValueBytes(child) { bytes -> Int32? in
      Self.isVoid(bytes) ? nil : internXref(bytes)
    }
    if let id { steps.append(LinkStep(kind: kind, line: node.line, value: id)) }
  }

  /// Whether a pointer's id is `VOID` (`@VOID@`: no record).
  private static func isVoid(_ bytes: UnsafeRawBufferPointer) -> Bool {
    bytes.count == 4 && bytes.loadUnaligned(as: UInt32.self) == UInt32(littleEndian: 0x4449_4F56)
  }

  /// The date of an event node (its first `DATE` with a value), noting the event when the
  /// date has problems.
  private mutating func eventDate(_ record: Root, _ event: Int, owner: Int32, isFamily: Bool)
    -> DateColumn.Entry
  {
    guard let date = record.firstChild(event, tag: Tag.date), record.nodes[date].hasValue else {
      return .unknown
    }
    let summary = record.withValueBytes(date) { dates.summary($0) }
    if summary.hasProblems {
      let problem = (owner, Int32(record.base + event))
      if isFamily {
        index.familyDateProblems.append(problem)
      } else {
        index.personDateProblems.append(problem)
      }
    }
    guard let range = summary.range else { return .unknown }
    return DateColumn.Entry(earliest: range.earliest, latest: range.latest, precision: summary.precision)
  }

  private mutating func note(
    _ node: GEDCOMNode, _ severity: Diagnostic.Severity, _ code: String, _ message: String
  ) {
    steps.append(LinkStep(kind: .note, line: node.line, value: Int32(notes.count)))
    notes.append(Diagnostic(line: Int(node.line), severity: severity, code: code, message: message))
  }
}

extension RecordScanner {
  /// One record's nodes as the reader handed them over, read by local index (0 is the record).
  struct Root {
    let nodes: UnsafeBufferPointer<GEDCOMNode>
    /// The document index of `nodes[0]`.
    let base: Int
    let joined: UnsafeRawBufferPointer
    let text: UnsafePointer<UInt8>

    func withValueBytes<R>(_ local: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
      let node = nodes[local]
      let start = Int(node.valueStart)
      let count = Int(node.valueLength)
      if node.flags & GEDCOMNode.valueIsJoined != 0 {
        return try body(UnsafeRawBufferPointer(rebasing: joined[start..<start + count]))
      }
      return try body(UnsafeRawBufferPointer(start: text + start, count: count))
    }

    func value(_ local: Int) -> String? {
      guard nodes[local].hasValue else { return nil }
      return withValueBytes(local) { String(decoding: $0, as: UTF8.self) }
    }

    func firstChild(_ local: Int, tag: Int32) -> Int? {
      var child = local + 1
      let end = Int(nodes[local].subtreeEnd) - base
      while child < end {
        if nodes[child].tag == tag { return child }
        child = Int(nodes[child].subtreeEnd) - base
      }
      return nil
    }

    /// `SEX` read from its bytes when it is a single letter, else by ``Sex/init(recorded:)``.
    func sex(_ local: Int) -> Sex? {
      let letter: UInt8? = withValueBytes(local) { $0.count == 1 ? $0[0] | 0x20 : nil }
      switch letter {
      case UInt8(ascii: "m"): return .male
      case UInt8(ascii: "f"): return .female
      case UInt8(ascii: "x"): return .other
      case UInt8(ascii: "u"): return .unknown
      default: return Sex(recorded: value(local) ?? "")
      }
    }
  }
}
