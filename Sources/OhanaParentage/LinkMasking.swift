import OhanaGEDCOM

/// The evaluation protocol's hidden links: a seeded fraction of the people who have parents in
/// the graph lose every link to their parents' families, and the models must find them again.
public struct LinkMasking: Sendable, Equatable {
  /// The fraction of people with parents that is masked.
  public let fraction: Double
  /// The seed of the choice.
  public let seed: UInt64
  /// The masked people, ascending.
  public let people: [Int]
  /// The true parents' families of each masked person (parallel to ``people``), ascending.
  public let truth: [[Int]]

  /// Chooses `round(fraction × n)` of the `n` people with parents in `graph`, reproducibly for
  /// (`seed`, `stream`); `stream` tells apart the graphs of one run.
  public init(graph: FamilyGraph, fraction: Double = 0.15, seed: UInt64 = 0, stream: UInt64 = 0) {
    self.fraction = fraction
    self.seed = seed
    var eligible = (0..<graph.personCount).filter { !graph.parentFamilies(of: $0).isEmpty }
    var random = SeededRandom(seed: seed, stream: 0x4D41_534B &+ stream)
    random.shuffle(&eligible)
    let wanted = Int((min(1, max(0, fraction)) * Double(eligible.count)).rounded())
    let chosen = eligible.prefix(wanted).sorted()
    people = chosen
    truth = chosen.map { graph.parentFamilies(of: $0).map(Int.init).sorted() }
  }

  /// A per-person flag of the masked people, for building the masked view.
  func flags(personCount: Int) -> [Bool] {
    var flags = [Bool](repeating: false, count: personCount)
    for person in people { flags[person] = true }
    return flags
  }
}
