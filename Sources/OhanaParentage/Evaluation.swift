import OhanaGEDCOM
import OhanaParallel

/// The masked-link evaluation protocol.
///
/// A seeded fraction of the known child→family links is hidden (``LinkMasking``); models are
/// trained on what remains; each masked person's candidates are ranked in the graph *without*
/// their links, and the rank of their true family gives Hits@1, Hits@5 and MRR, the pooled pairs
/// give AUC and the Brier score of the calibrated probabilities, and the candidate lists give
/// recall and mean length (``EvaluationMetrics``). ``ParentageTrainer`` runs it per graph and
/// overall; ``crossGraph(graphs:settings:progress:)`` trains on some graphs and tests on others.
public enum Evaluation {
  /// Evaluates `model` on the people `masking` hides in `graph` (the masking is applied here).
  public static func evaluate(model: ParentageModel, graph: FamilyGraph, masking: LinkMasking)
    -> EvaluationMetrics
  {
    let view = LinkGraph(graph, masked: masking.flags(personCount: graph.personCount))
    let prepared = PreparedGraph(
      view: view, usesPlaces: model.settings.usePlaces, maximumCandidates: model.settings.maxCandidates)
    let ranker = ParentRanker(model: model, graph: prepared)
    return EvaluationMetrics.compute(results(ranker: ranker, people: masking.people, truth: masking.truth))
  }

  /// Ranks the candidates of each of `people` and compares them with their `truth` families.
  static func results(ranker: ParentRanker, people: [Int], truth: [[Int]]) -> [QueryResult] {
    results(rankers: [ranker], people: people, truth: truth)[0]
  }

  /// The same for several models ranking in one graph: each person's candidates and features
  /// are computed once and scored by every ranker. One result list per ranker.
  static func results(rankers: [ParentRanker], people: [Int], truth: [[Int]]) -> [[QueryResult]] {
    guard let first = rankers.first else { return [] }
    let parts = Parallel.map(people.count, chunks: 8, minimumPerChunk: 16) { range -> [[QueryResult]] in
      var scratch = ParentRanker.Scratch(ranker: first)
      scratch.work = [Double](repeating: 0, count: rankers.map(\.workSize).max()!)
      var out = [[QueryResult]](repeating: [], count: rankers.count)
      for index in range {
        let person = people[index]
        let candidates = first.candidateFeatures(person: person, scratch: &scratch)
        let trueFamilies = truth[index].map(Int32.init)
        for (slot, ranker) in rankers.enumerated() {
          let raw = ranker.scores(person: person, families: candidates, scratch: &scratch)
          let order = ParentRanker.order(raw, candidates)
          let labels = order.map { trueFamilies.contains(candidates[$0]) }
          let probabilities = ranker.model.calibration.probabilities(order.map { raw[$0] }).candidates
          let rank = labels.firstIndex(of: true).map { $0 + 1 }
          out[slot].append(
            QueryResult(person: person, probabilities: probabilities, labels: labels, rank: rank))
        }
      }
      return out
    }
    return rankers.indices.map { slot in parts.flatMap { $0[slot] } }
  }

  /// Trains on all graphs but one and evaluates on the masked links of the one left out, for
  /// each of the ``TrainingSettings/crossFileTrees`` largest graphs (by people; ties in the
  /// order given) in turn. At least two graphs.
  ///
  /// Bounded in time: each round trains on at most ``TrainingSettings/crossFileTrainingQueries``
  /// people and ranks at most ``TrainingSettings/crossFileTestPeople`` of the held-out graph's
  /// masked people (a seeded sample). The held-out graph is masked as ``ParentageTrainer`` masks
  /// it at the same position (`seed`, stream = its index), so the in-file metrics of a run and
  /// these are measured on the same hidden links.
  public static func crossGraph(
    graphs: [(name: String, graph: FamilyGraph)], settings: TrainingSettings,
    progress: (String) -> Void = { _ in }
  ) throws(ParentageError) -> [CrossGraphEvaluation] {
    guard graphs.count >= 2 else {
      throw .insufficientData("cross-graph evaluation needs at least two graphs")
    }
    var roundSettings = settings
    roundSettings.maxTrainingQueries = min(settings.maxTrainingQueries, settings.crossFileTrainingQueries)
    let heldOut = graphs.indices.sorted {
      graphs[$0].graph.personCount > graphs[$1].graph.personCount
        || (graphs[$0].graph.personCount == graphs[$1].graph.personCount && $0 < $1)
    }.prefix(settings.crossFileTrees)
    var evaluations: [CrossGraphEvaluation] = []
    for index in heldOut.sorted() {
      let held = graphs[index]
      let training = graphs.enumerated().filter { $0.offset != index }.map(\.element)
      progress("cross-file: training without \(held.name)")
      let outcome = try ParentageTrainer.train(graphs: training, settings: roundSettings, progress: { _ in })
      let masking = LinkMasking(
        graph: held.graph, fraction: settings.maskFraction, seed: settings.seed, stream: UInt64(index))
      var tested = Array(masking.people.indices)
      if tested.count > settings.crossFileTestPeople {
        var random = SeededRandom(seed: settings.seed, stream: 0x4352_4F53 &+ UInt64(index))
        random.shuffle(&tested)
        tested = tested.prefix(settings.crossFileTestPeople).sorted()
      }
      let families = settings.families.filter { outcome.results[$0] != nil }
      let prepared = PreparedGraph(
        view: LinkGraph(held.graph, masked: masking.flags(personCount: held.graph.personCount)),
        usesPlaces: settings.usePlaces, maximumCandidates: settings.maxCandidates)
      let rankers = families.map { ParentRanker(model: outcome.results[$0]!.model, graph: prepared) }
      let results = Self.results(
        rankers: rankers, people: tested.map { masking.people[$0] }, truth: tested.map { masking.truth[$0] })
      var metrics: [ModelFamily: EvaluationMetrics] = [:]
      for (slot, family) in families.enumerated() {
        metrics[family] = EvaluationMetrics.compute(results[slot])
      }
      evaluations.append(
        CrossGraphEvaluation(heldOut: held.name, trainedOn: training.map(\.name), metrics: metrics))
    }
    return evaluations
  }
}
