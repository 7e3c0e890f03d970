/// Writes a ``Population`` as GEDCOM 5.5.1 lineage-linked records, leaving out the detached
/// children's links on both sides (no `FAMC` on the child, no `CHIL` on the family).
struct GEDCOMWriter {
  private let population: Population
  private var noise: RecordNoise
  private var text = ""

  /// Full-noise rates of the facts a record leaves out.
  private enum MissingRates {
    static let birthDate = 0.25
    static let deathRecord = 0.3
    static let deathDate = 0.3
    static let marriageRecord = 0.15
    static let marriageDate = 0.3
    /// Only a christening survives instead of the birth.
    static let christeningInstead = 0.12
    /// Share of recorded deaths that also have a burial, whatever the noise.
    static let burial = 0.5
  }

  init(population: Population) {
    self.population = population
    noise = RecordNoise(seed: population.settings.seed, level: population.settings.noise)
  }

  mutating func write() -> String {
    text.reserveCapacity(population.people.count * 200)
    writeHeader()
    for person in population.personOrder { writePerson(person) }
    for family in population.familyOrder { writeFamily(family) }
    line(0, "TRLR")
    return text
  }

  private mutating func line(_ level: Int, _ tag: String, _ value: String? = nil) {
    text += String(level)
    text += " "
    text += tag
    if let value {
      text += " "
      text += value
    }
    text += "\n"
  }

  private mutating func writeHeader() {
    line(0, "HEAD")
    line(1, "SOUR", "OHANA-SYNTH")
    line(2, "NAME", "Ohana synthetic population")
    line(1, "SUBM", "@U1@")
    line(1, "GEDC")
    line(2, "VERS", "5.5.1")
    line(2, "FORM", "LINEAGE-LINKED")
    line(1, "CHAR", "UTF-8")
    line(1, "NOTE", "Simulated with seed \(population.settings.seed)")
    line(0, "@U1@ SUBM")
    line(1, "NAME", "Ohana Synth")
  }

  /// An event with its optional date and place; an event known to have happened but with
  /// neither is written with the `Y` flag.
  private mutating func event(_ tag: String, date: String?, place: Place?) {
    let placeText = place.flatMap { noise.placeText($0) }
    line(1, tag, date == nil && placeText == nil ? "Y" : nil)
    if let date { line(2, "DATE", date) }
    if let placeText { line(2, "PLAC", placeText) }
  }

  private mutating func writePerson(_ index: Int) {
    let person = population.people[index]
    line(0, "\(person.xref) INDI")
    let surname = noise.surnameText(person.surname)
    line(1, "NAME", "\(person.givenNames) /\(surname)/")
    line(2, "GIVN", person.givenNames)
    line(2, "SURN", surname)
    line(1, "SEX", person.sex.rawValue)
    if noise.happens(MissingRates.christeningInstead) {
      let christening = person.birth.adding(days: noise.integer(in: 2...40))
      event(
        "CHR", date: noise.dateText(christening, missingRate: MissingRates.birthDate),
        place: person.birthPlace)
    } else {
      event(
        "BIRT", date: noise.dateText(person.birth, missingRate: MissingRates.birthDate),
        place: person.birthPlace)
    }
    if let death = person.death, !noise.happens(MissingRates.deathRecord) {
      event(
        "DEAT", date: noise.dateText(death, missingRate: MissingRates.deathDate),
        place: person.deathPlace)
      if noise.integer(in: 0...99) < Int(MissingRates.burial * 100) {
        let burial = death.adding(days: noise.integer(in: 2...6))
        event(
          "BURI", date: noise.dateText(burial, missingRate: MissingRates.deathDate),
          place: person.deathPlace)
      }
    }
    if let family = person.birthFamily, !population.isDetached(index) {
      line(1, "FAMC", population.families[family].xref)
    }
    for family in person.spouseFamilies { line(1, "FAMS", population.families[family].xref) }
  }

  private mutating func writeFamily(_ index: Int) {
    let family = population.families[index]
    line(0, "\(family.xref) FAM")
    line(1, "HUSB", population.people[family.husband].xref)
    line(1, "WIFE", population.people[family.wife].xref)
    if !noise.happens(MissingRates.marriageRecord) {
      event(
        "MARR",
        date: noise.dateText(family.marriage, missingRate: MissingRates.marriageDate),
        place: family.marriagePlace)
    }
    for child in family.children where !population.isDetached(child) {
      line(1, "CHIL", population.people[child].xref)
    }
  }
}
