import OhanaGEDCOM
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

  @Test("Impossible families are excluded: a person is never their own parent, dates must fit")
  func plausibility() throws {
    let tree = try TestTrees.simulated(people: 600, seed: 23)
    let prepared = PreparedGraph(tree.graph)
    let view = prepared.view
    for person in 0..<view.personCount {
      for family in prepared.candidates(for: person) {
        #expect(Int(view.father[family]) != person && Int(view.mother[family]) != person)
        let mother = Int(view.mother[family])
        if mother >= 0, view.birthHigh[person].isFinite, view.birthLow[mother].isFinite, view.birthLow[person].isFinite,
          view.birthHigh[mother].isFinite
        {
          // Mother between 12 and 55 at the birth, give or take a year of slack on each date.
          #expect(view.birthHigh[person] + 2 >= view.birthLow[mother] + 12)
          #expect(view.birthLow[person] - 2 <= view.birthHigh[mother] + 55)
        }
      }
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
