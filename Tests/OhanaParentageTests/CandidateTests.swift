import Foundation
import OhanaGEDCOM
import OhanaTestSupport
import Testing

@testable import OhanaParentage

@Suite("Candidate families")
struct CandidateTests {
  @Test("Recall of masked links is at least 99% with short lists")
  func recallOnMaskedLinks() throws {
    let tree = try TestTrees.simulated(people: 2000, seed: 21)
    let masking = LinkMasking(graph: tree.graph, fraction: 0.15, seed: 3)
    #expect(masking.people.count > 200)
    let view = LinkGraph(tree.graph, masked: masking.flags(personCount: tree.graph.personCount))
    let generator = CandidateGenerator(view: view)
    var found = 0
    var total = 0
    for (person, truth) in zip(masking.people, masking.truth) {
      // Masked people have no parents in the view.
      #expect(view.parentFamilies(of: person).isEmpty)
      let candidates = generator.candidates(for: person)
      total += candidates.count
      if candidates.contains(where: { truth.contains($0) }) { found += 1 }
    }
    let recall = Double(found) / Double(masking.people.count)
    let meanLength = Double(total) / Double(masking.people.count)
    #expect(recall >= 0.99, "recall \(recall)")
    #expect(meanLength < Double(tree.graph.familyCount) / 20, "mean list length \(meanLength)")
  }

  @Test("The simulator's removed links are found again")
  func recallOnSimulatorTruth() throws {
    let tree = try TestTrees.simulated(people: 2000, seed: 22)
    let prepared = PreparedGraph(tree.graph)
    let found = tree.truth.filter { prepared.candidates(for: $0.person).contains($0.family) }.count
    #expect(tree.truth.count > 150)
    #expect(Double(found) / Double(tree.truth.count) >= 0.99)
  }

  @Test("Impossible families stay out: never one's own parents; dates fit but for a few near misses")
  func plausibility() throws {
    let tree = try TestTrees.simulated(people: 600, seed: 23)
    let prepared = PreparedGraph(tree.graph)
    #expect(prepared.candidateBreadth == .blocked)
    let view = prepared.view
    for person in 0..<view.personCount {
      var nearMisses = 0
      for family in prepared.candidates(for: person) {
        #expect(Int(view.father[family]) != person && Int(view.mother[family]) != person)
        let gap = max(
          view.familyWindowLow[family] - view.windowHigh[person],
          view.windowLow[person] - view.familyWindowHigh[family])
        #expect(gap <= CandidateGenerator.Rules.nearMissYears)
        if gap > 0 { nearMisses += 1 }
        let mother = Int(view.mother[family])
        if gap <= 0, mother >= 0, view.birthHigh[person].isFinite, view.birthLow[mother].isFinite,
          view.birthLow[person].isFinite, view.birthHigh[mother].isFinite, view.childCount(family) == 0
        {
          // Mother between 12 and 55 at the birth, give or take a year of slack on each date.
          #expect(view.birthHigh[person] + 2 >= view.birthLow[mother] + 12)
          #expect(view.birthLow[person] - 2 <= view.birthHigh[mother] + 55)
        }
      }
      #expect(nearMisses <= CandidateGenerator.Rules.nearMissLimit)
    }
  }

  /// Welsh patronymics, a family whose recorded marriage year is wrong, and a person with a
  /// compound surname: @I9@ (Gruffudd ap /Hywel/) is the son of @F1@ (Hywel /ap Owain/), not of
  /// @F4@ (Dafydd /Hywel/), @I10@ (Rhys /ap Hywel/) too, @I11@ (Catrin /Spencer-Churchill/) is
  /// the daughter of @F2@ (Churchill), not of @F5@ (Spencer), and @I12@ (Ann /Pope/, 1631) is a
  /// daughter of @F3@, married "1680" but with children from 1627. The decoys make sure the
  /// right family is found through its blocks, not by dates alone.
  static let awkward = """
    0 HEAD
    1 CHAR UTF-8
    0 @I1@ INDI
    1 NAME Hywel /ap Owain/
    1 SEX M
    1 BIRT
    2 DATE 1100
    1 FAMS @F1@
    0 @I2@ INDI
    1 NAME Angharad /ferch Rhys/
    1 SEX F
    1 FAMS @F1@
    0 @I3@ INDI
    1 NAME John /Churchill/
    1 SEX M
    1 BIRT
    2 DATE 1820
    1 FAMS @F2@
    0 @I4@ INDI
    1 NAME Nathaniel /Pope/
    1 SEX M
    1 BIRT
    2 DATE 1602
    1 FAMS @F3@
    0 @I5@ INDI
    1 NAME Thomas /Pope/
    1 SEX M
    1 BIRT
    2 DATE 1627
    1 FAMC @F3@
    0 @I6@ INDI
    1 NAME John /Pope/
    1 SEX M
    1 BIRT
    2 DATE 1641
    1 FAMC @F3@
    0 @I7@ INDI
    1 NAME Dafydd /Hywel/
    1 SEX M
    1 BIRT
    2 DATE 1095
    1 FAMS @F4@
    0 @I8@ INDI
    1 NAME George /Spencer/
    1 SEX M
    1 BIRT
    2 DATE 1815
    1 FAMS @F5@
    0 @I9@ INDI
    1 NAME Gruffudd ap /Hywel/
    1 SEX M
    1 BIRT
    2 DATE 1130
    0 @I10@ INDI
    1 NAME Rhys /ap Hywel/
    1 SEX M
    1 BIRT
    2 DATE 1132
    0 @I11@ INDI
    1 NAME Catrin /Spencer-Churchill/
    1 SEX F
    1 BIRT
    2 DATE 1850
    0 @I12@ INDI
    1 NAME Ann /Pope/
    1 SEX F
    1 BIRT
    2 DATE 1631
    0 @F1@ FAM
    1 HUSB @I1@
    1 WIFE @I2@
    0 @F2@ FAM
    1 HUSB @I3@
    0 @F3@ FAM
    1 HUSB @I4@
    1 CHIL @I5@
    1 CHIL @I6@
    1 MARR
    2 DATE 1680
    0 @F4@ FAM
    1 HUSB @I7@
    0 @F5@ FAM
    1 HUSB @I8@
    0 TRLR
    """

  @Test("Patronymics, compound surnames and wrong marriage dates do not hide the parents")
  func awkwardRecords() throws {
    let graph = FamilyGraph.build(from: try GEDCOMParser.parse(bytes: Array(Self.awkward.utf8)))
    let prepared = PreparedGraph(graph)
    func index(_ xref: String, family: Bool = false) throws -> Int {
      let column = family ? graph.familyXref : graph.personXref
      return try #require(column.firstIndex { graph.strings[Int($0)] == xref })
    }
    let hywel = try index("F1", family: true)
    #expect(prepared.candidates(for: try index("I9")).contains(hywel))
    #expect(prepared.candidates(for: try index("I10")).contains(hywel))
    #expect(prepared.candidates(for: try index("I11")).contains(try index("F2", family: true)))
    #expect(prepared.candidates(for: try index("I12")).contains(try index("F3", family: true)))
    // Dates still rule out what they clearly exclude: Hywel's family is not a Pope's.
    #expect(!prepared.candidates(for: try index("I12")).contains(hywel))
  }

  @Test(
    "On real trees, at least 99% of masked links are found again, with short lists where names and dates agree",
    .enabled(if: SharedData.isAvailable, "shared data (../shared/data) is absent"))
  func recallOnRealTrees() throws {
    // Mean list lengths measured with these seeds: washington 2.7 (its blocks suffice), Ivar
    // the whole tree (its patronymics and dates contradict its own links too often for blocks).
    for (name, breadths, longest) in [
      ("djeffrey__washington.ged", [CandidateGenerator.Breadth.blocked], 10.0),
      ("djeffrey__IvarKingOfDublin.ged", [.everything], 500),
    ] {
      let path = SharedData.path("gedcom/" + name)
      guard FileManager.default.fileExists(atPath: path) else {
        Issue.record("\(name) is missing from the shared data")
        continue
      }
      let graph = FamilyGraph.build(from: try GEDCOMParser.parse(contentsOf: path))
      var found = 0
      var listed = 0
      var masked = 0
      for seed in UInt64(0)..<3 {
        let masking = LinkMasking(graph: graph, fraction: 0.15, seed: seed)
        let prepared = PreparedGraph(
          view: LinkGraph(graph, masked: masking.flags(personCount: graph.personCount)))
        #expect(breadths.contains(prepared.candidateBreadth), "\(name): \(prepared.candidateBreadth)")
        for (person, truth) in zip(masking.people, masking.truth) {
          let candidates = prepared.candidates(for: person)
          listed += candidates.count
          if candidates.contains(where: truth.contains) { found += 1 }
        }
        masked += masking.people.count
      }
      #expect(Double(found) / Double(masked) >= 0.99, "\(name): \(found) of \(masked)")
      #expect(
        Double(listed) / Double(masked) <= longest, "\(name): \(Double(listed) / Double(masked)) per person")
    }
  }

  @Test("Masking is reproducible and hides every link of the masked people")
  func masking() throws {
    let tree = try TestTrees.simulated(people: 600, seed: 24)
    let first = LinkMasking(graph: tree.graph, fraction: 0.2, seed: 7)
    #expect(first == LinkMasking(graph: tree.graph, fraction: 0.2, seed: 7))
    #expect(first != LinkMasking(graph: tree.graph, fraction: 0.2, seed: 8))
    let eligible = (0..<tree.graph.personCount).filter { !tree.graph.parentFamilies(of: $0).isEmpty }.count
    #expect(first.people.count == Int((0.2 * Double(eligible)).rounded()))
    for (person, truth) in zip(first.people, first.truth) {
      #expect(truth == tree.graph.parentFamilies(of: person).map(Int.init).sorted())
    }
  }
}
