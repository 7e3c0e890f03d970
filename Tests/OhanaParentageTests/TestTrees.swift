import OhanaGEDCOM
import OhanaJSON
import OhanaSynth

@testable import OhanaParentage

/// Small simulated trees with their hidden answers, shared by the tests.
enum TestTrees {
  /// A simulated tree and, for each detached person, the family the simulator removed them from.
  struct Tree {
    var graph: FamilyGraph
    /// (person index, true family index) of every detached person.
    var truth: [(person: Int, family: Int)]
  }

  /// Simulates `people` people with `seed` and parses the written tree.
  static func simulated(people: Int, seed: UInt64, detachFraction: Double = 0.1, noise: Double = 0.5) throws -> Tree {
    let population = PopulationSimulator.simulate(
      SimulationSettings(seed: seed, people: people, detachFraction: detachFraction, noise: noise))
    let graph = FamilyGraph.build(from: try GEDCOMParser.parse(bytes: Array(population.gedcom().utf8)))
    var personIndex: [String: Int] = [:]
    for person in 0..<graph.personCount { personIndex[graph.strings[Int(graph.personXref[person])]] = person }
    var familyIndex: [String: Int] = [:]
    for family in 0..<graph.familyCount { familyIndex[graph.strings[Int(graph.familyXref[family])]] = family }
    func bare(_ xref: String) -> String { xref.filter { $0 != "@" } }
    var truth: [(Int, Int)] = []
    for link in population.truth()["detached"]?.arrayValue ?? [] {
      guard let person = link["person"]?.stringValue.flatMap({ personIndex[bare($0)] }),
        let family = link["family"]?.stringValue.flatMap({ familyIndex[bare($0)] })
      else { continue }
      truth.append((person, family))
    }
    return Tree(graph: graph, truth: truth)
  }
}
