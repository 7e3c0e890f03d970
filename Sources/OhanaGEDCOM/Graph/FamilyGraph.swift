import OhanaDates
import OhanaParallel

/// The person–family graph that training and prediction use: for each person the facts that
/// matter for parentage (sex, birth and death day ranges, names, places) and for each family
/// its parents, children and marriage, with the links reconciled from both sides.
///
/// Stored column by column (one array per attribute, adjacency in compressed-row form), so it
/// is compact, fast to scan, and encodes to a binary artifact that loads with little more than
/// copying (``encoded()``, ``init(decoding:)``).
public struct FamilyGraph: Sendable, Equatable {
  /// Version of the binary format; part of the graph cache key.
  public static let formatVersion = 1

  /// What a dataset manifest records of a graph.
  public struct Counts: Sendable, Equatable {
    public var individuals: Int
    public var families: Int
    /// Child→family plus spouse→family links.
    public var links: Int
    /// People with no parents' family: the ones prediction is for.
    public var peopleWithoutParents: Int
  }

  /// Interned text: names, places, ids. Index 0 is the empty string ("unknown").
  public internal(set) var strings: [String] = [""]

  // People, one entry each per column.
  public internal(set) var personXref: [Int32] = []
  public internal(set) var sex: [Sex] = []
  public internal(set) var birth: [DateColumn.Entry] = []
  public internal(set) var death: [DateColumn.Entry] = []
  public internal(set) var surname: [Int32] = []
  public internal(set) var givenNames: [Int32] = []
  public internal(set) var birthPlace: [Int32] = []
  public internal(set) var deathPlace: [Int32] = []

  // Families.
  public internal(set) var familyXref: [Int32] = []
  /// Index of the husband (father), or -1.
  public internal(set) var husband: [Int32] = []
  /// Index of the wife (mother), or -1.
  public internal(set) var wife: [Int32] = []
  public internal(set) var marriage: [DateColumn.Entry] = []
  public internal(set) var marriagePlace: [Int32] = []
  /// Children of family `f` are `children[childStart[f]..<childStart[f + 1]]`.
  public internal(set) var childStart: [Int32] = [0]
  public internal(set) var children: [Int32] = []

  /// Parents' families of person `p` are `parentFamilies[parentStart[p]..<parentStart[p + 1]]`
  /// (derived from `children`, not stored).
  public private(set) var parentStart: [Int32] = [0]
  public private(set) var parentFamilies: [Int32] = []

  /// Number of people.
  public var personCount: Int { personXref.count }
  /// Number of families.
  public var familyCount: Int { familyXref.count }

  /// The families in which `person` is a child.
  public func parentFamilies(of person: Int) -> ArraySlice<Int32> {
    parentFamilies[Int(parentStart[person])..<Int(parentStart[person + 1])]
  }

  /// The children of `family`.
  public func children(of family: Int) -> ArraySlice<Int32> {
    children[Int(childStart[family])..<Int(childStart[family + 1])]
  }

  /// The counts a manifest records.
  public var counts: Counts {
    var spouseLinks = 0
    for family in 0..<familyCount {
      spouseLinks += (husband[family] >= 0 ? 1 : 0) + (wife[family] >= 0 ? 1 : 0)
    }
    var orphans = 0
    for person in 0..<personCount where parentStart[person] == parentStart[person + 1] { orphans += 1 }
    return Counts(
      individuals: personCount, families: familyCount, links: children.count + spouseLinks,
      peopleWithoutParents: orphans)
  }

  /// Builds the graph from a parsed document's reconciled records.
  ///
  /// Reads the document's compact record index: names and places were interned by their
  /// bytes while parsing, so only distinct texts and ids become `String`s here. String ids
  /// follow the order the graph meets them in (each person's id, surname, given names, birth
  /// and death place, then each family's id and marriage place), so they are given in one
  /// pass; the columns, new memory whose pages the kernel must fault in, are then filled on
  /// all cores from what that pass gave.
  public static func build(from document: GEDCOMDocument) -> FamilyGraph {
    let index = document.index
    var graph = FamilyGraph()
    // The parents' links need only the children's lists: they are derived meanwhile.
    let pieces = Parallel.map(2) { piece -> BuildPiece in
      piece == 0
        ? .strings(StringIDs(document))
        : .parents(
          parentLinks(
            childStart: index.children.start, children: index.children.items, personCount: index.personCount))
    }
    guard case .strings(let ids) = pieces[0], case .parents(let parents) = pieces[1] else {
      preconditionFailure("FamilyGraph.build: the pieces come back in order")
    }
    let people = ids.columns(
      [index.personXref, index.surname, index.givenNames, index.birthPlace, index.deathPlace])
    graph.personXref = people[0]
    graph.surname = people[1]
    graph.givenNames = people[2]
    graph.birthPlace = people[3]
    graph.deathPlace = people[4]
    let families = ids.columns([index.familyXref, index.marriagePlace])
    graph.familyXref = families[0]
    graph.marriagePlace = families[1]
    graph.sex = index.sex
    graph.birth = index.birth
    graph.death = index.death
    graph.husband = index.husband
    graph.wife = index.wife
    graph.marriage = index.marriage
    graph.childStart = index.children.start
    graph.children = index.children.items
    graph.strings = ids.strings.strings()
    (graph.parentStart, graph.parentFamilies) = parents
    return graph
  }

  /// What each of the two first steps of ``build(from:)`` gives.
  private enum BuildPiece {
    case strings(StringIDs)
    case parents((start: [Int32], families: [Int32]))
  }

  /// The string id of each of a document's texts and xrefs the graph uses, given in the order
  /// the graph meets them.
  private struct StringIDs {
    var strings: GraphStrings
    /// By text id; -1 for none.
    var ofText: [Int32]

    init(_ document: GEDCOMDocument) {
      let index = document.index
      strings = GraphStrings(xrefs: document.xrefs, capacity: index.personCount + index.familyCount)
      ofText = [Int32](repeating: -1, count: document.texts.count)
      for person in 0..<index.personCount {
        _ = strings.intern(xref: index.personXref[person])
        give(index.surname[person], document)
        give(index.givenNames[person], document)
        give(index.birthPlace[person], document)
        give(index.deathPlace[person], document)
      }
      for family in 0..<index.familyCount {
        _ = strings.intern(xref: index.familyXref[family])
        give(index.marriagePlace[family], document)
      }
    }

    private mutating func give(_ text: Int32, _ document: GEDCOMDocument) {
      if ofText[Int(text)] < 0 { ofText[Int(text)] = document.texts.withKey(text) { strings.intern($0) } }
    }

    /// `columns` (xref ids first, then text ids) as string ids, filled side by side on all
    /// cores.
    func columns(_ columns: [[Int32]]) -> [[Int32]] {
      let count = columns.first?.count ?? 0
      guard count > 0 else { return columns }
      // Each column is made in the initializer of the one before, so that every column's
      // memory is at hand while the rows are filled.
      func made(_ column: Int, _ outputs: [UnsafeMutablePointer<Int32>]) -> [[Int32]] {
        guard column < columns.count else {
          fill(columns, into: outputs, count: count)
          return []
        }
        var rest: [[Int32]] = []
        let output = [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
          rest = made(column + 1, outputs + [buffer.baseAddress!])
          initialized = count
        }
        return [output] + rest
      }
      return made(0, [])
    }

    private func fill(_ columns: [[Int32]], into outputs: [UnsafeMutablePointer<Int32>], count: Int) {
      let ofXref = strings.xrefIDs
      Parallel.map(count, chunks: 2, minimumPerChunk: 50_000) { rows in
        for (number, (column, output)) in zip(columns, outputs).enumerated() {
          (number == 0 ? ofXref : ofText).withUnsafeBufferPointer { ids in
            column.withUnsafeBufferPointer { input in
              for row in rows { output[row] = ids[Int(input[row])] }
            }
          }
        }
      }
    }
  }

  /// Inverts the family → children lists into person → parents' families.
  mutating func deriveParentLinks() {
    (parentStart, parentFamilies) = Self.parentLinks(
      childStart: childStart, children: children, personCount: personCount)
  }

  /// The parents' families of each of `personCount` people, from each family's children.
  private static func parentLinks(childStart: [Int32], children: [Int32], personCount: Int) -> (
    start: [Int32], families: [Int32]
  ) {
    var counts = [Int32](repeating: 0, count: personCount + 1)
    for child in children { counts[Int(child) + 1] += 1 }
    for index in 0..<personCount { counts[index + 1] += counts[index] }
    var next = counts
    var families = [Int32](repeating: 0, count: children.count)
    for family in 0..<childStart.count - 1 {
      for child in children[Int(childStart[family])..<Int(childStart[family + 1])] {
        families[Int(next[Int(child)])] = Int32(family)
        next[Int(child)] += 1
      }
    }
    return (counts, families)
  }
}
