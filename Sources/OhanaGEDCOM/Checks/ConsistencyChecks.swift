import OhanaDates

/// Checks that need the whole family: people who are their own ancestors, and dates that
/// cannot all be true. Each finding is a diagnostic; nothing is changed.
enum ConsistencyChecks {
  /// The youngest age at which a parent is believed possible, in days.
  static let youngestParentDays: Int64 = 10 * 365
  /// How long after a father's death a child can still be born, in days.
  static let posthumousBirthDays: Int64 = 300

  static func run(_ document: inout GEDCOMDocument) {
    var found: [Diagnostic] = []
    let people = document.individuals
    let families = document.families
    let births = people.map { $0.birth?.date?.range }
    let deaths = people.map { $0.death?.date?.range }
    for (index, person) in people.enumerated() {
      for event in person.events {
        guard let date = event.date else { continue }
        for problem in date.problems {
          found.append(
            Diagnostic(
              line: event.line, severity: .info, code: "date",
              message: "\(event.tag) date \"\(date.text)\" of @\(person.xref)@: \(problem)"))
        }
      }
      if let birth = births[index], let death = deaths[index], death.isCertainlyBefore(birth) {
        found.append(
          Diagnostic(
            line: person.line, severity: .warning, code: "impossible-date",
            message: "@\(person.xref)@ was born (\(person.birth?.date?.text ?? "")) after they died "
              + "(\(person.death?.date?.text ?? ""))"))
      }
    }
    for family in families {
      for event in family.events {
        guard let date = event.date else { continue }
        for problem in date.problems {
          found.append(
            Diagnostic(
              line: event.line, severity: .info, code: "date",
              message: "\(event.tag) date \"\(date.text)\" of @\(family.xref)@: \(problem)"))
        }
      }
      for child in family.children {
        guard let childBirth = births[child], !childBirth.isOpenAtEnd else { continue }
        for parent in family.parents {
          let role = parent == family.wife ? "mother" : "father"
          if let parentBirth = births[parent], !parentBirth.isOpenAtStart,
            Int64(childBirth.latest) < Int64(parentBirth.earliest) + youngestParentDays
          {
            found.append(
              Diagnostic(
                line: people[child].line, severity: .warning, code: "impossible-date",
                message: "@\(people[child].xref)@ was born before their \(role) @\(people[parent].xref)@ "
                  + "was ten years old"))
          }
          let grace = parent == family.wife ? 0 : posthumousBirthDays
          if let parentDeath = deaths[parent], !parentDeath.isOpenAtEnd, !childBirth.isOpenAtStart,
            Int64(parentDeath.latest) + grace < Int64(childBirth.earliest)
          {
            found.append(
              Diagnostic(
                line: people[child].line, severity: .warning, code: "impossible-date",
                message: "@\(people[child].xref)@ was born after their \(role) @\(people[parent].xref)@ died"))
          }
        }
      }
    }
    found += ancestorCycles(people, families)
    document.diagnostics += found
  }

  /// People who are their own ancestors: one finding per cycle in the child → parent links,
  /// found by an iterative depth-first search (real trees are deep enough to overflow a
  /// recursive one).
  static func ancestorCycles(_ people: [Individual], _ families: [Family]) -> [Diagnostic] {
    enum Mark: UInt8 { case unvisited, active, done }
    var marks = [Mark](repeating: .unvisited, count: people.count)
    var found: [Diagnostic] = []
    func parents(_ person: Int) -> [Int] { people[person].parentFamilies.flatMap { families[$0].parents } }
    for start in people.indices where marks[start] == .unvisited {
      var stack: [(person: Int, parents: [Int], next: Int)] = [(start, parents(start), 0)]
      marks[start] = .active
      while !stack.isEmpty {
        let top = stack.count - 1
        if stack[top].next == stack[top].parents.count {
          marks[stack[top].person] = .done
          stack.removeLast()
          continue
        }
        let parent = stack[top].parents[stack[top].next]
        stack[top].next += 1
        switch marks[parent] {
        case .unvisited:
          marks[parent] = .active
          stack.append((parent, parents(parent), 0))
        case .active:
          let cycle = stack.map(\.person).drop { $0 != parent }.map { "@\(people[$0].xref)@" }
          found.append(
            Diagnostic(
              line: people[parent].line, severity: .error, code: "own-ancestor",
              message: "@\(people[parent].xref)@ is their own ancestor: "
                + (cycle + ["@\(people[parent].xref)@"]).joined(separator: " → ")))
        case .done: break
        }
      }
    }
    return found
  }
}
