import OhanaGEDCOM

@testable import OhanaParentage

/// One small training run shared by the model tests (computed once, on first use).
enum TrainedFixture {
  /// Small, quick settings for debug-build tests.
  static var settings: TrainingSettings {
    var settings = TrainingSettings()
    settings.seed = 42
    settings.maxTrainingQueries = 600
    settings.negativesPerQuery = 12
    settings.gbtIterations = 40
    settings.gnnEpochs = 6
    settings.gnnBatch = 128
    settings.gnnDimensions = 8
    settings.gnnHidden = 8
    return settings
  }

  struct Run: Sendable {
    var tree: TestTrees.Tree
    var outcome: TrainingOutcome
  }

  static let run: Run = {
    let tree = try! TestTrees.simulated(people: 1500, seed: 31)
    let outcome = try! ParentageTrainer.train(graphs: [("simulated-1500", tree.graph)], settings: settings)
    return Run(tree: tree, outcome: outcome)
  }()
}
