import OhanaGEDCOM

/// Finds, for a person, the families already in the tree that could be their parents.
///
/// **Blocking.** Families are indexed by the phonetic keys (Soundex and a consonant skeleton,
/// see ``PhoneticCode``) of the father's surname and of the surnames their children already
/// carry; a family without a father or without a father's surname is indexed by the mother's
/// surname, and a family with no surname at all is a *wildcard* that every person may match.
/// Patronymic surnames ("ap Hywel", "ferch Madog", "Ragnarsson", "FitzGerald") are also
/// indexed by the father's given name they contain. A person without a surname, or whose
/// surname matches no family, is matched against every family by dates alone. Families whose
/// father has no recorded surname are wildcards too.
///
/// **Plausibility.** Within a block, each family has a window of years in which its children
/// can have been born: the mother aged 12–55 and alive, the father aged 12–80 and dead at
/// most a year before, no more than 10 years before the marriage, and within 46 years of the
/// children already recorded. A person is a candidate when their own birth window (their
/// recorded birth ±1 year, or, without one, what their death, marriages and children imply)
/// meets the family's window. Families whose dates are all unknown have an open window and are
/// kept on the surname block alone. Blocks are sorted by window start, so a query touches only
/// the families of its surname whose windows can overlap — fast on 200,000-person trees.
///
/// **Places.** People move, so places only exclude a family on clear evidence: the person's
/// birth place is known to three levels (village, region, country), the family has at least
/// two such places (marriage, children's births, parents' births and deaths), and not one of
/// them shares a word with the person's birth place — no village, region or country in common.
public struct CandidateGenerator: Sendable {
  /// The plausibility rules, in years.
  public enum Rules {
    /// A mother's possible ages at a birth.
    public static let motherAges: ClosedRange<Double> = 12...55
    /// A father's possible ages at a birth.
    public static let fatherAges: ClosedRange<Double> = 12...80
    /// How long after the father's death a child can be born.
    public static let afterFathersDeath = 1.1
    /// How long before the marriage a child can be born.
    public static let beforeMarriage = 10.0
    /// The largest gap between the births of two children of one family.
    public static let siblingSpan = 46.0
    /// Slack around a recorded birth for misread and approximate dates.
    public static let birthSlack = 1.0
  }

  /// Windows longer than this (or open) are kept apart from the sorted block lists.
  static let wideWindow = 90.0

  let view: LinkGraph
  /// Whether places may exclude a family (see above).
  public var usesPlaces: Bool
  /// At most this many candidates are returned per person (the ones whose family window is
  /// centred nearest the person's birth); 0 means no limit.
  public var maximumCandidates: Int

  /// A sorted run of families per block key, plus the open-window ones.
  struct Block: Sendable {
    var narrow: [Int32] = []
    var narrowLow: [Double] = []
    var wide: [Int32] = []
  }

  private let blocks: [Block]
  private let wildcard: Block
  private let everyone: Block
  /// Sorted place-word ids of each family's places: `familyPlaceTokens[familyPlaceStart[f]..<…[f + 1]]`.
  private let familyPlaceStart: [Int32]
  private let familyPlaceTokens: [Int32]
  /// How many of each family's places are known.
  private let familyPlaceCount: [Int32]

  /// Indexes the families of `graph`.
  public init(graph: FamilyGraph, usesPlaces: Bool = true, maximumCandidates: Int = 0) {
    self.init(view: LinkGraph(graph), usesPlaces: usesPlaces, maximumCandidates: maximumCandidates)
  }

  init(view: LinkGraph, usesPlaces: Bool = true, maximumCandidates: Int = 0) {
    self.view = view
    self.usesPlaces = usesPlaces
    self.maximumCandidates = maximumCandidates
    var placeStart: [Int32] = [0]
    var placeTokens: [Int32] = []
    var placeCount = [Int32](repeating: 0, count: view.familyCount)
    var gathered: [Int32] = []
    for family in 0..<view.familyCount {
      gathered.removeAll(keepingCapacity: true)
      var known: Int32 = 0
      func add(_ place: Int32) {
        guard place >= 0, Self.isSpecific(place, view) else { return }
        known += 1
        gathered += view.placeTokens[Int(view.placeTokenStart[Int(place)])..<Int(view.placeTokenStart[Int(place) + 1])]
      }
      add(view.marriagePlace[family])
      for child in view.children(of: family) { add(view.birthPlace[Int(child)]) }
      for parent in [view.father[family], view.mother[family]] where parent >= 0 {
        add(view.birthPlace[Int(parent)])
        add(view.deathPlace[Int(parent)])
      }
      gathered.sort()
      var last: Int32 = -1
      for token in gathered where token != last {
        placeTokens.append(token)
        last = token
      }
      placeStart.append(Int32(placeTokens.count))
      placeCount[family] = known
    }
    familyPlaceStart = placeStart
    familyPlaceTokens = placeTokens
    familyPlaceCount = placeCount
    let surnames = view.surnames
    var members = [[Int32]](repeating: [], count: surnames.keyCount)
    var wildcardMembers: [Int32] = []
    for family in 0..<view.familyCount {
      guard view.father[family] >= 0 || view.mother[family] >= 0 else { continue }
      var keys: [Int32] = []
      func add(_ person: Int32) {
        guard person >= 0 else { return }
        let surname = view.surnameIndex[Int(person)]
        guard surname >= 0 else { return }
        for key in surnames.keys(of: surname) where !keys.contains(key) { keys.append(key) }
      }
      let dad = view.father[family]
      // A father without a surname could hand down any surname: such families match everyone.
      let fatherUnnamed = dad >= 0 && view.surnameIndex[Int(dad)] < 0
      add(dad)
      if dad >= 0, let key = surnames.patronymicKey(forGivenName: view.firstNameText(Int(dad))), !keys.contains(key) {
        keys.append(key)
      }
      for child in view.children(of: family) { add(child) }
      if dad < 0 || view.surnameIndex[Int(dad)] < 0 { add(view.mother[family]) }
      if keys.isEmpty || fatherUnnamed {
        wildcardMembers.append(Int32(family))
      }
      for key in keys { members[Int(key)].append(Int32(family)) }
    }
    func block(_ families: [Int32]) -> Block {
      var result = Block()
      var narrow: [(Double, Int32)] = []
      for family in families {
        let low = view.familyWindowLow[Int(family)]
        let high = view.familyWindowHigh[Int(family)]
        if low.isFinite, high.isFinite, high - low <= Self.wideWindow {
          narrow.append((low, family))
        } else {
          result.wide.append(family)
        }
      }
      narrow.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
      result.narrow = narrow.map(\.1)
      result.narrowLow = narrow.map(\.0)
      return result
    }
    blocks = members.map(block)
    wildcard = block(wildcardMembers)
    everyone = block((0..<view.familyCount).compactMap { family in
      view.father[family] >= 0 || view.mother[family] >= 0 ? Int32(family) : nil
    })
  }

  /// The candidate families of `person`, in ascending family order.
  public func candidates(for person: Int) -> [Int] {
    var scratch = Scratch(familyCount: view.familyCount)
    return candidates(for: person, scratch: &scratch).map(Int.init)
  }

  /// Reusable per-thread state: a stamp per family to drop duplicates across blocks.
  struct Scratch {
    var stamp: [UInt32]
    var generation: UInt32 = 0
    var found: [Int32] = []
    init(familyCount: Int) { stamp = [UInt32](repeating: 0, count: familyCount) }
  }

  func candidates(for person: Int, scratch: inout Scratch) -> [Int32] {
    scratch.generation &+= 1
    if scratch.generation == 0 {
      for index in scratch.stamp.indices { scratch.stamp[index] = 0 }
      scratch.generation = 1
    }
    scratch.found.removeAll(keepingCapacity: true)
    let low = view.windowLow[person]
    let high = view.windowHigh[person]
    let surname = view.surnameIndex[person]
    var fromSurname = 0
    if surname >= 0 {
      for key in view.surnames.keys(of: surname) { scan(blocks[Int(key)], person, low, high, &scratch) }
      fromSurname = scratch.found.count
      scan(wildcard, person, low, high, &scratch)
    }
    // Without a surname, or when the surname matches no family at all, dates alone decide.
    if fromSurname == 0 { scan(everyone, person, low, high, &scratch) }
    var found = scratch.found
    if maximumCandidates > 0, found.count > maximumCandidates {
      let centre = low.isFinite && high.isFinite ? (low + high) / 2 : view.birthYear[person]
      if centre.isFinite {
        func distance(_ family: Int32) -> Double {
          let lo = view.familyWindowLow[Int(family)]
          let hi = view.familyWindowHigh[Int(family)]
          return lo.isFinite && hi.isFinite ? abs((lo + hi) / 2 - centre) : 1000
        }
        found.sort { (distance($0), $0) < (distance($1), $1) }
      }
      found.removeLast(found.count - maximumCandidates)
    }
    found.sort()
    return found
  }

  private func scan(_ block: Block, _ person: Int, _ low: Double, _ high: Double, _ scratch: inout Scratch) {
    let generation = scratch.generation
    block.narrowLow.withUnsafeBufferPointer { lows in
      // First family whose window can reach `low`: windows are at most `wideWindow` long.
      var start = 0
      if low.isFinite {
        var lo = 0
        var hi = lows.count
        let bound = low - Self.wideWindow
        while lo < hi {
          let mid = (lo + hi) >> 1
          if lows[mid] < bound { lo = mid + 1 } else { hi = mid }
        }
        start = lo
      }
      var index = start
      while index < lows.count, lows[index] <= high {
        let family = block.narrow[index]
        if scratch.stamp[Int(family)] != generation, view.familyWindowHigh[Int(family)] >= low {
          accept(family, person, &scratch)
        }
        index += 1
      }
    }
    for family in block.wide where scratch.stamp[Int(family)] != generation {
      if view.familyWindowLow[Int(family)] <= high, view.familyWindowHigh[Int(family)] >= low {
        accept(family, person, &scratch)
      }
    }
  }

  @inline(__always)
  private func accept(_ family: Int32, _ person: Int, _ scratch: inout Scratch) {
    scratch.stamp[Int(family)] = scratch.generation
    let me = Int32(person)
    guard view.father[Int(family)] != me, view.mother[Int(family)] != me else { return }
    if usesPlaces, familyPlaceCount[Int(family)] >= 2, !sharesPlace(person, family) { return }
    scratch.found.append(family)
  }

  /// Whether a place names at least three levels (village, region, country): only such places
  /// are specific enough to exclude a family.
  static func isSpecific(_ place: Int32, _ view: LinkGraph) -> Bool {
    view.placeTokenStart[Int(place) + 1] - view.placeTokenStart[Int(place)] >= 3
  }

  /// Whether the person's birth place (or its absence) leaves the family possible.
  private func sharesPlace(_ person: Int, _ family: Int32) -> Bool {
    let place = view.birthPlace[person]
    guard place >= 0, Self.isSpecific(place, view) else { return true }
    var i = Int(view.placeTokenStart[Int(place)])
    let iEnd = Int(view.placeTokenStart[Int(place) + 1])
    var j = Int(familyPlaceStart[Int(family)])
    let jEnd = Int(familyPlaceStart[Int(family) + 1])
    while i < iEnd, j < jEnd {
      let a = view.placeTokens[i]
      let b = familyPlaceTokens[j]
      if a == b { return true }
      if a < b { i += 1 } else { j += 1 }
    }
    return false
  }
}
