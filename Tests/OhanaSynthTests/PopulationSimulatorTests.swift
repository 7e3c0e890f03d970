import OhanaJSON
import OhanaSynth
import Testing

@Suite struct PopulationSimulatorTests {
  static let settings = SimulationSettings(seed: 42, people: 1500)
  static let population = PopulationSimulator.simulate(settings)
  static let outline = GEDCOMOutline(population.gedcom())

  @Test func sameSettingsGiveIdenticalBytes() {
    let again = PopulationSimulator.simulate(Self.settings)
    #expect(again.gedcom() == Self.population.gedcom())
    #expect(CanonicalJSON.encode(again.truth()) == CanonicalJSON.encode(Self.population.truth()))
    #expect(Self.population.gedcom() == Self.population.gedcom())
  }

  @Test func differentSeedsGiveDifferentTrees() {
    var other = Self.settings
    other.seed = 43
    let population = PopulationSimulator.simulate(other)
    #expect(population.gedcom() != Self.population.gedcom())
    #expect(
      CanonicalJSON.encode(population.truth()) != CanonicalJSON.encode(Self.population.truth()))
  }

  @Test(arguments: [300, 2000, 6000])
  func sizeIsNearTheTarget(target: Int) {
    let population = PopulationSimulator.simulate(SimulationSettings(seed: 7, people: target))
    #expect(abs(population.people.count - target) <= target / 20)
    #expect(population.families.count > target / 10)
    let outline = GEDCOMOutline(population.gedcom())
    #expect(outline.individuals.count == population.people.count)
    #expect(outline.families.count == population.families.count)
  }

  @Test func headerDeclaresGEDCOM551InUTF8() throws {
    let text = Self.population.gedcom()
    #expect(text.hasPrefix("0 HEAD\n1 SOUR OHANA-SYNTH\n"))
    #expect(text.hasSuffix("0 TRLR\n"))
    let header = Self.outline.headerLines.map { "\($0.level) \($0.tag) \($0.value)" }
    #expect(header.contains("2 VERS 5.5.1"))
    #expect(header.contains("1 CHAR UTF-8"))
    let submitter = try #require(Self.outline.headerLines.first { $0.tag == "SUBM" })
    #expect(text.contains("0 \(submitter.value) SUBM\n"))
  }

  @Test func everyReferencedRecordExistsAndLinksAgreeOnBothSides() throws {
    let outline = Self.outline
    for (xref, person) in outline.individuals {
      for family in person.values("FAMC") {
        let record = try #require(outline.families[family], "\(xref) FAMC \(family) is missing")
        #expect(record.values("CHIL").contains(xref))
      }
      for family in person.values("FAMS") {
        let record = try #require(outline.families[family], "\(xref) FAMS \(family) is missing")
        #expect((record.values("HUSB") + record.values("WIFE")).contains(xref))
      }
      #expect(person.values("SEX").count == 1)
      #expect(person.values("NAME").count == 1)
    }
    for (xref, family) in outline.families {
      #expect(family.values("HUSB").count == 1)
      #expect(family.values("WIFE").count == 1)
      for spouse in family.values("HUSB") + family.values("WIFE") {
        let person = try #require(
          outline.individuals[spouse], "\(xref) spouse \(spouse) is missing")
        #expect(person.values("FAMS").contains(xref))
      }
      for child in family.values("CHIL") {
        let person = try #require(outline.individuals[child], "\(xref) CHIL \(child) is missing")
        #expect(person.values("FAMC") == [xref])
      }
    }
  }

  @Test func writtenLinksMatchTheTruthExceptDetachedChildren() {
    let population = Self.population
    for (index, person) in population.people.enumerated() {
      let written = Self.outline.individuals[person.xref]?.values("FAMC") ?? []
      if let family = person.birthFamily, !population.isDetached(index) {
        #expect(written == [population.families[family].xref])
      } else {
        #expect(written.isEmpty)
      }
      let spouses = person.spouseFamilies.map { population.families[$0].xref }
      #expect(Self.outline.individuals[person.xref]?.values("FAMS") == spouses)
    }
  }

  @Test func detachedPeopleLackTheirLinkAndTheirTrueFamilyExists() throws {
    let population = Self.population
    let truth = try JSONParser.parse(CanonicalJSON.encode(population.truth()))
    #expect(truth["seed"]?.intValue == 42)
    #expect(truth["people"]?.intValue == Int64(population.people.count))
    #expect(truth["families"]?.intValue == Int64(population.families.count))
    guard case .array(let entries) = try #require(truth["detached"]) else {
      Issue.record("detached is not an array")
      return
    }
    let expectedCount = Int((0.1 * Double(population.people.count)).rounded())
    #expect(entries.count == expectedCount)
    #expect(population.detached.count == expectedCount)
    var seen: Set<String> = []
    for entry in entries {
      let personXref = try #require(entry["person"]?.stringValue)
      let familyXref = try #require(entry["family"]?.stringValue)
      #expect(seen.insert(personXref).inserted)
      let person = try #require(Self.outline.individuals[personXref])
      #expect(person.values("FAMC").isEmpty)
      let family = try #require(Self.outline.families[familyXref])
      #expect(!family.values("CHIL").contains(personXref))
      let index = try #require(population.people.firstIndex { $0.xref == personXref })
      #expect(population.isDetached(index))
      let trueFamily = try #require(population.people[index].birthFamily)
      #expect(population.families[trueFamily].xref == familyXref)
      #expect(population.families[trueFamily].children.contains(index))
    }
  }

  @Test func noDetachmentKeepsEveryLink() {
    let population = PopulationSimulator.simulate(
      SimulationSettings(seed: 5, people: 500, detachFraction: 0))
    #expect(population.detached.isEmpty)
    let withParents = population.people.filter { $0.birthFamily != nil }.count
    let outline = GEDCOMOutline(population.gedcom())
    #expect(outline.individuals.values.filter { !$0.values("FAMC").isEmpty }.count == withParents)
    #expect(population.truth()["detached"] == .array([]))
  }

  @Test func extremeSettingsAreBroughtIntoRange() {
    let tiny = PopulationSimulator.simulate(SimulationSettings(seed: 1, people: 0))
    #expect(tiny.people.count == 2)
    #expect(GEDCOMOutline(tiny.gedcom()).individuals.count == 2)
    let everyone = PopulationSimulator.simulate(
      SimulationSettings(seed: 2, people: 300, detachFraction: 3, noise: -1))
    let withParents = everyone.people.indices.filter { everyone.people[$0].birthFamily != nil }
    #expect(everyone.detached.sorted() == withParents)
    let outline = GEDCOMOutline(everyone.gedcom())
    #expect(outline.individuals.values.allSatisfy { $0.values("FAMC").isEmpty })
    #expect(outline.families.values.allSatisfy { $0.values("CHIL").isEmpty })
    #expect(!everyone.gedcom().contains("2 DATE ABT"))
  }

  @Test func parentsAgesAtBirthsAreWithinPlausibleWindows() {
    let population = Self.population
    for family in population.families {
      let father = population.people[family.husband]
      let mother = population.people[family.wife]
      #expect(father.sex == .male && mother.sex == .female)
      for child in family.children.map({ population.people[$0] }) {
        let motherAge = child.birth.years(since: mother.birth)
        let fatherAge = child.birth.years(since: father.birth)
        #expect((16...45).contains(motherAge), "mother aged \(motherAge)")
        #expect((18...60).contains(fatherAge), "father aged \(fatherAge)")
        #expect(child.birth > family.marriage)
        #expect(child.surname == father.surname)
        for parent in [father, mother] {
          if let death = parent.death { #expect(death > child.birth) }
        }
      }
      let births = family.children.map { population.people[$0].birth.dayNumber }
      #expect(births == births.sorted())
      #expect(zip(births, births.dropFirst()).allSatisfy { $1 - $0 >= 365 })
    }
  }

  @Test func demographicsLookHistorical() {
    let population = Self.population
    let settings = Self.settings
    let founders = population.people.filter { $0.birthFamily == nil }
    #expect(
      founders.allSatisfy {
        (settings.startYear..<(settings.startYear + settings.founderBirthSpan)).contains(
          $0.birth.year)
      })
    for person in population.people {
      if let death = person.death {
        #expect(death >= person.birth)
        #expect(death <= population.endDate)
      }
    }
    var gaps: [Double] = []
    var brideAges: [Double] = []
    for (index, family) in population.families.enumerated() {
      let husband = population.people[family.husband]
      let wife = population.people[family.wife]
      #expect(family.marriage.years(since: wife.birth) >= 18)
      #expect(family.marriage.years(since: husband.birth) >= 18)
      if wife.spouseFamilies.first == index {
        brideAges.append(family.marriage.years(since: wife.birth))
      }
      gaps.append(wife.birth.years(since: husband.birth))
    }
    let meanGap = gaps.reduce(0, +) / Double(gaps.count)
    #expect((1.5...6).contains(meanGap), "husbands older by \(meanGap) years on average")
    let typicalBrides = brideAges.filter { (18...35).contains($0) }.count
    #expect(Double(typicalBrides) >= 0.9 * Double(brideAges.count))

    let adultsWhoDied = population.people.filter {
      guard let death = $0.death else { return false }
      return death.years(since: $0.birth) >= 20
    }
    let oldAtDeath = adultsWhoDied.filter { $0.death!.years(since: $0.birth) >= 50 }.count
    #expect(Double(oldAtDeath) > 0.5 * Double(adultsWhoDied.count))
    let childDeaths = population.people.filter {
      guard let death = $0.death else { return false }
      return death.years(since: $0.birth) < 5
    }.count
    #expect(childDeaths > population.people.count / 20)
    let remarried = population.people.filter { $0.spouseFamilies.count > 1 }.count
    #expect(remarried > 0)
    let oldUnmarried = population.people.filter {
      $0.spouseFamilies.isEmpty && ($0.death ?? population.endDate).years(since: $0.birth) >= 50
    }.count
    #expect(oldUnmarried > 0)
  }

  @Test func peopleMoveBetweenPlacesButChildrenMostlyStayInOneRegion() {
    let population = Self.population
    let places = Set(population.people.map(\.birthPlace))
    #expect(places.count > 20)
    #expect(Set(places.map(\.country)).count > 1)
    var sameRegion = 0
    var total = 0
    for family in population.families where family.children.count >= 2 {
      let first = population.people[family.children[0]].birthPlace
      for child in family.children.dropFirst() {
        total += 1
        if population.people[child].birthPlace.region == first.region { sameRegion += 1 }
      }
    }
    #expect(Double(sameRegion) > 0.8 * Double(total))
  }

  @Test func noiselessRecordsAreExactAndComplete() {
    let population = PopulationSimulator.simulate(
      SimulationSettings(seed: 11, people: 400, noise: 0))
    let outline = GEDCOMOutline(population.gedcom())
    let months = [
      "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ]
    for person in population.people {
      let record = outline.individuals[person.xref]
      let (year, month, day) = person.birth.components
      #expect(record?.date(of: "BIRT") == "\(day) \(months[month - 1]) \(year)")
      #expect(record?.values("SURN", level: 2) == [person.surname])
      #expect(record?.values("NAME") == ["\(person.givenNames) /\(person.surname)/"])
      #expect((record?.date(of: "DEAT") != nil) == (person.death != nil))
    }
  }

  @Test func noisyRecordsUseVagueDatesAndLeaveGaps() {
    let population = PopulationSimulator.simulate(
      SimulationSettings(seed: 12, people: 2000, noise: 1))
    let text = population.gedcom()
    for form in ["2 DATE ABT ", "2 DATE BEF ", "2 DATE AFT ", "2 DATE BET "] {
      #expect(text.contains(form), "no \(form)")
    }
    #expect(text.contains(" AND "))
    let outline = GEDCOMOutline(text)
    let undatedBirths = outline.individuals.values.filter {
      $0.date(of: "BIRT") == nil && $0.date(of: "CHR") == nil
    }.count
    #expect(undatedBirths > population.people.count / 20)
    let dead = population.people.filter { $0.death != nil }
    let missingDeaths = dead.filter {
      outline.individuals[$0.xref]?.values("DEAT").isEmpty ?? false
    }
    #expect(missingDeaths.count > dead.count / 10)
    let variantSpellings = population.people.filter {
      outline.individuals[$0.xref]?.values("SURN", level: 2) != [$0.surname]
    }
    #expect(!variantSpellings.isEmpty)
  }

  @Test func namesFollowPatternsAndSexSpecificPools() {
    let population = Self.population
    var namedAfterPaternalGrandfather = 0
    var firstSons = 0
    for family in population.families {
      let father = population.people[family.husband]
      guard let fathersFamily = father.birthFamily else { continue }
      let grandfather = population.people[population.families[fathersFamily].husband]
      guard let firstSon = family.children.first(where: { population.people[$0].sex == .male })
      else { continue }
      firstSons += 1
      let name = population.people[firstSon].givenNames
      if name.split(separator: " ").first == grandfather.givenNames.split(separator: " ").first {
        namedAfterPaternalGrandfather += 1
      }
    }
    #expect(firstSons > 50)
    #expect(Double(namedAfterPaternalGrandfather) > 0.4 * Double(firstSons))
    let maleNames = Set(population.people.filter { $0.sex == .male }.map(\.givenNames))
    let femaleNames = Set(population.people.filter { $0.sex == .female }.map(\.givenNames))
    #expect(maleNames.isDisjoint(with: femaleNames))
  }
}
