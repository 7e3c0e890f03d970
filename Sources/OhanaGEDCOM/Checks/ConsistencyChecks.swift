import OhanaDates
import OhanaParallel

/// Checks that need the whole family: people who are their own ancestors, and dates that
/// cannot all be true. Each finding is a diagnostic; nothing is changed.
///
/// Runs on the compact record index (date columns, link rows), not on the typed views, so
/// that it makes strings only for what it reports.
enum ConsistencyChecks {
  /// The youngest age at which a parent is believed possible, in days.
  static let youngestParentDays: Int64 = 10 * 365
  /// How long after a father's death a child can still be born, in days.
  static let posthumousBirthDays: Int64 = 300

  /// Records from which the three groups of checks run side by side.
  static let parallelRecords = 50_000

  static func run(_ document: inout GEDCOMDocument) {
    let checked = document
    // People, families and ancestry are checked apart, side by side in a large file; their
    // findings keep that order.
    let groups: [@Sendable (GEDCOMDocument) -> [Diagnostic]] = [personChecks, familyChecks, ancestorCycles]
    let found =
      checked.index.personCount + checked.index.familyCount >= parallelRecords
      ? Parallel.map(groups.count) { groups[$0](checked) } : groups.map { $0(checked) }
    document.diagnostics += found.joined()
  }

  /// The @id@ of person `person`.
  private static func xref(_ document: GEDCOMDocument, _ person: Int) -> String {
    document.xrefs.name(document.index.personXref[person])
  }

  /// The line of person `person`'s record.
  private static func line(_ document: GEDCOMDocument, _ person: Int) -> Int {
    document.recordLine(Int(document.index.personRecord[person]))
  }

  /// Dates with problems, and people born after they died.
  private static func personChecks(_ document: GEDCOMDocument) -> [Diagnostic] {
    var found: [Diagnostic] = []
    let index = document.index
    let births = index.birth
    let deaths = index.death
    func xref(_ person: Int) -> String { Self.xref(document, person) }
    func line(_ person: Int) -> Int { Self.line(document, person) }
    var problem = 0
    for person in 0..<index.personCount {
      let record = Int(index.personRecord[person])
      while problem < index.personDateProblems.count, index.personDateProblems[problem].owner == Int32(person)
      {
        let event = Int(index.personDateProblems[problem].event)
        found += dateProblems(document.recordTree(record), event: event, owner: xref(person))
        problem += 1
      }
      if let birth = births[person].range, let death = deaths[person].range, death.isCertainlyBefore(birth) {
        let tree = document.recordTree(record)
        found.append(
          Diagnostic(
            line: line(person), severity: .warning, code: "impossible-date",
            message:
              "@\(xref(person))@ was born (\(dateText(tree, event: index.birthEvent[person]))) after they died "
              + "(\(dateText(tree, event: index.deathEvent[person])))"))
      }
    }
    return found
  }

  /// Dates with problems, and children born before a parent was ten or after they died.
  private static func familyChecks(_ document: GEDCOMDocument) -> [Diagnostic] {
    var found: [Diagnostic] = []
    let index = document.index
    let births = index.birth
    let deaths = index.death
    func xref(_ person: Int) -> String { Self.xref(document, person) }
    func line(_ person: Int) -> Int { Self.line(document, person) }
    var problem = 0
    // The children's rows are read in place: every family is visited, few have findings.
    index.withLinkRows { rows in
      for family in 0..<index.familyCount {
        while problem < index.familyDateProblems.count,
          index.familyDateProblems[problem].owner == Int32(family)
        {
          let owner = document.xrefs.name(index.familyXref[family])
          let tree = document.recordTree(Int(index.familyRecord[family]))
          found += dateProblems(tree, event: Int(index.familyDateProblems[problem].event), owner: owner)
          problem += 1
        }
        let husband = Int(rows.husband[family])
        let wife = Int(rows.wife[family])
        for row in rows.children.rows(of: family) {
          let child = Int(rows.children.items[row])
          guard let childBirth = births[child].range, !childBirth.isOpenAtEnd else { continue }
          for slot in 0..<2 {
            let parent = slot == 0 ? husband : wife
            guard parent >= 0 else { continue }
            let role = parent == wife ? "mother" : "father"
            if let parentBirth = births[parent].range, !parentBirth.isOpenAtStart,
              Int64(childBirth.latest) < Int64(parentBirth.earliest) + youngestParentDays
            {
              found.append(
                Diagnostic(
                  line: line(child), severity: .warning, code: "impossible-date",
                  message:
                    "@\(xref(child))@ was born before their \(role) @\(xref(parent))@ was ten years old")
              )
            }
            let grace = parent == wife ? 0 : posthumousBirthDays
            if let parentDeath = deaths[parent].range, !parentDeath.isOpenAtEnd, !childBirth.isOpenAtStart,
              Int64(parentDeath.latest) + grace < Int64(childBirth.earliest)
            {
              found.append(
                Diagnostic(
                  line: line(child), severity: .warning, code: "impossible-date",
                  message: "@\(xref(child))@ was born after their \(role) @\(xref(parent))@ died"))
            }
          }
        }
      }
    }
    return found
  }

  /// The text of an event's date as written ("" without one), from its record's tree.
  private static func dateText(_ tree: NodeTree, event: Int32) -> String {
    guard event >= 0, let date = tree.firstChild(Int(event), tag: Tag.date) else { return "" }
    return tree.value(date) ?? ""
  }

  /// One finding per problem of the date of `event`, parsed in full, from its record's tree.
  private static func dateProblems(_ tree: NodeTree, event: Int, owner: String) -> [Diagnostic] {
    guard let node = tree.firstChild(event, tag: Tag.date) else { return [] }
    let date = tree.withValueBytes(node) { GEDCOMDate(parsing: $0) }
    let tag = tree.tag(event)
    return date.problems.map { problem in
      Diagnostic(
        line: Int(tree[event].line), severity: .info, code: "date",
        message: "\(tag) date \"\(date.text)\" of @\(owner)@: \(problem)")
    }
  }

  /// People who are their own ancestors: one finding per cycle in the child → parent links,
  /// found by an iterative depth-first search (real trees are deep enough to overflow a
  /// recursive one). A person's parents are the husband then the wife of each of their parents'
  /// families, in order. The search reads the link rows in place: it visits every link once,
  /// and checked array accesses cost more than the visit.
  static func ancestorCycles(_ document: GEDCOMDocument) -> [Diagnostic] {
    let index = document.index
    func xref(_ person: Int) -> String { Self.xref(document, person) }
    func line(_ person: Int) -> Int { Self.line(document, person) }
    enum Mark: UInt8 { case unvisited, active, done }
    /// A person on the path, with the next parent to visit: slot 0 is the husband and slot 1
    /// the wife of their `family`-th parents' family.
    struct Frame {
      var person: Int
      var family: Int
      var slot: Int
    }
    var found: [Diagnostic] = []
    var marks = [Mark](repeating: .unvisited, count: index.personCount)
    let stack = ValueBuffer<Frame>()
    index.withLinkRows { rows in
      marks.withUnsafeMutableBufferPointer { marks in
        for first in 0..<index.personCount where marks[first] == .unvisited {
          stack.append(Frame(person: first, family: 0, slot: 0))
          marks[first] = .active
          while !stack.isEmpty {
            let top = stack.last
            let families = rows.parents.rows(of: top.person)
            guard top.family < families.count else {
              marks[top.person] = .done
              stack.removeLast()
              continue
            }
            let family = Int(rows.parents.items[families.lowerBound + top.family])
            let parent = Int(top.slot == 0 ? rows.husband[family] : rows.wife[family])
            stack[stack.count - 1] =
              top.slot == 0
              ? Frame(person: top.person, family: top.family, slot: 1)
              : Frame(person: top.person, family: top.family + 1, slot: 0)
            guard parent >= 0 else { continue }
            switch marks[parent] {
            case .unvisited:
              marks[parent] = .active
              stack.append(Frame(person: parent, family: 0, slot: 0))
            case .active:
              let cycle = stack.elements.map(\.person).drop { $0 != parent }.map { "@\(xref($0))@" }
              found.append(
                Diagnostic(
                  line: line(parent), severity: .error, code: "own-ancestor",
                  message: "@\(xref(parent))@ is their own ancestor: "
                    + (cycle + ["@\(xref(parent))@"]).joined(separator: " → ")))
            case .done: break
            }
          }
        }
      }
    }
    return found
  }
}
