import Foundation
import OhanaJSON
import Testing

@testable import OhanaLearn

@Suite("RandomForest")
struct RandomForestTests {
  @Test func beatsChanceAndFindsTheInformativeColumn() throws {
    let (x, labels) = TestData.logistic(rows: 1_500, coefficients: [3, 0, 0, 0.5], intercept: 0, seed: 1)
    let (test, testLabels) = TestData.logistic(
      rows: 500, coefficients: [3, 0, 0, 0.5], intercept: 0, seed: 2)
    let (model, history) = try RandomForest.fit(
      x, labels: labels, settings: .init(trees: 30, minSamplesLeaf: 5), validation: (test, testLabels))
    #expect(model.treeCount == 30)
    #expect(history.count == 30)
    #expect(Metrics.auc(scores: model.probabilities(test), labels: testLabels) > 0.8)
    #expect(history.last!.validationMetric! > 0.8)
    #expect(history.last!.trainingLoss < history.first!.trainingLoss)
    #expect(abs(model.featureImportances.reduce(0, +) - 1) < 1e-12)
    #expect(
      model.featureImportances.indices.max { model.featureImportances[$0] < model.featureImportances[$1] }
        == 0)
  }

  @Test func learnsInteractionsAndMissingValues() throws {
    let (x, labels) = TestData.xor(rows: 2_000, noise: 0.05, seed: 3)
    let (test, testLabels) = TestData.xor(rows: 500, noise: 0.05, seed: 4)
    let model = try RandomForest.fit(x, labels: labels, settings: .init(trees: 20)).model
    #expect(Metrics.auc(scores: model.probabilities(test), labels: testLabels) > 0.9)
    let entropy = try RandomForest.fit(x, labels: labels, settings: .init(trees: 20, criterion: .logLoss))
      .model
    #expect(Metrics.auc(scores: entropy.probabilities(test), labels: testLabels) > 0.9)
    #expect(entropy != model)
    let decoded = try RandomForest(json: try JSONParser.parse(CanonicalJSON.encode(entropy.json)))
    #expect(decoded.settings.criterion == .logLoss)
    let (missingX, missingLabels) = TestData.missingAsSignal(rows: 2_000, seed: 5)
    let (missingTest, missingTestLabels) = TestData.missingAsSignal(rows: 500, seed: 6)
    let missingModel = try RandomForest.fit(
      missingX, labels: missingLabels, settings: .init(trees: 20, minSamplesLeaf: 10)
    ).model
    #expect(Metrics.auc(scores: missingModel.probabilities(missingTest), labels: missingTestLabels) > 0.8)
  }

  @Test func deterministicForASeedAndRoundTripsThroughJSON() throws {
    let (x, labels) = TestData.logistic(rows: 3_000, coefficients: [1, -1, 0.5], intercept: 0, seed: 7)
    // 3,000 rows: trees are grown two at a time on two workers.
    let settings = RandomForest.Settings(trees: 6, maxDepth: 8, featureFraction: 0.7, seed: 5)
    let first = try RandomForest.fit(x, labels: labels, settings: settings)
    let second = try RandomForest.fit(x, labels: labels, settings: settings)
    #expect(first.model == second.model)
    #expect(first.history == second.history)
    var reseeded = settings
    reseeded.seed = 6
    #expect(try RandomForest.fit(x, labels: labels, settings: reseeded).model != first.model)
    let text = CanonicalJSON.encode(first.model.json)
    let decoded = try RandomForest(json: try JSONParser.parse(text))
    #expect(decoded == first.model)
    #expect(decoded.probabilities(x) == first.model.probabilities(x))
    #expect((0..<x.rowCount).map { first.model.probability(x.row($0)) } == first.model.probabilities(x))
    #expect(first.model.probabilities(x).allSatisfy { $0 >= 0 && $0 <= 1 })
  }

  @Test func rejectsBadInput() {
    let x = FeatureMatrix(rows: [[1], [2]])
    #expect(throws: LearnError.self) { _ = try RandomForest.fit(x, labels: [true, true]) }
    #expect(throws: LearnError.self) {
      _ = try RandomForest.fit(x, labels: [true, false], settings: .init(trees: 0))
    }
    #expect(throws: LearnError.self) {
      _ = try RandomForest.fit(x, labels: [true, false], settings: .init(featureFraction: 0))
    }
    #expect(throws: LearnError.self) { _ = try RandomForest(json: .null) }
  }
}
