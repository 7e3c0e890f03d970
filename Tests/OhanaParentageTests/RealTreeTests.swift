import Foundation
import OhanaGEDCOM
import OhanaTestSupport
import Testing

@testable import OhanaParentage

@Suite("Real trees")
struct RealTreeTests {
  static let royal = "gedcom/gedcom-5.5__royal92.ged"

  @Test("Training on royal92 runs and reports metrics per family", .enabled(if: SharedData.isAvailable, "shared data (../shared/data) is absent"))
  func royal92() throws {
    let path = SharedData.path(Self.royal)
    guard FileManager.default.fileExists(atPath: path) else {
      Issue.record("\(Self.royal) is missing from the shared data")
      return
    }
    let graph = FamilyGraph.build(from: try GEDCOMParser.parse(contentsOf: path))
    var settings = TrainedFixture.settings
    settings.families = [.heuristic, .logistic, .boostedTrees]
    let outcome = try ParentageTrainer.train(graphs: [("royal92", graph)], settings: settings)
    for family in settings.families {
      let metrics = try #require(outcome.results[family]).metrics
      #expect(metrics.queries > 100)
      #expect(metrics.candidateRecall > 0.5)
      #expect(metrics.hitsAt1 > 2 / metrics.meanCandidates, "\(family): \(metrics)")
      #expect(outcome.results[family]!.metricsByGraph["royal92"] == metrics)
    }
    let predictions = ParentPredictions.predict(graph: graph, model: outcome.bestModel)
    #expect(predictions.people.count == graph.counts.peopleWithoutParents)
  }
}
