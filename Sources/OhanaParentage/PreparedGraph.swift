import OhanaGEDCOM

/// A family graph made ready for parent prediction: the parentage view (dates as years,
/// interned name and place tokens, phonetic keys) and the candidate index. Build it once per
/// graph and rank many people against it.
public struct PreparedGraph: Sendable {
  let view: LinkGraph
  let generator: CandidateGenerator

  /// Prepares `graph` (linear in its size, plus the calibration of the candidates' breadth on
  /// a sample of its links); `usesPlaces` and `maximumCandidates` configure the
  /// ``CandidateGenerator``.
  public init(_ graph: FamilyGraph, usesPlaces: Bool = true, maximumCandidates: Int = 0) {
    self.init(view: LinkGraph(graph), usesPlaces: usesPlaces, maximumCandidates: maximumCandidates)
  }

  init(view: LinkGraph, usesPlaces: Bool = true, maximumCandidates: Int = 0) {
    self.view = view
    generator = CandidateGenerator.calibrated(
      view: view, usesPlaces: usesPlaces, maximumCandidates: maximumCandidates)
  }

  /// How far the candidate generator looks in this graph (see ``CandidateGenerator/Breadth``).
  public var candidateBreadth: CandidateGenerator.Breadth { generator.breadth }

  /// The graph this was prepared from.
  public var graph: FamilyGraph { view.source }

  /// The people without any parents' family: the ones prediction is for.
  public var peopleWithoutParents: [Int] {
    (0..<view.personCount).filter { view.parentStart[$0] == view.parentStart[$0 + 1] }
  }

  /// The candidate families of `person`, in ascending order.
  public func candidates(for person: Int) -> [Int] { generator.candidates(for: person) }
}
