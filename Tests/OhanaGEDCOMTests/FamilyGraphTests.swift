import OhanaDates
import Testing

@testable import OhanaGEDCOM

@Suite("The family graph")
struct FamilyGraphTests {
  @Test("Built from the reconciled records, with counts")
  func build() throws {
    let document = try parse(RecordTests.family + [])
    let graph = FamilyGraph.build(from: document)
    #expect(graph.personCount == 3)
    #expect(graph.familyCount == 1)
    #expect(Array(graph.children(of: 0)) == [2])
    #expect(Array(graph.parentFamilies(of: 2)) == [0])
    #expect(graph.parentFamilies(of: 0).isEmpty)
    #expect(graph.husband == [0] && graph.wife == [1])
    #expect(graph.strings[Int(graph.surname[0])] == "Smith")
    #expect(graph.strings[Int(graph.birthPlace[0])] == "Leeds, England")
    #expect(graph.sex == [.male, .female, .male])
    #expect(graph.birth[0].range == DayRange(day: JulianDay.fromGregorian(year: 1850, month: 3, day: 12)))
    #expect(graph.birth[1] == .unknown)
    #expect(graph.counts == FamilyGraph.Counts(individuals: 3, families: 1, links: 3, peopleWithoutParents: 2))
  }

  @Test("Strings are shared as String equality says: ids spelled like names, canonically equal names")
  func sharedStrings() throws {
    let composed = "Jos\u{E9}"
    let decomposed = "Jose\u{301}"
    let document = try parse(
      file551([
        "0 @I1@ INDI", "1 NAME \(composed) /F1/", "0 @I2@ INDI", "1 NAME \(decomposed) /I1/", "2 SURN F1",
        "0 @I3@ INDI", "1 NAME Ann /I3/", "1 BIRT", "2 PLAC  I2 ", "0 @F1@ FAM", "1 HUSB @I1@", "1 MARR", "2 PLAC \(composed)",
      ]))
    let graph = FamilyGraph.build(from: document)
    #expect(graph.surname[0] == graph.familyXref[0])
    #expect(graph.surname[1] == graph.familyXref[0])
    #expect(graph.givenNames[0] == graph.givenNames[1])
    #expect(graph.strings[Int(graph.givenNames[1])] == composed)
    #expect(graph.surname[2] == graph.personXref[2])
    #expect(graph.birthPlace[2] == graph.personXref[1])
    #expect(graph.marriagePlace[0] == graph.givenNames[0])
    #expect(Set(graph.strings).count == graph.strings.count)
  }

  @Test("The binary artifact decodes to the same graph and is deterministic")
  func codecRoundTrip() throws {
    let graph = FamilyGraph.build(from: try parse(RecordTests.family))
    let bytes = graph.encoded()
    #expect(Array(bytes.prefix(4)) == Array("OHFG".utf8))
    #expect(try FamilyGraph(decoding: bytes) == graph)
    #expect(FamilyGraph.build(from: try parse(RecordTests.family)).encoded() == bytes)
  }

  @Test("Truncated, corrupted or foreign bytes are refused, never trusted")
  func codecRefusesBadBytes() throws {
    let bytes = FamilyGraph.build(from: try parse(RecordTests.family)).encoded()
    for cut in [0, 3, 10, bytes.count / 2, bytes.count - 1] {
      #expect(throws: GraphDecodingError.self) { try FamilyGraph(decoding: Array(bytes.prefix(cut))) }
    }
    #expect(throws: GraphDecodingError.self) { try FamilyGraph(decoding: bytes + [0]) }
    var wrongVersion = bytes
    wrongVersion[4] = 99
    #expect(throws: GraphDecodingError.self) { try FamilyGraph(decoding: wrongVersion) }
    // A child index pointing past the people.
    var badIndex = bytes
    for offset in (bytes.count - 4)..<bytes.count { badIndex[offset] = 0x7F }
    #expect(throws: GraphDecodingError.self) { try FamilyGraph(decoding: badIndex) }
  }
}
