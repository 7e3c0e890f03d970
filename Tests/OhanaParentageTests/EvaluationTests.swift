import OhanaJSON
import Testing

@testable import OhanaParentage

@Suite("Evaluation protocol")
struct EvaluationTests {
  @Test("Metrics follow their definitions on hand-made results")
  func metricDefinitions() {
    let results = [
      QueryResult(person: 0, probabilities: [0.7, 0.2], labels: [true, false], rank: 1),
      QueryResult(person: 1, probabilities: [0.5, 0.3, 0.1], labels: [false, false, true], rank: 3),
      QueryResult(person: 2, probabilities: [0.6], labels: [false], rank: nil),
    ]
    let metrics = EvaluationMetrics.compute(results)
    #expect(metrics.queries == 3 && metrics.pairs == 6)
    #expect(abs(metrics.hitsAt1 - 1.0 / 3) < 1e-12)
    #expect(abs(metrics.hitsAt5 - 2.0 / 3) < 1e-12)
    #expect(abs(metrics.meanReciprocalRank - (1 + 1.0 / 3) / 3) < 1e-12)
    #expect(abs(metrics.candidateRecall - 2.0 / 3) < 1e-12)
    #expect(abs(metrics.meanCandidates - 2) < 1e-12)
    let squares = [0.09, 0.04, 0.25, 0.09, 0.81, 0.36]
    #expect(abs(metrics.brier - squares.reduce(0, +) / 6) < 1e-12)
    #expect(metrics.score(of: "brier") == -metrics.brier && metrics.score(of: "nonsense") == nil)
    #expect(metrics.json["hits_at_1"]?.doubleValue == metrics.hitsAt1)
  }

  @Test("Calibration is fitted by maximum likelihood and normalizes with a none option")
  func calibration() {
    // Scores that are right 3 times out of 4 at a margin of 1: the fitted temperature makes the
    // top probability about 0.75, and the none option stays small when the truth is always listed.
    var groups: [Calibration.Group] = []
    for index in 0..<400 {
      groups.append(Calibration.Group(scores: [1, 0], positive: index % 4 == 0 ? 1 : 0))
    }
    let fitted = Calibration.fit(groups)
    let (probabilities, none) = fitted.probabilities([1, 0])
    #expect(abs(probabilities[0] - 0.75) < 0.02)
    #expect(none < 0.02)
    #expect(fitted.loss(groups) <= Calibration().loss(groups))
    #expect(abs(probabilities.reduce(0, +) + none - 1) < 1e-12)
  }

  @Test("Training on some graphs and testing on another")
  func crossGraph() throws {
    let first = try TestTrees.simulated(people: 700, seed: 51)
    let second = try TestTrees.simulated(people: 700, seed: 52)
    var settings = TrainedFixture.settings
    settings.families = [.heuristic, .logistic]
    let rounds = try Evaluation.crossGraph(
      graphs: [("first", first.graph), ("second", second.graph)], settings: settings)
    #expect(rounds.map(\.heldOut) == ["first", "second"])
    #expect(rounds[0].trainedOn == ["second"])
    for round in rounds {
      for family in settings.families {
        let metrics = try #require(round.metrics[family])
        #expect(metrics.queries > 50)
        #expect(metrics.hitsAt1 > 0.4, "\(round.heldOut) \(family): \(metrics)")
      }
      #expect(round.json["metrics"]?["logistic"]?["mrr"]?.doubleValue != nil)
    }
    #expect(throws: ParentageError.self) {
      try Evaluation.crossGraph(graphs: [("only", first.graph)], settings: settings)
    }
    // Bounded: the largest graph alone is held out, and a sample of its masked people ranked.
    let third = try TestTrees.simulated(people: 900, seed: 53)
    settings.crossFileTrees = 1
    settings.crossFileTestPeople = 40
    let bounded = try Evaluation.crossGraph(
      graphs: [("first", first.graph), ("third", third.graph), ("second", second.graph)], settings: settings)
    #expect(bounded.map(\.heldOut) == ["third"])
    #expect(bounded[0].trainedOn == ["first", "second"])
    #expect(bounded[0].metrics[.logistic]?.queries == 40)
  }
}
