import OhanaGEDCOM
import OhanaParallel

/// Finds, for a person, the families already in the tree that could be their parents.
///
/// **Blocking.** Families are indexed by the phonetic keys (Soundex and a consonant skeleton,
/// see ``PhoneticCode``) of the father's surname, of each word of a compound surname, and of
/// the surnames their children already carry; a family without a father or without a father's
/// surname is indexed by the mother's surname, and a family with no surname at all, or whose
/// father has none, is a *wildcard* that every person may match. Patronymics are indexed by
/// the father's given names they point to: surnames such as "ap Hywel", "ferch Madog",
/// "Ragnarsson", "FitzGerald", "MacGilla", and names whose particle sits among the given names
/// ("Gruffudd ap" + "Hywel", "Rhodri ap Owain").
///
/// **Plausibility.** Within a block, each family has a window of years in which its children
/// can have been born: the mother aged 12–55 and alive, the father aged 12–80 and dead at
/// most a year before, no more than 10 years before the marriage, and within 46 years of the
/// children already recorded — widened to hold every child the family already has, since
/// recorded births outweigh a wrong marriage or parent's date. A person is a candidate when
/// their own birth window (their recorded birth ±1 year, or, without one, what their death,
/// marriages and children imply) meets the family's window. Families whose dates are all
/// unknown have an open window. Blocks are sorted by window start, so a query touches only the
/// families of its keys whose windows can come near — fast on 200,000-person trees.
///
/// **Places.** People move, so places only count against a family on clear evidence: the
/// person's birth place is known to three levels (village, region, country), the family has at
/// least two such places (marriage, children's births, parents' births and deaths), and not
/// one of them shares a word with the person's birth place.
///
/// **Near misses.** Real trees hold wrong dates and places. Families of the person's blocks
/// whose window misses the person's by at most ``Rules/nearMissYears``, or whose places speak
/// against them, are not dropped: the ``Rules/nearMissLimit`` closest are added (those of the
/// person's own surname blocks before wildcards).
///
/// **Without a surname.** A person with no usable surname (none, or one no family carries) is
/// matched against every family by dates alone; a person with neither a surname nor any date
/// gets every family, up to ``Rules/fallbackLimit`` ranked by the heuristic's soft signals
/// (given names, places, siblings, structure).
///
/// **Breadth.** Some trees contradict their own links so often (patronymics that change every
/// generation, impossible dates) that blocks miss more than 1% of the parents.
/// ``calibrated(view:usesPlaces:maximumCandidates:)`` measures that on the tree's own known
/// links and widens the ``Breadth`` just enough.
public struct CandidateGenerator: Sendable {
  /// The plausibility rules, in years, and the limits of the wider tiers.
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
    /// How many years a family's window may miss the person's and still be a near miss.
    public static let nearMissYears = 25.0
    /// Near misses kept per person, the closest first.
    public static let nearMissLimit = 5
    /// Candidates kept for a person with neither a usable surname nor any date, and in the
    /// ``Breadth/everything`` breadth: a bound on the work per person in very large trees.
    public static let fallbackLimit = 2_000
    /// The share of a tree's known links that calibration wants found: above the 99% goal,
    /// since it is measured on a sample and each evaluation masks another.
    public static let targetRecall = 0.99
    /// A breadth whose lists hold more families than this on average is never chosen: the
    /// work of ranking grows with it.
    public static let widestMeanCandidates = 1_000.0
    /// The share of a tree's known links hidden at a time to calibrate the breadth.
    public static let calibrationFraction = 0.15
    /// At most this many known links are tested in calibration.
    public static let calibrationPeople = 2_000
    /// Trees with fewer known links than this are not calibrated.
    public static let minimumCalibrationPeople = 30
  }

  /// How far beyond its blocks the generator looks, narrowest first.
  public enum Breadth: String, Sendable, CaseIterable {
    /// Surname and patronymic blocks, dates and places, plus the closest near misses.
    case blocked
    /// Every family whose dates fit (plus the closest near misses), whatever the surnames.
    case dates
    /// Every family, up to ``Rules/fallbackLimit``.
    case everything
  }

  /// Windows longer than this (or open) are kept apart from the sorted block lists.
  static let wideWindow = 90.0

  let view: LinkGraph
  /// Whether places may count against a family (see above).
  public let usesPlaces: Bool
  /// At most this many candidates are returned per person (the ones whose family window is
  /// centred nearest the person's birth); 0 means no limit.
  public let maximumCandidates: Int
  /// How far the generator looks.
  public let breadth: Breadth

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

  /// Indexes the families of `graph`, at the breadth its known links call for.
  public init(graph: FamilyGraph, usesPlaces: Bool = true, maximumCandidates: Int = 0) {
    self = Self.calibrated(
      view: LinkGraph(graph), usesPlaces: usesPlaces, maximumCandidates: maximumCandidates)
  }

  init(view: LinkGraph, usesPlaces: Bool = true, maximumCandidates: Int = 0, breadth: Breadth = .blocked) {
    self.view = view
    self.usesPlaces = usesPlaces
    self.maximumCandidates = maximumCandidates
    self.breadth = breadth
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
        gathered +=
          view.placeTokens[Int(view.placeTokenStart[Int(place)])..<Int(view.placeTokenStart[Int(place) + 1])]
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
    var members = [[Int32]](repeating: [], count: view.surnames.keyCount)
    var wildcardMembers: [Int32] = []
    for family in 0..<view.familyCount where view.father[family] >= 0 || view.mother[family] >= 0 {
      if view.wildcardFamily[family] { wildcardMembers.append(Int32(family)) }
      for key in view.familyKeys[Int(view.familyKeyStart[family])..<Int(view.familyKeyStart[family + 1])] {
        members[Int(key)].append(Int32(family))
      }
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
    everyone = block(
      (0..<view.familyCount).compactMap { family in
        view.father[family] >= 0 || view.mother[family] >= 0 ? Int32(family) : nil
      })
  }

  /// The candidate families of `person`, in ascending family order.
  public func candidates(for person: Int) -> [Int] {
    var scratch = Scratch(familyCount: view.familyCount)
    return candidates(for: person, scratch: &scratch).map(Int.init)
  }

  /// Reusable per-thread state: a stamp per family to drop duplicates across blocks, the
  /// closest near misses found so far and room for one pair's features.
  struct Scratch {
    var stamp: [UInt32]
    var generation: UInt32 = 0
    var found: [Int32] = []
    var nearMisses: [(gap: Double, family: Int32)] = []
    var features = [Double](repeating: 0, count: PairFeatures.count)
    init(familyCount: Int) { stamp = [UInt32](repeating: 0, count: familyCount) }
  }

  func candidates(for person: Int, scratch: inout Scratch) -> [Int32] {
    scratch.generation &+= 1
    if scratch.generation == 0 {
      for index in scratch.stamp.indices { scratch.stamp[index] = 0 }
      scratch.generation = 1
    }
    scratch.found.removeAll(keepingCapacity: true)
    scratch.nearMisses.removeAll(keepingCapacity: true)
    let low = view.windowLow[person]
    let high = view.windowHigh[person]
    let dated = low.isFinite || high.isFinite
    if breadth == .everything { return fallback(for: person, &scratch) }
    let keys = Int(view.personKeyStart[person])..<Int(view.personKeyStart[person + 1])
    var fromBlocks = 0
    if breadth == .blocked, !keys.isEmpty {
      for slot in keys { scan(blocks[Int(view.personKeys[slot])], person, low, high, &scratch) }
      // Near misses of the person's own blocks beat families matched on dates alone.
      fromBlocks = scratch.found.count + scratch.nearMisses.count
      scan(wildcard, person, low, high, &scratch, foreign: true)
    }
    // Without a usable surname (or at the `dates` breadth), dates alone decide.
    if fromBlocks == 0 {
      guard dated else { return fallback(for: person, &scratch) }
      scan(everyone, person, low, high, &scratch)
    }
    var found = scratch.found
    found += scratch.nearMisses.map(\.family)
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

  /// The heuristic's score of the pair: the soft signals that rank families outside the blocks.
  private func softScore(_ person: Int, _ family: Int32, _ scratch: inout Scratch) -> Double {
    scratch.features.withUnsafeMutableBufferPointer { buffer in
      PairFeatures.write(
        person: person, family: Int(family), candidateCount: 1, view: view, into: buffer.baseAddress!)
      return HeuristicScorer.standard.score(buffer.baseAddress!)
    }
  }

  /// The first position of the ascending `values` holding at least `bound`.
  private func firstIndex(_ values: UnsafeBufferPointer<Double>, atLeast bound: Double) -> Int {
    var lo = 0
    var hi = values.count
    while lo < hi {
      let mid = (lo + hi) >> 1
      if values[mid] < bound { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// Every family but the person's own, up to ``Rules/fallbackLimit`` (or
  /// ``maximumCandidates``) of them: those the heuristic ranks highest when there are more.
  private func fallback(for person: Int, _ scratch: inout Scratch) -> [Int32] {
    let me = Int32(person)
    let limit = maximumCandidates > 0 ? min(maximumCandidates, Rules.fallbackLimit) : Rules.fallbackLimit
    let all = (everyone.narrow + everyone.wide).filter {
      view.father[Int($0)] != me && view.mother[Int($0)] != me
    }
    guard all.count > limit else { return all.sorted() }
    var ranked: [(score: Double, family: Int32)] = []
    ranked.reserveCapacity(all.count)
    for family in all { ranked.append((softScore(person, family, &scratch), family)) }
    ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.family < $1.family }
    return ranked.prefix(limit).map(\.family).sorted()
  }

  /// The narrowest ``Breadth`` at which the parents of at least ``Rules/targetRecall`` of
  /// `view`'s known links are found again when those links are hidden (the widest whose lists
  /// stay within ``Rules/widestMeanCandidates`` when none is), as the generator for `view`.
  ///
  /// The links are hidden a ``Rules/calibrationFraction`` at a time, in as many rounds as it
  /// takes to test every known link, or ``Rules/calibrationPeople`` of them (seeded) in large
  /// trees, so that small trees are judged on all their links rather than on a noisy few, and
  /// recall is counted as if one more link had been missed.
  /// Trees with fewer than ``Rules/minimumCalibrationPeople`` known links keep the blocks.
  static func calibrated(view: LinkGraph, usesPlaces: Bool, maximumCandidates: Int) -> CandidateGenerator {
    var known = (0..<view.personCount).filter { !view.parentFamilies(of: $0).isEmpty }
    guard known.count >= Rules.minimumCalibrationPeople else {
      return CandidateGenerator(view: view, usesPlaces: usesPlaces, maximumCandidates: maximumCandidates)
    }
    var random = SeededRandom(seed: 0x4341_4C49, stream: UInt64(view.personCount))
    random.shuffle(&known)
    let tested = Array(known.prefix(Rules.calibrationPeople))
    let round = max(1, Int((Rules.calibrationFraction * Double(known.count)).rounded(.up)))
    let probes = stride(from: 0, to: tested.count, by: round).map {
      start -> (view: LinkGraph, people: ArraySlice<Int>) in
      let people = tested[start..<min(tested.count, start + round)]
      var hidden = view.masked
      for person in people { hidden[person] = true }
      return (LinkGraph(view.source, masked: hidden), people)
    }
    var chosen = Breadth.blocked
    for breadth in Breadth.allCases {
      var found = 0
      var listed = 0
      for probe in probes {
        let generator = CandidateGenerator(
          view: probe.view, usesPlaces: usesPlaces, maximumCandidates: maximumCandidates, breadth: breadth)
        let people = Array(probe.people)
        let counts = Parallel.map(people.count, chunks: 8, minimumPerChunk: 64) {
          range -> (found: Int, listed: Int) in
          var scratch = Scratch(familyCount: probe.view.familyCount)
          var found = 0
          var listed = 0
          for person in people[range] {
            let candidates = generator.candidates(for: person, scratch: &scratch)
            listed += candidates.count
            if view.parentFamilies(of: person).contains(where: candidates.contains) { found += 1 }
          }
          return (found, listed)
        }
        found += counts.reduce(0) { $0 + $1.found }
        listed += counts.reduce(0) { $0 + $1.listed }
      }
      guard Double(listed) / Double(tested.count) <= Rules.widestMeanCandidates else { break }
      chosen = breadth
      // Counted as if one more link had been missed: a small tree that misses none of its
      // few links has not shown that it would miss fewer than 1%.
      if Double(found) / Double(tested.count + 1) >= Rules.targetRecall { break }
    }
    return CandidateGenerator(
      view: view, usesPlaces: usesPlaces, maximumCandidates: maximumCandidates, breadth: chosen)
  }

  /// Visits the families of `block` whose windows come within ``Rules/nearMissYears`` of
  /// `low...high`: the plausible ones go to `found`, the others to `nearMisses`. Near misses
  /// of a `foreign` block (not one of the person's own keys) rank after those of their own.
  private func scan(
    _ block: Block, _ person: Int, _ low: Double, _ high: Double, _ scratch: inout Scratch,
    foreign: Bool = false
  ) {
    let generation = scratch.generation
    let reach = Rules.nearMissYears
    block.narrowLow.withUnsafeBufferPointer { lows in
      // First family whose window can come near `low`: windows are at most `wideWindow` long.
      var index = low.isFinite ? firstIndex(lows, atLeast: low - reach - Self.wideWindow) : 0
      while index < lows.count, lows[index] <= high + reach {
        let family = block.narrow[index]
        if scratch.stamp[Int(family)] != generation { consider(family, person, low, high, foreign, &scratch) }
        index += 1
      }
    }
    for family in block.wide where scratch.stamp[Int(family)] != generation {
      consider(family, person, low, high, foreign, &scratch)
    }
  }

  @inline(__always)
  private func consider(
    _ family: Int32, _ person: Int, _ low: Double, _ high: Double, _ foreign: Bool, _ scratch: inout Scratch
  ) {
    let gap = max(0, view.familyWindowLow[Int(family)] - high, low - view.familyWindowHigh[Int(family)])
    guard gap <= Rules.nearMissYears else { return }
    scratch.stamp[Int(family)] = scratch.generation
    let me = Int32(person)
    guard view.father[Int(family)] != me, view.mother[Int(family)] != me else { return }
    if gap > 0 || (usesPlaces && familyPlaceCount[Int(family)] >= 2 && !sharesPlace(person, family)) {
      keepNearMiss((foreign ? gap + Rules.nearMissYears : gap, family), &scratch.nearMisses)
    } else {
      scratch.found.append(family)
    }
  }

  /// Inserts `miss` into `kept`, the ``Rules/nearMissLimit`` closest so far (by gap, then
  /// family), dropping the farthest when it overflows.
  @inline(__always)
  private func keepNearMiss(
    _ miss: (gap: Double, family: Int32), _ kept: inout [(gap: Double, family: Int32)]
  ) {
    if kept.count == Rules.nearMissLimit, let last = kept.last,
      (last.gap, last.family) <= (miss.gap, miss.family)
    {
      return
    }
    var slot = kept.count
    while slot > 0, (kept[slot - 1].gap, kept[slot - 1].family) > (miss.gap, miss.family) { slot -= 1 }
    kept.insert(miss, at: slot)
    if kept.count > Rules.nearMissLimit { kept.removeLast() }
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
    return Self.intersect(
      view.placeTokens, Int(view.placeTokenStart[Int(place)])..<Int(view.placeTokenStart[Int(place) + 1]),
      familyPlaceTokens, Int(familyPlaceStart[Int(family)])..<Int(familyPlaceStart[Int(family) + 1]))
  }

  /// Whether two sorted runs of token ids share one.
  private static func intersect(_ first: [Int32], _ a: Range<Int>, _ second: [Int32], _ b: Range<Int>) -> Bool
  {
    var i = a.lowerBound
    var j = b.lowerBound
    while i < a.upperBound, j < b.upperBound {
      if first[i] == second[j] { return true }
      if first[i] < second[j] { i += 1 } else { j += 1 }
    }
    return false
  }
}
