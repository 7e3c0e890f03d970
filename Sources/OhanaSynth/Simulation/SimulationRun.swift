/// The mutable state of one simulation, advanced a calendar year at a time: weddings, births,
/// moves and deaths.
///
/// Deaths are drawn from the life table when a person is born, so every decision within a year
/// can ask whether someone is still alive on a given day.
struct SimulationRun {
  private let settings: SimulationSettings
  private let catalog = PlaceCatalog.standard
  private var generator: SeededGenerator
  private var people: [Person] = []
  private var lives: [LifeState] = []
  private var families: [Family] = []
  private var households: [Household] = []
  /// People not yet known to have died, in order of creation.
  private var living: [Int] = []
  /// Families whose husband and wife are both alive.
  private var activeFamilies: [Int] = []
  private var lastDay = CalendarDate(dayNumber: 0)

  /// What the simulation knows about a person beyond the recorded facts.
  private struct LifeState {
    var plannedDeath: Int
    var residence: Int
    var willMarry: Bool
    var everMarried = false
    var household: Int?
    /// The first day a widowed person may marry again.
    var availableFrom = Int.min
  }

  /// Where a couple lives and when their next child is due.
  private struct Household {
    var residence: Int
    var nextBirth: Int
    var fertile = true
    var sons = 0
    var daughters = 0
  }

  private enum Rates {
    static let neverMarry = 0.1
    static let firstMarriagePerYear = 0.2
    static let remarriagePerYear = 0.15
    static let stopBearingPerBirth = 0.12
    static let householdMovesPerYear = 0.015
    static let birthAwayFromHome = 0.06
    static let maleBirths = 0.51
  }

  private enum Ages {
    static let womenFirstMarriage = 18...35
    static let womenRemarriage = 18...42
    static let menFirstMarriage = 20...40
    static let menRemarriage = 20...55
    static let minimumAtMarriage = 18.0
    /// Limits kept just inside the 16–45 (mother) and 18–60 (father) windows.
    static let lastMotherhood = 44.8
    static let lastFatherhood = 59.8
  }

  init(settings: SimulationSettings) {
    self.settings = settings
    generator = SeededGenerator(seed: settings.seed)
    addFounders()
  }

  // MARK: Founders

  private mutating func addFounders() {
    let count = min(settings.people, max(8, settings.people / 16))
    for number in 0..<count {
      let sex: Sex = number % 2 == 0 ? .male : .female
      let year = settings.startYear + generator.index(below: settings.founderBirthSpan)
      let birth = CalendarDate.startOf(year: year).adding(days: generator.index(below: 365))
      let home = generator.index(below: catalog.places.count)
      let lifespan = LifeTable.lifespanDays(reaching: 16, using: &generator)
      addPerson(
        sex: sex, givenNames: NamePools.randomGivenName(sex, using: &generator),
        surname: NamePools.surnames[generator.index(below: NamePools.surnames.count)],
        birth: birth, birthPlace: home, residence: home, birthFamily: nil, lifespanDays: lifespan)
    }
  }

  private mutating func addPerson(
    sex: Sex, givenNames: String, surname: String, birth: CalendarDate, birthPlace: Int,
    residence: Int, birthFamily: Int?, lifespanDays: Int
  ) {
    people.append(
      Person(
        xref: "", sex: sex, givenNames: givenNames, surname: surname, birth: birth,
        birthPlace: catalog.places[birthPlace], death: nil, deathPlace: nil,
        birthFamily: birthFamily, spouseFamilies: []))
    lives.append(
      LifeState(
        plannedDeath: birth.dayNumber + lifespanDays, residence: residence,
        willMarry: !generator.chance(Rates.neverMarry)))
    living.append(people.count - 1)
  }

  // MARK: Years

  /// Advances year by year until the target size is reached or nobody is left.
  mutating func simulateYears() {
    let firstYear = settings.startYear + 16
    let finalYear = settings.startYear + settings.founderBirthSpan + 400
    for year in firstYear...finalYear {
      let start = CalendarDate.startOf(year: year).dayNumber
      let end = CalendarDate.startOf(year: year + 1).dayNumber - 1
      closeWidowedHouseholds(before: start)
      arrangeMarriages(year: year, start: start, end: end)
      let reachedTarget = bearChildren(through: end)
      moveHouseholds()
      recordDeaths(through: end)
      lastDay = CalendarDate(dayNumber: end)
      if reachedTarget || living.isEmpty { break }
    }
  }

  private mutating func closeWidowedHouseholds(before start: Int) {
    var stillActive: [Int] = []
    stillActive.reserveCapacity(activeFamilies.count)
    for family in activeFamilies {
      let husband = families[family].husband
      let wife = families[family].wife
      let husbandDied = lives[husband].plannedDeath < start
      let wifeDied = lives[wife].plannedDeath < start
      guard husbandDied || wifeDied else {
        stillActive.append(family)
        continue
      }
      for (spouse, partner) in [(husband, wife), (wife, husband)]
      where lives[spouse].plannedDeath >= start {
        lives[spouse].household = nil
        // A year of mourning before remarrying.
        lives[spouse].availableFrom = lives[partner].plannedDeath + 365
      }
    }
    activeFamilies = stillActive
  }

  // MARK: Marriages

  private func isSingle(_ person: Int, sex: Sex, start: Int, end: Int) -> Bool {
    let life = lives[person]
    return people[person].sex == sex && life.household == nil && life.willMarry
      && life.plannedDeath > start && life.availableFrom <= end
  }

  /// Single men of marriageable age, grouped by their age this year.
  private func bachelorsByAge(year: Int, start: Int, end: Int) -> [[Int]] {
    var byAge = Array(repeating: [Int](), count: Ages.menRemarriage.upperBound + 1)
    for person in living where isSingle(person, sex: .male, start: start, end: end) {
      let age = year - people[person].birth.year
      let ages = lives[person].everMarried ? Ages.menRemarriage : Ages.menFirstMarriage
      if ages.contains(age) { byAge[age].append(person) }
    }
    return byAge
  }

  /// The husband's age minus the wife's: usually two to five years.
  private mutating func ageGap() -> Int {
    let roll = generator.unit()
    if roll < 0.65 { return generator.integer(in: 2...5) }
    if roll < 0.82 { return generator.integer(in: 0...1) }
    if roll < 0.94 { return generator.integer(in: 6...12) }
    return generator.integer(in: -3...(-1))
  }

  private mutating func arrangeMarriages(year: Int, start: Int, end: Int) {
    var bachelors = bachelorsByAge(year: year, start: start, end: end)
    for woman in living where isSingle(woman, sex: .female, start: start, end: end) {
      let age = year - people[woman].birth.year
      let widowed = lives[woman].everMarried
      guard (widowed ? Ages.womenRemarriage : Ages.womenFirstMarriage).contains(age) else {
        continue
      }
      guard generator.chance(widowed ? Rates.remarriagePerYear : Rates.firstMarriagePerYear) else {
        continue
      }
      let wantedAge = age + ageGap()
      guard let (husbandAge, slot) = chooseHusband(for: woman, aged: wantedAge, among: bachelors)
      else { continue }
      let husband = bachelors[husbandAge][slot]
      let earliest = max(lives[woman].availableFrom, lives[husband].availableFrom)
      let day = max(start + generator.index(below: end - start + 1), earliest)
      let minimumDays = Int(Ages.minimumAtMarriage * 365.2425) + 1
      guard day <= end, day < lives[woman].plannedDeath, day < lives[husband].plannedDeath,
        day - people[woman].birth.dayNumber >= minimumDays,
        day - people[husband].birth.dayNumber >= minimumDays
      else { continue }
      bachelors[husbandAge].swapAt(slot, bachelors[husbandAge].count - 1)
      bachelors[husbandAge].removeLast()
      marry(husband: husband, wife: woman, on: day)
    }
  }

  /// A bachelor close to `wantedAge`, preferring one from the bride's region.
  private mutating func chooseHusband(
    for woman: Int, aged wantedAge: Int, among bachelors: [[Int]]
  ) -> (age: Int, slot: Int)? {
    for offset in [0, 1, -1, 2, -2] {
      let age = wantedAge + offset
      guard bachelors.indices.contains(age), !bachelors[age].isEmpty else { continue }
      let group = bachelors[age]
      var fallback: Int?
      for _ in 0..<3 {
        let slot = generator.index(below: group.count)
        if catalog.sameRegion(lives[group[slot]].residence, lives[woman].residence) {
          return (age, slot)
        }
        fallback = fallback ?? slot
      }
      if let fallback { return (age, fallback) }
    }
    return nil
  }

  private mutating func marry(husband: Int, wife: Int, on day: Int) {
    let brideHome = lives[wife].residence
    let groomHome = lives[husband].residence
    // Couples usually settle in the husband's village.
    let home =
      catalog.sameRegion(brideHome, groomHome) || generator.chance(0.5) ? groomHome : brideHome
    let family = families.count
    families.append(
      Family(
        xref: "", husband: husband, wife: wife, marriage: CalendarDate(dayNumber: day),
        marriagePlace: catalog.places[brideHome], children: []))
    households.append(
      Household(residence: home, nextBirth: day + generator.integer(in: 270...730)))
    for spouse in [husband, wife] {
      people[spouse].spouseFamilies.append(family)
      lives[spouse].household = family
      lives[spouse].everMarried = true
      lives[spouse].residence = home
    }
    activeFamilies.append(family)
  }

  // MARK: Births

  /// Returns whether the target number of people has been reached.
  private mutating func bearChildren(through end: Int) -> Bool {
    for family in activeFamilies {
      while households[family].fertile, households[family].nextBirth <= end {
        let day = households[family].nextBirth
        let husband = families[family].husband
        let wife = families[family].wife
        let motherAge = Double(day - people[wife].birth.dayNumber) / 365.2425
        let fatherAge = Double(day - people[husband].birth.dayNumber) / 365.2425
        guard day < lives[husband].plannedDeath, day < lives[wife].plannedDeath,
          motherAge < Ages.lastMotherhood, fatherAge < Ages.lastFatherhood
        else {
          households[family].fertile = false
          break
        }
        let child = bearChild(in: family, on: CalendarDate(dayNumber: day))
        let diedInInfancy = lives[child].plannedDeath - day < 365
        // A child lost in infancy is followed sooner by the next; otherwise 1.5–3 years.
        let spacing =
          diedInInfancy
          ? generator.integer(in: 365...600)
          : generator.chance(0.15)
            ? generator.integer(in: 1100...1800) : generator.integer(in: 550...1100)
        households[family].nextBirth = day + spacing
        if generator.chance(Rates.stopBearingPerBirth) { households[family].fertile = false }
        if people.count >= settings.people { return true }
      }
    }
    return false
  }

  private func firstName(_ person: Int?) -> String? {
    person.map { NamingCustom.firstName(of: people[$0].givenNames) }
  }

  private func parents(of person: Int) -> (father: Int?, mother: Int?) {
    guard let family = people[person].birthFamily else { return (nil, nil) }
    return (families[family].husband, families[family].wife)
  }

  private mutating func bearChild(in family: Int, on day: CalendarDate) -> Int {
    let father = families[family].husband
    let mother = families[family].wife
    let sex: Sex = generator.chance(Rates.maleBirths) ? .male : .female
    let rank: Int
    if sex == .male {
      rank = households[family].sons
      households[family].sons += 1
    } else {
      rank = households[family].daughters
      households[family].daughters += 1
    }
    let fathersParents = parents(of: father)
    let mothersParents = parents(of: mother)
    let namesakes = NamingCustom.Namesakes(
      paternalGrandfather: firstName(fathersParents.father),
      maternalGrandfather: firstName(mothersParents.father),
      father: NamingCustom.firstName(of: people[father].givenNames),
      paternalGrandmother: firstName(fathersParents.mother),
      maternalGrandmother: firstName(mothersParents.mother),
      mother: NamingCustom.firstName(of: people[mother].givenNames))
    let livingSiblingNames = families[family].children.compactMap { sibling in
      lives[sibling].plannedDeath > day.dayNumber ? firstName(sibling) : nil
    }
    let givenNames = NamingCustom.givenName(
      sex: sex, birthRank: rank, namesakes: namesakes, livingSiblingNames: livingSiblingNames,
      using: &generator)
    let home = households[family].residence
    let birthPlace =
      generator.chance(Rates.birthAwayFromHome)
      ? catalog.neighbour(of: home, using: &generator) : home
    addPerson(
      sex: sex, givenNames: givenNames, surname: people[father].surname, birth: day,
      birthPlace: birthPlace, residence: home, birthFamily: family,
      lifespanDays: LifeTable.lifespanDays(reaching: 0, using: &generator))
    let child = people.count - 1
    families[family].children.append(child)
    return child
  }

  // MARK: Moves and deaths

  /// Some households move, taking their unmarried children along.
  private mutating func moveHouseholds() {
    for family in activeFamilies where generator.chance(Rates.householdMovesPerYear) {
      let destination = catalog.destination(
        from: households[family].residence, using: &generator)
      households[family].residence = destination
      lives[families[family].husband].residence = destination
      lives[families[family].wife].residence = destination
      for child in families[family].children where !lives[child].everMarried {
        lives[child].residence = destination
      }
    }
  }

  private mutating func recordDeaths(through end: Int) {
    var survivors: [Int] = []
    survivors.reserveCapacity(living.count)
    for person in living {
      let death = lives[person].plannedDeath
      if death <= end {
        people[person].death = CalendarDate(dayNumber: death)
        people[person].deathPlace = catalog.places[lives[person].residence]
      } else {
        survivors.append(person)
      }
    }
    living = survivors
  }

  // MARK: Result

  /// The finished population: cross-references assigned in a shuffled order (so that numbering
  /// says nothing about kinship) and the detached children chosen.
  mutating func population() -> Population {
    var personNumbers = people.indices.map { $0 + 1 }
    generator.shuffle(&personNumbers)
    for index in people.indices { people[index].xref = "@I\(personNumbers[index])@" }
    var familyNumbers = families.indices.map { $0 + 1 }
    generator.shuffle(&familyNumbers)
    for index in families.indices { families[index].xref = "@F\(familyNumbers[index])@" }

    var candidates = people.indices.filter { people[$0].birthFamily != nil }
    let wanted = Int((settings.detachFraction * Double(people.count)).rounded())
    generator.shuffle(&candidates)
    let detached = candidates.prefix(min(wanted, candidates.count))
      .sorted { personNumbers[$0] < personNumbers[$1] }

    return Population(
      settings: settings, people: people, families: families, detached: detached,
      endDate: lastDay,
      personOrder: ordering(personNumbers), familyOrder: ordering(familyNumbers))
  }

  /// Indices sorted by their cross-reference numbers (1-based, a permutation).
  private func ordering(_ numbers: [Int]) -> [Int] {
    var order = Array(repeating: 0, count: numbers.count)
    for (index, number) in numbers.enumerated() { order[number - 1] = index }
    return order
  }
}
