import OhanaDates
import Testing

@testable import OhanaGEDCOM

@Suite("Typed views and diagnostics")
struct RecordTests {
  static let family = file551([
    "0 @I1@ INDI", "1 NAME John Paul /Smith/ Jr.", "1 SEX M", "1 BIRT", "2 DATE 12 MAR 1850",
    "2 PLAC Leeds,  England",
    "1 DEAT", "2 DATE 1920", "1 OCCU Weaver", "1 FAMS @F1@",
    "0 @I2@ INDI", "1 NAME Mary /Brown/", "2 GIVN Mary Ann", "2 SURN Browne", "1 SEX female", "1 FAMS @F1@",
    "0 @I3@ INDI", "1 NAME Tom /Smith/", "1 SEX M", "1 CHR", "2 DATE ABT 1880", "1 FAMC @F1@",
    "0 @F1@ FAM", "1 HUSB @I1@", "1 WIFE @I2@", "1 CHIL @I3@", "1 MARR", "2 DATE 1875", "2 PLAC York",
  ])

  @Test("Individuals: names, sex, events with dates and places, links")
  func individuals() throws {
    let document = try parse(Self.family)
    #expect(document.individuals.count == 3)
    #expect(document.families.count == 1)
    let john = try #require(document.person("I1"))
    #expect(john.name == PersonName(full: "John Paul Smith Jr.", given: "John Paul", surname: "Smith"))
    #expect(john.sex == .male)
    #expect(john.birth?.place == "Leeds, England")
    #expect(john.birth?.date?.range == DayRange(day: JulianDay.fromGregorian(year: 1850, month: 3, day: 12)))
    #expect(john.death?.date?.precision == .year)
    #expect(john.events.map(\.tag) == ["BIRT", "DEAT", "OCCU"])
    #expect(john.events.last?.value == "Weaver")
    let mary = try #require(document.person("I2"))
    #expect(mary.name?.given == "Mary Ann")
    #expect(mary.name?.surname == "Browne")
    #expect(mary.sex == .female)
    let tom = try #require(document.person("I3"))
    #expect(tom.birth?.tag == "CHR")
    #expect(tom.parentFamilies == [0])
    let family = document.families[0]
    #expect(family.husband == 0 && family.wife == 1 && family.children == [2])
    #expect(family.marriage?.place == "York")
    #expect(document.diagnostics.filter { $0.severity != .info }.isEmpty)
  }

  @Test("Links given on one side only are made on both, each with a warning")
  func oneSidedLinks() throws {
    let document = try parse(
      file551([
        "0 @I1@ INDI", "1 SEX M", "1 FAMS @F1@", "0 @I2@ INDI", "1 SEX F", "0 @I3@ INDI", "1 FAMC @F1@",
        "0 @I4@ INDI", "0 @F1@ FAM", "1 WIFE @I2@", "1 CHIL @I4@",
      ]))
    let family = document.families[0]
    #expect(family.husband == 0)
    #expect(family.wife == 1)
    #expect(Set(family.children) == [2, 3])
    #expect(document.individuals[1].spouseFamilies == [0])
    #expect(document.individuals[3].parentFamilies == [0])
    #expect(document.diagnostics("one-sided-link").count == 4)
  }

  @Test("One person given as both spouses, or as spouse and child, is mended once")
  func sameSpouseTwice() throws {
    let document = try parse(
      file551([
        "0 @I1@ INDI", "0 @I2@ INDI", "1 FAMS @F2@", "0 @F1@ FAM", "1 HUSB @I1@", "1 WIFE @I1@",
        "0 @F2@ FAM", "1 HUSB @I2@", "1 CHIL @I2@",
      ]))
    #expect(document.individuals[0].spouseFamilies == [0])
    let linked = document.diagnostics("one-sided-link")
    #expect(linked.count == 1 && linked.first?.message.contains("@F1@ lists @I1@ as a spouse") == true)
    #expect(document.diagnostics("own-parent").count == 1)
    #expect(document.families[1].children.isEmpty)
  }

  @Test("Dangling, wrong-kind and malformed pointers are errors; the rest is kept")
  func badPointers() throws {
    let document = try parse(
      file551([
        "0 @I1@ INDI", "1 FAMC @F9@", "1 FAMS @I1@", "0 @F1@ FAM", "1 CHIL @I1@", "1 HUSB John",
      ]))
    #expect(document.diagnostics("dangling-pointer").count == 1)
    #expect(document.diagnostics("dangling-pointer").first?.message.contains("@F9@") == true)
    #expect(document.diagnostics("wrong-pointer").count == 1)
    #expect(document.diagnostics("not-a-pointer").count == 1)
    #expect(document.individuals[0].parentFamilies == [0])
  }

  @Test("A duplicate id is an error and pointers go to the first record")
  func duplicateIDs() throws {
    let document = try parse(file551(["0 @I1@ INDI", "1 NAME First //", "0 @I1@ INDI", "1 NAME Second //"]))
    #expect(document.diagnostics("duplicate-xref").count == 1)
    #expect(document.diagnostics("duplicate-xref").first?.severity == .error)
    #expect(document.individuals.map { $0.name?.full } == ["First"])
    #expect(document.record(withXref: "I1") == document.firstNode("INDI"))
  }

  @Test("A person who is their own ancestor is found, once per cycle")
  func ancestorCycle() throws {
    let document = try parse(
      file551([
        "0 @I1@ INDI", "1 FAMC @F1@", "1 FAMS @F2@", "0 @I2@ INDI", "1 FAMC @F2@", "1 FAMS @F1@",
        "0 @F1@ FAM", "1 HUSB @I2@", "1 CHIL @I1@", "0 @F2@ FAM", "1 HUSB @I1@", "1 CHIL @I2@",
      ]))
    let cycles = document.diagnostics("own-ancestor")
    #expect(cycles.count == 1)
    #expect(cycles.first?.severity == .error)
    #expect(cycles.first?.message.contains("→") == true)
  }

  @Test("Impossible dates: born after death, before a parent was ten, after the mother died")
  func impossibleDates() throws {
    let document = try parse(
      file551([
        "0 @I1@ INDI", "1 SEX M", "1 BIRT", "2 DATE 1900", "1 DEAT", "2 DATE 1850",
        "0 @I2@ INDI", "1 SEX F", "1 BIRT", "2 DATE 1800", "1 DEAT", "2 DATE 1830",
        "0 @I3@ INDI", "1 BIRT", "2 DATE 1805", "0 @I4@ INDI", "1 BIRT", "2 DATE 1840",
        "0 @I5@ INDI", "1 BIRT", "2 DATE 1825",
        "0 @F1@ FAM", "1 WIFE @I2@", "1 CHIL @I3@", "1 CHIL @I4@", "1 CHIL @I5@",
      ]))
    let messages = document.diagnostics("impossible-date").map(\.message)
    #expect(messages.count == 3)
    #expect(messages.contains { $0.contains("@I1@ was born") && $0.contains("after they died") })
    #expect(messages.contains { $0.contains("@I3@ was born before their mother @I2@ was ten") })
    #expect(messages.contains { $0.contains("@I4@ was born after their mother @I2@ died") })
  }

  @Test("SEX values: variants are understood, nonsense is unknown with a warning")
  func sexValues() throws {
    #expect(Sex(recorded: "m") == .male)
    #expect(Sex(recorded: " Female ") == .female)
    #expect(Sex(recorded: "X") == .other)
    #expect(Sex(recorded: "F\n2 SOUR @S1@") == .female)
    #expect(Sex(recorded: "purple") == nil)
    let document = try parse(file551(["0 @I1@ INDI", "1 SEX purple"]))
    #expect(document.individuals[0].sex == .unknown)
    #expect(document.diagnostics("unknown-sex").count == 1)
  }

  @Test("Sources and shared notes of 5.5 and 7.0")
  func sourcesAndNotes() throws {
    let old = try parse(
      file551(["0 @S1@ SOUR", "1 TITL Parish register", "1 AUTH Clerk", "0 @N1@ NOTE Hello"]))
    #expect(
      old.sources == [
        SourceRecord(xref: "S1", line: 6, title: "Parish register", author: "Clerk", publication: nil)
      ])
    #expect(old.notes.map(\.text) == ["Hello"])
    let new = try parse(file70(["0 @N1@ SNOTE Shared", "1 CONT text"]))
    #expect(new.notes.map(\.text) == ["Shared\ntext"])
  }

  @Test("GEDCOM 7 @VOID@ pointers are empty links, not errors")
  func voidPointers() throws {
    let document = try parse(
      file70(["0 @F1@ FAM", "1 HUSB @VOID@", "1 CHIL @I1@", "0 @I1@ INDI", "1 FAMC @F1@"]))
    #expect(document.families[0].husband == nil)
    #expect(document.families[0].children == [0])
    #expect(document.diagnostics.filter { $0.severity == .error }.isEmpty)
  }
}
