import Foundation
import OhanaGEDCOM
import OhanaJSON
import Testing

@testable import OhanaParentage

@Suite("Parentage models")
struct ModelTests {
  @Test("Every family ranks far above chance on masked links", arguments: ModelFamily.allCases)
  func beatsChance(family: ModelFamily) throws {
    let outcome = TrainedFixture.run.outcome
    let metrics = try #require(outcome.results[family]).metrics
    #expect(metrics.queries > 100)
    #expect(metrics.candidateRecall >= 0.98)
    let chance = 1 / metrics.meanCandidates
    #expect(metrics.hitsAt1 > chance + 0.35, "hits@1 \(metrics.hitsAt1) vs chance \(chance)")
    #expect(metrics.hitsAt5 >= metrics.hitsAt1)
    #expect(metrics.meanReciprocalRank >= metrics.hitsAt1 && metrics.meanReciprocalRank <= metrics.hitsAt5)
    #expect(metrics.auc > 0.9)
    #expect(metrics.brier > 0 && metrics.brier < 0.1)
    #expect(outcome.results[family]!.metricsByGraph["simulated-1500"] == metrics)
  }

  @Test("Learned models find the simulator's hidden parents at least as well as the heuristic")
  func knownAnswers() throws {
    let run = TrainedFixture.run
    let prepared = PreparedGraph(run.tree.graph)
    var hits: [ModelFamily: Double] = [:]
    for family in ModelFamily.allCases {
      let ranker = ParentRanker(model: run.outcome.results[family]!.model, graph: prepared)
      let found = run.tree.truth.filter { ranker.rank(person: $0.person, topK: 1).first?.family == $0.family }.count
      hits[family] = Double(found) / Double(run.tree.truth.count)
    }
    #expect(run.tree.truth.count > 100)
    #expect(hits[.heuristic]! > 0.5)
    #expect(hits[.boostedTrees]! >= hits[.heuristic]! - 0.02, "\(hits)")
    #expect(hits[.logistic]! >= hits[.heuristic]! - 0.02, "\(hits)")
    #expect(hits[.graphSAGE]! > 0.5, "\(hits)")
  }

  @Test("Probabilities are calibrated per person and reasons are readable")
  func probabilitiesAndReasons() throws {
    let run = TrainedFixture.run
    let model = run.outcome.results[.logistic]!.model
    let ranker = ParentRanker(model: model, graph: PreparedGraph(run.tree.graph))
    var checked = 0
    for (person, _) in run.tree.truth.prefix(30) {
      let ranked = ranker.rank(person: person, topK: 1000)
      guard !ranked.isEmpty else { continue }
      checked += 1
      let total = ranked.reduce(0) { $0 + $1.probability }
      #expect(total <= 1 + 1e-9 && total > 0.5)
      #expect(zip(ranked, ranked.dropFirst()).allSatisfy { $0.score >= $1.score && $0.probability >= $1.probability })
      let top = ranked[0]
      #expect(!top.reasons.isEmpty && top.reasons.count <= ParentRanker.reasonCount)
      #expect(top.reasons.allSatisfy { !$0.text.isEmpty && $0.weight != 0 })
      #expect(zip(top.reasons, top.reasons.dropFirst()).allSatisfy { abs($0.weight) >= abs($1.weight) })
    }
    #expect(checked > 20)
    let texts = Set(
      run.tree.truth.prefix(30).flatMap { ranker.rank(person: $0.person, topK: 1).flatMap { $0.reasons.map(\.text) } })
    #expect(texts.contains { $0.hasPrefix("same surname (") || $0.hasPrefix("mother aged ") || $0.hasPrefix("father aged ") })
  }

  @Test("Encoding is canonical and decoding gives identical rankings", arguments: ModelFamily.allCases)
  func roundTrip(family: ModelFamily) throws {
    let run = TrainedFixture.run
    let model = run.outcome.results[family]!.model
    let bytes = model.encoded()
    let decoded = try ParentageModel(decoding: bytes)
    #expect(decoded.encoded() == bytes)
    #expect(decoded.family == family)
    #expect(decoded.featureSchemaVersion == PairFeatures.schemaVersion)
    #expect(decoded.settings == model.settings)
    #expect(decoded.calibration == model.calibration)
    let prepared = PreparedGraph(run.tree.graph)
    let original = ParentRanker(model: model, graph: prepared)
    let copy = ParentRanker(model: decoded, graph: prepared)
    for (person, _) in run.tree.truth.prefix(25) {
      #expect(original.rank(person: person, topK: 5) == copy.rank(person: person, topK: 5))
    }
    // The convenience entry point agrees with a prepared ranker.
    let person = run.tree.truth[0].person
    #expect(decoded.rank(person: person, in: run.tree.graph, topK: 3) == original.rank(person: person, topK: 3))
  }

  @Test("Corrupt, foreign or mismatched model bytes are refused with a reason")
  func refusesBadBytes() throws {
    let model = TrainedFixture.run.outcome.results[.heuristic]!.model
    #expect(throws: ParentageError.self) { try ParentageModel(decoding: Array("{}".utf8)) }
    #expect(throws: ParentageError.self) { try ParentageModel(decoding: Array(model.encoded().prefix(40))) }
    var json = model.json
    if case .object(var members) = json {
      members["feature_schema_version"] = 99
      json = .object(members)
    }
    do {
      _ = try ParentageModel(decoding: CanonicalJSON.bytes(json))
      Issue.record("a model of another feature schema was accepted")
    } catch {
      #expect(error.description.contains("feature schema"))
    }
  }

  @Test("Training is deterministic for a seed: identical model bytes")
  func deterministic() throws {
    let tree = try TestTrees.simulated(people: 500, seed: 32)
    var settings = TrainedFixture.settings
    settings.gnnEpochs = 2
    let first = try ParentageTrainer.train(graphs: [("a", tree.graph)], settings: settings)
    let second = try ParentageTrainer.train(graphs: [("a", tree.graph)], settings: settings)
    for family in ModelFamily.allCases {
      #expect(first.results[family]!.model.encoded() == second.results[family]!.model.encoded(), "\(family)")
      #expect(first.results[family]!.metrics == second.results[family]!.metrics)
    }
    settings.seed = 43
    let other = try ParentageTrainer.train(graphs: [("a", tree.graph)], settings: settings)
    #expect(other.results[.logistic]!.model.encoded() != first.results[.logistic]!.model.encoded())
  }

  @Test("The outcome names the best family and summarizes the run")
  func outcomeSummary() throws {
    let outcome = TrainedFixture.run.outcome
    let best = outcome.results[outcome.best]!.metrics.meanReciprocalRank
    #expect(outcome.results.values.allSatisfy { $0.metrics.meanReciprocalRank <= best })
    let json = outcome.json
    #expect(json["best"]?.stringValue == outcome.best.rawValue)
    #expect(json["families"]?["logistic"]?["metrics"]?["hits_at_1"]?.doubleValue != nil)
    #expect(json["families"]?["graphsage"]?["history"]?.arrayValue?.isEmpty == false)
    #expect(outcome.results[.boostedTrees]!.history.count >= 1)
    #expect(outcome.trainingPeople > 100 && outcome.maskedPeople > 100)
  }
}
