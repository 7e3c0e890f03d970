import OhanaDates

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
  /// bytes while parsing, so only distinct texts and ids become `String`s here.
  public static func build(from document: GEDCOMDocument) -> FamilyGraph {
    var graph = FamilyGraph()
    let index = document.index
    var strings = GraphStrings(xrefs: document.xrefs, capacity: index.personCount + index.familyCount)
    // The string of each of the document's texts, interned on first use so that string ids
    // follow the order the graph meets them in.
    var stringOfText = [Int32](repeating: -1, count: document.texts.count)
    func string(_ text: Int32) -> Int32 {
      if stringOfText[Int(text)] < 0 {
        stringOfText[Int(text)] = document.texts.withKey(text) { strings.intern($0) }
      }
      return stringOfText[Int(text)]
    }
    graph.personXref.reserveCapacity(index.personCount)
    graph.surname.reserveCapacity(index.personCount)
    graph.givenNames.reserveCapacity(index.personCount)
    graph.birthPlace.reserveCapacity(index.personCount)
    graph.deathPlace.reserveCapacity(index.personCount)
    for person in 0..<index.personCount {
      let xref = index.personXref[person]
      graph.personXref.append(strings.intern(xref: xref))
      graph.surname.append(string(index.surname[person]))
      graph.givenNames.append(string(index.givenNames[person]))
      graph.birthPlace.append(string(index.birthPlace[person]))
      graph.deathPlace.append(string(index.deathPlace[person]))
    }
    graph.sex = index.sex
    graph.birth = index.birth
    graph.death = index.death
    graph.familyXref.reserveCapacity(index.familyCount)
    graph.marriagePlace.reserveCapacity(index.familyCount)
    for family in 0..<index.familyCount {
      let xref = index.familyXref[family]
      graph.familyXref.append(strings.intern(xref: xref))
      graph.marriagePlace.append(string(index.marriagePlace[family]))
    }
    graph.husband = index.husband
    graph.wife = index.wife
    graph.marriage = index.marriage
    graph.childStart = index.children.start
    graph.children = index.children.items
    graph.strings = strings.strings()
    graph.deriveParentLinks()
    return graph
  }

  /// Inverts the family → children lists into person → parents' families.
  mutating func deriveParentLinks() {
    var counts = [Int32](repeating: 0, count: personCount + 1)
    for child in children { counts[Int(child) + 1] += 1 }
    for index in 0..<personCount { counts[index + 1] += counts[index] }
    parentStart = counts
    var next = counts
    parentFamilies = [Int32](repeating: 0, count: children.count)
    for family in 0..<familyCount {
      for child in self.children(of: family) {
        parentFamilies[Int(next[Int(child)])] = Int32(family)
        next[Int(child)] += 1
      }
    }
  }
}
