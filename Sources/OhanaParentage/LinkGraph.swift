import OhanaDates
import OhanaGEDCOM

/// The parentage view of a ``FamilyGraph``: dates as fractional years, names and places as
/// interned tokens and phonetic keys, and the child→family links with some of them possibly
/// masked (hidden) for evaluation.
///
/// Everything the candidate generator, the pair features and the graph network read per pair
/// is precomputed here into flat arrays, once per graph.
struct LinkGraph: Sendable {
  /// The graph this view was built from (for names and cross-references).
  let source: FamilyGraph
  let personCount: Int
  let familyCount: Int

  // MARK: People

  /// 0 unknown or other, 1 male, 2 female.
  let sex: [UInt8]
  /// Point estimate of the birth in years (NaN when unknown).
  let birthYear: [Double]
  /// The recorded birth range in years (±infinity at open ends or when unknown).
  let birthLow: [Double]
  let birthHigh: [Double]
  /// 0 none, 1 year, 2 month, 3 day.
  let birthPrecision: [UInt8]
  /// Point estimate of the death (NaN when unknown) and its recorded range.
  let deathYear: [Double]
  let deathLow: [Double]
  let deathHigh: [Double]
  /// Where the birth can lie, from the person's own dates or, failing those, from death,
  /// marriages, children and spouses; used to filter candidates.
  let windowLow: [Double]
  let windowHigh: [Double]
  /// Index into ``surnames`` (-1 when unknown).
  let surnameIndex: [Int32]
  /// Interned first given name (-1 when unknown).
  let firstName: [Int32]
  /// Given-name token ids of each person: `givenTokens[givenStart[p]..<givenStart[p + 1]]`.
  let givenStart: [Int32]
  let givenTokens: [Int32]
  /// Index into the place table of the birth and death places (-1 when unknown).
  let birthPlace: [Int32]
  let deathPlace: [Int32]

  // MARK: Families

  let father: [Int32]
  let mother: [Int32]
  let marriageYear: [Double]
  let marriageLow: [Double]
  let marriagePrecision: [UInt8]
  let marriagePlace: [Int32]
  /// Unmasked children, compressed rows.
  let childStart: [Int32]
  let children: [Int32]
  /// The years in which a child of the family can plausibly have been born.
  let familyWindowLow: [Double]
  let familyWindowHigh: [Double]

  // MARK: Links per person

  /// Unmasked parents' families.
  let parentStart: [Int32]
  let parentFamilies: [Int32]
  /// Families in which the person is husband or wife.
  let spouseStart: [Int32]
  let spouseFamilies: [Int32]

  // MARK: Tables

  let surnames: SurnameTable
  /// Sorted token ids of each place: `placeTokens[placeTokenStart[i]..<placeTokenStart[i + 1]]`.
  let placeTokenStart: [Int32]
  let placeTokens: [Int32]
  /// The place-table entry's string id in ``source``.
  let placeString: [Int32]
  /// Whether person `p`'s links to their parents are masked.
  let masked: [Bool]
  /// The surname block keys each family is indexed under: `familyKeys[familyKeyStart[f]..<…[f + 1]]`
  /// (see ``CandidateGenerator``), and whether it is a wildcard that every surname matches.
  let familyKeyStart: [Int32]
  let familyKeys: [Int32]
  let wildcardFamily: [Bool]
  /// The block keys the father's given names carry as a patronymic's stem, per family.
  let fatherPatronymicStart: [Int32]
  let fatherPatronymicKeys: [Int32]
  /// The blocks each person is looked up in (their surname's keys and their given names'
  /// patronymic keys): `personKeys[personKeyStart[p]..<personKeyStart[p + 1]]`.
  let personKeyStart: [Int32]
  let personKeys: [Int32]

  /// Fractional year of a Julian day number.
  @inline(__always)
  static func year(_ day: Int32) -> Double { (Double(day) - 1_721_425.5) / 365.2425 }

  /// Builds the view of `graph`, leaving out every parent link of the people marked in `masked`.
  init(_ graph: FamilyGraph, masked maskedPeople: [Bool]? = nil) {
    source = graph
    personCount = graph.personCount
    familyCount = graph.familyCount
    let people = personCount
    let families = familyCount
    let isMasked = maskedPeople ?? [Bool](repeating: false, count: people)
    masked = isMasked

    sex = graph.sex.map { $0 == .male ? 1 : $0 == .female ? 2 : 0 }
    func dates(_ column: [DateColumn.Entry]) -> (
      point: [Double], low: [Double], high: [Double], precision: [UInt8]
    ) {
      var point = [Double](repeating: .nan, count: column.count)
      var low = [Double](repeating: -.infinity, count: column.count)
      var high = [Double](repeating: .infinity, count: column.count)
      var precision = [UInt8](repeating: 0, count: column.count)
      for (index, entry) in column.enumerated() where entry.precision != .none {
        let openStart = entry.earliest == Int32.min
        let openEnd = entry.latest == Int32.max
        if openStart && openEnd { continue }
        if !openStart { low[index] = Self.year(entry.earliest) }
        if !openEnd { high[index] = Self.year(entry.latest) + 1 / 365.2425 }
        point[index] =
          openStart ? high[index] - 0.5 : openEnd ? low[index] + 0.5 : (low[index] + high[index]) / 2
        precision[index] = UInt8(entry.precision.rawValue)
      }
      return (point, low, high, precision)
    }
    let births = dates(graph.birth)
    let deaths = dates(graph.death)
    let marriages = dates(graph.marriage)
    birthYear = births.point
    birthLow = births.low
    birthHigh = births.high
    birthPrecision = births.precision
    deathYear = deaths.point
    deathLow = deaths.low
    deathHigh = deaths.high
    marriageYear = marriages.point
    marriageLow = marriages.low
    marriagePrecision = marriages.precision
    father = graph.husband
    mother = graph.wife

    // Names and places, computed once per distinct string.
    let surnameTable = SurnameTable(graph: graph)
    surnames = surnameTable
    surnameIndex = graph.surname.map { surnameTable.index(ofString: $0) }

    var givenLookup: [Int32: (first: Int32, tokens: [Int32])] = [:]
    var givenTokenIDs: [[UInt8]: Int32] = [:]
    var firstNames = [Int32](repeating: -1, count: people)
    var givenStarts: [Int32] = [0]
    givenStarts.reserveCapacity(people + 1)
    var givenAll: [Int32] = []
    for person in 0..<people {
      let stringID = graph.givenNames[person]
      if stringID != 0 {
        let entry: (first: Int32, tokens: [Int32])
        if let known = givenLookup[stringID] {
          entry = known
        } else {
          let words = TextTokens.words(graph.strings[Int(stringID)])
          var ids: [Int32] = []
          for word in words {
            let id: Int32
            if let existing = givenTokenIDs[word] {
              id = existing
            } else {
              id = Int32(givenTokenIDs.count)
              givenTokenIDs[word] = id
            }
            if !ids.contains(id) { ids.append(id) }
          }
          entry = (ids.first ?? -1, ids)
          givenLookup[stringID] = entry
        }
        firstNames[person] = entry.first
        givenAll += entry.tokens
      }
      givenStarts.append(Int32(givenAll.count))
    }
    firstName = firstNames
    givenStart = givenStarts
    givenTokens = givenAll

    var placeLookup: [Int32: Int32] = [:]
    var placeTokenIDs: [[UInt8]: Int32] = [:]
    var tokenStarts: [Int32] = [0]
    var tokens: [Int32] = []
    var placeStrings: [Int32] = []
    func place(_ stringID: Int32) -> Int32 {
      if stringID == 0 { return -1 }
      if let known = placeLookup[stringID] { return known }
      var ids: [Int32] = []
      for word in TextTokens.words(graph.strings[Int(stringID)], dropPlaceStopWords: true) {
        let id: Int32
        if let existing = placeTokenIDs[word] {
          id = existing
        } else {
          id = Int32(placeTokenIDs.count)
          placeTokenIDs[word] = id
        }
        ids.append(id)
      }
      ids = Array(Set(ids)).sorted()
      let index = Int32(placeStrings.count)
      placeStrings.append(stringID)
      tokens += ids
      tokenStarts.append(Int32(tokens.count))
      placeLookup[stringID] = index
      return index
    }
    var birthPlaces = [Int32](repeating: -1, count: people)
    var deathPlaces = [Int32](repeating: -1, count: people)
    for person in 0..<people {
      birthPlaces[person] = place(graph.birthPlace[person])
      deathPlaces[person] = place(graph.deathPlace[person])
    }
    var marriagePlaces = [Int32](repeating: -1, count: families)
    for family in 0..<families { marriagePlaces[family] = place(graph.marriagePlace[family]) }
    birthPlace = birthPlaces
    deathPlace = deathPlaces
    marriagePlace = marriagePlaces
    placeTokenStart = tokenStarts
    placeTokens = tokens
    placeString = placeStrings

    // Links, without the masked ones.
    var starts: [Int32] = [0]
    starts.reserveCapacity(families + 1)
    var kept: [Int32] = []
    kept.reserveCapacity(graph.children.count)
    for family in 0..<families {
      for child in graph.children(of: family) where !isMasked[Int(child)] { kept.append(child) }
      starts.append(Int32(kept.count))
    }
    childStart = starts
    children = kept
    (parentStart, parentFamilies) = Self.invert(
      rowStart: starts, columns: kept, rowCount: families, columnCount: people)
    var spouseCounts = [Int32](repeating: 0, count: people + 1)
    for family in 0..<families {
      for spouse in [graph.husband[family], graph.wife[family]] where spouse >= 0 {
        spouseCounts[Int(spouse) + 1] += 1
      }
    }
    for person in 0..<people { spouseCounts[person + 1] += spouseCounts[person] }
    var nextSlot = spouseCounts
    var spouses = [Int32](repeating: 0, count: Int(spouseCounts[people]))
    for family in 0..<families {
      for spouse in [graph.husband[family], graph.wife[family]] where spouse >= 0 {
        spouses[Int(nextSlot[Int(spouse)])] = Int32(family)
        nextSlot[Int(spouse)] += 1
      }
    }
    spouseStart = spouseCounts
    spouseFamilies = spouses
    var patronymicStart: [Int32] = [0]
    var patronymicKeys: [Int32] = []
    var patronymicOfGiven: [Int32: [Int32]] = [:]
    for family in 0..<families {
      let dad = Int(graph.husband[family])
      if dad >= 0 {
        let given = graph.givenNames[dad]
        if patronymicOfGiven[given] == nil {
          patronymicOfGiven[given] = surnameTable.patronymicKeys(forGivenNames: graph.strings[Int(given)])
        }
        patronymicKeys += patronymicOfGiven[given]!
      }
      patronymicStart.append(Int32(patronymicKeys.count))
    }
    fatherPatronymicStart = patronymicStart
    fatherPatronymicKeys = patronymicKeys
    var keyStart: [Int32] = [0]
    var keys: [Int32] = []
    var wildcards = [Bool](repeating: false, count: families)
    for family in 0..<families {
      wildcards[family] = Self.blockKeys(
        of: family, excluding: -1, father: graph.husband, mother: graph.wife, surnames: surnameTable,
        surnameIndex: surnameIndex,
        patronymic: patronymicKeys[Int(patronymicStart[family])..<Int(patronymicStart[family + 1])],
        childStart: starts, children: kept, into: &keys)
      keyStart.append(Int32(keys.count))
    }
    familyKeyStart = keyStart
    familyKeys = keys
    wildcardFamily = wildcards
    var ownStart: [Int32] = [0]
    ownStart.reserveCapacity(people + 1)
    var own: [Int32] = []
    for person in 0..<people {
      let first = own.count
      if surnameIndex[person] >= 0 { own += surnameTable.keys(of: surnameIndex[person]) }
      for key in surnameTable.keys(ofPerson: person) where !own[first...].contains(key) { own.append(key) }
      ownStart.append(Int32(own.count))
    }
    personKeyStart = ownStart
    personKeys = own

    // Birth windows of people, then child-bearing windows of families.
    var low = [Double](repeating: -.infinity, count: people)
    var high = [Double](repeating: .infinity, count: people)
    for person in 0..<people {
      let slack = CandidateGenerator.Rules.birthSlack
      var lo = births.low[person] - slack
      var hi = births.high[person] + slack
      var estimateLow = -Double.infinity
      var estimateHigh = Double.infinity
      if deaths.high[person].isFinite { estimateHigh = min(estimateHigh, deaths.high[person]) }
      if deaths.low[person].isFinite { estimateLow = max(estimateLow, deaths.low[person] - 110) }
      let isMother = sex[person] == 2
      for slot in Int(spouseCounts[person])..<Int(spouseCounts[person + 1]) {
        let family = Int(spouses[slot])
        if marriages.high[family].isFinite { estimateHigh = min(estimateHigh, marriages.high[family] - 12) }
        if marriages.low[family].isFinite { estimateLow = max(estimateLow, marriages.low[family] - 80) }
        for childSlot in Int(starts[family])..<Int(starts[family + 1]) {
          let child = Int(kept[childSlot])
          if births.high[child].isFinite { estimateHigh = min(estimateHigh, births.high[child] - 12) }
          if births.low[child].isFinite {
            estimateLow = max(estimateLow, births.low[child] - (isMother ? 56 : 81))
          }
        }
      }
      if estimateLow <= estimateHigh {
        lo = max(lo, estimateLow - 1)
        hi = min(hi, estimateHigh + 1)
      }
      if lo > hi {  // contradictory records: trust the recorded birth alone
        lo = births.low[person] - slack
        hi = births.high[person] + slack
      }
      low[person] = lo
      high[person] = hi
    }
    windowLow = low
    windowHigh = high

    var familyLow = [Double](repeating: -.infinity, count: families)
    var familyHigh = [Double](repeating: .infinity, count: families)
    for family in 0..<families {
      (familyLow[family], familyHigh[family]) = Self.childbearingWindow(
        of: family, excluding: -1, father: graph.husband, mother: graph.wife, personLow: low,
        personHigh: high,
        deathHigh: deaths.high, marriageLow: marriages.low, birthLow: births.low, birthHigh: births.high,
        childStart: starts, children: kept)
    }
    familyWindowLow = familyLow
    familyWindowHigh = familyHigh
  }

  /// The years in which a child of `family` can plausibly have been born, leaving out the
  /// recorded child `excluded` (-1 for none): the mother aged 12–55 and alive, the father aged
  /// 12–80 and dead at most a year before, no more than 10 years before the marriage, within 46
  /// years of the other children — widened to hold every other child the family has, since
  /// recorded births outweigh a wrong marriage or parent's date. Open when nothing is known or
  /// the rules contradict each other. (The rules are ``CandidateGenerator/Rules``.)
  static func childbearingWindow(
    of family: Int, excluding excluded: Int, father: [Int32], mother: [Int32], personLow: [Double],
    personHigh: [Double], deathHigh: [Double], marriageLow: [Double], birthLow: [Double], birthHigh: [Double],
    childStart: [Int32], children: [Int32]
  ) -> (low: Double, high: Double) {
    typealias Rules = CandidateGenerator.Rules
    var lo = -Double.infinity
    var hi = Double.infinity
    let mom = Int(mother[family])
    let dad = Int(father[family])
    if mom >= 0 {
      lo = max(lo, personLow[mom] + Rules.motherAges.lowerBound)
      hi = min(hi, personHigh[mom] + Rules.motherAges.upperBound)
      hi = min(hi, deathHigh[mom] + 0.1)
    }
    if dad >= 0 {
      lo = max(lo, personLow[dad] + Rules.fatherAges.lowerBound)
      hi = min(hi, personHigh[dad] + Rules.fatherAges.upperBound)
      hi = min(hi, deathHigh[dad] + Rules.afterFathersDeath)
    }
    if marriageLow[family].isFinite { lo = max(lo, marriageLow[family] - Rules.beforeMarriage) }
    let others = children[Int(childStart[family])..<Int(childStart[family + 1])].lazy.map(Int.init).filter {
      $0 != excluded
    }
    for child in others {
      if birthHigh[child].isFinite { lo = max(lo, birthHigh[child] - Rules.siblingSpan) }
      if birthLow[child].isFinite { hi = min(hi, birthLow[child] + Rules.siblingSpan) }
    }
    if lo > hi {
      lo = -.infinity
      hi = .infinity
    }
    for child in others {
      if birthLow[child].isFinite { lo = min(lo, birthLow[child] - Rules.birthSlack) }
      if birthHigh[child].isFinite { hi = max(hi, birthHigh[child] + Rules.birthSlack) }
    }
    return (lo, hi)
  }

  /// The child-bearing window of `family` in this view (see the static form above), as if
  /// `person` were not its child.
  func childbearingWindow(of family: Int, excluding person: Int) -> (low: Double, high: Double) {
    Self.childbearingWindow(
      of: family, excluding: person, father: father, mother: mother, personLow: windowLow,
      personHigh: windowHigh,
      deathHigh: deathHigh, marriageLow: marriageLow, birthLow: birthLow, birthHigh: birthHigh,
      childStart: childStart, children: children)
  }

  /// Appends to `keys` the block keys of `family`, leaving out the child `excluded` (-1 for
  /// none): those of the father's surname and of his given names that patronymics point to
  /// (`patronymic`), of the surnames the other (unmasked) children carry, and of the mother's
  /// surname when the father or his surname is missing. Returns whether the family is a
  /// wildcard: without any key, or with a father without a surname (he could hand down any).
  static func blockKeys(
    of family: Int, excluding excluded: Int, father: [Int32], mother: [Int32], surnames: SurnameTable,
    surnameIndex: [Int32], patronymic: ArraySlice<Int32>, childStart: [Int32], children: [Int32],
    into keys: inout [Int32]
  ) -> Bool {
    let first = keys.count
    func add(_ person: Int32) {
      guard person >= 0, Int(person) != excluded, surnameIndex[Int(person)] >= 0 else { return }
      for key in surnames.keys(of: surnameIndex[Int(person)]) where !keys[first...].contains(key) {
        keys.append(key)
      }
    }
    let dad = father[family]
    guard dad >= 0 || mother[family] >= 0 else { return false }
    add(dad)
    for key in patronymic where !keys[first...].contains(key) { keys.append(key) }
    for slot in Int(childStart[family])..<Int(childStart[family + 1]) { add(children[slot]) }
    let fatherUnnamed = dad < 0 || surnameIndex[Int(dad)] < 0
    if fatherUnnamed { add(mother[family]) }
    return keys.count == first || (dad >= 0 && surnameIndex[Int(dad)] < 0)
  }

  /// Whether `family` is in one of `person`'s surname or patronymic blocks (wildcards are in
  /// all), as if `person` were not its child.
  func sharesBlock(person: Int, family: Int) -> Bool {
    let own = personKeyStart[person]..<personKeyStart[person + 1]
    if isChild(person, of: family) {
      var keys: [Int32] = []
      let wildcard = Self.blockKeys(
        of: family, excluding: person, father: father, mother: mother, surnames: surnames,
        surnameIndex: surnameIndex, patronymic: fatherPatronymic(family), childStart: childStart,
        children: children, into: &keys)
      return wildcard || keys.contains { key in own.contains { personKeys[Int($0)] == key } }
    }
    if wildcardFamily[family] { return true }
    for slot in familyKeyStart[family]..<familyKeyStart[family + 1] {
      let key = familyKeys[Int(slot)]
      for mine in own where personKeys[Int(mine)] == key { return true }
    }
    return false
  }

  /// Whether `person` is a recorded (unmasked) child of `family`.
  @inline(__always)
  func isChild(_ person: Int, of family: Int) -> Bool {
    for slot in Int(parentStart[person])..<Int(parentStart[person + 1]) where parentFamilies[slot] == family {
      return true
    }
    return false
  }

  /// The block keys the father of `family`'s given names carry as a patronymic's stem.
  func fatherPatronymic(_ family: Int) -> ArraySlice<Int32> {
    fatherPatronymicKeys[Int(fatherPatronymicStart[family])..<Int(fatherPatronymicStart[family + 1])]
  }

  /// Transposes a compressed-row adjacency.
  static func invert(rowStart: [Int32], columns: [Int32], rowCount: Int, columnCount: Int) -> (
    [Int32], [Int32]
  ) {
    var counts = [Int32](repeating: 0, count: columnCount + 1)
    for column in columns { counts[Int(column) + 1] += 1 }
    for index in 0..<columnCount { counts[index + 1] += counts[index] }
    var next = counts
    var rows = [Int32](repeating: 0, count: columns.count)
    for row in 0..<rowCount {
      for slot in Int(rowStart[row])..<Int(rowStart[row + 1]) {
        let column = Int(columns[slot])
        rows[Int(next[column])] = Int32(row)
        next[column] += 1
      }
    }
    return (counts, rows)
  }

  // MARK: Accessors

  /// The unmasked children of `family`.
  @inline(__always)
  func children(of family: Int) -> ArraySlice<Int32> {
    children[Int(childStart[family])..<Int(childStart[family + 1])]
  }

  /// The unmasked parents' families of `person`.
  @inline(__always)
  func parentFamilies(of person: Int) -> ArraySlice<Int32> {
    parentFamilies[Int(parentStart[person])..<Int(parentStart[person + 1])]
  }

  /// Number of unmasked children of `family`.
  @inline(__always)
  func childCount(_ family: Int) -> Int { Int(childStart[family + 1] - childStart[family]) }

  /// The person's surname as recorded ("" when unknown).
  func surnameText(_ person: Int) -> String { source.strings[Int(source.surname[person])] }

  /// The person's full name as recorded, "given surname".
  func displayName(_ person: Int) -> String {
    let given = source.strings[Int(source.givenNames[person])]
    let surname = source.strings[Int(source.surname[person])]
    return [given, surname].filter { !$0.isEmpty }.joined(separator: " ")
  }

  /// The text of place-table entry `place`.
  func placeText(_ place: Int32) -> String { place < 0 ? "" : source.strings[Int(placeString[Int(place)])] }

  /// The first given name's text of `person` ("" when unknown).
  func firstNameText(_ person: Int) -> String {
    let given = source.strings[Int(source.givenNames[person])]
    return String(given.split(separator: " ").first ?? "")
  }
}
