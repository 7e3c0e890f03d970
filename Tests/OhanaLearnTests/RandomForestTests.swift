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

  @Test func sameForestForAnyNumberOfWorkers() throws {
    // One-hot columns (constant in most nodes), a numeric column with missing values, and
    // duplicate rows with both labels, so every path of the grower runs.
    var generator = SplitMix64(seed: 11)
    var rows: [[Double]] = []
    var labels: [Bool] = []
    for _ in 0..<2_500 {
      let category = generator.below(6)
      var row = (0..<6).map { $0 == category ? 1.0 : 0.0 }
      row.append(generator.below(10) == 0 ? .nan : Double(generator.below(40)))
      labels.append(category < 2 ? generator.below(2) == 0 : (row[6].isNaN || row[6] > 20) != (category == 5))
      rows.append(row)
    }
    let x = FeatureMatrix(rows: rows)
    let validation = (x.selecting(rows: Array(0..<300)), Array(labels[0..<300]))
    let settings = RandomForest.Settings(trees: 7, seed: 3)
    let fits = try [1, 2, 3].map { workers in
      try RandomForest.fit(
        x, labels: labels, sampleWeights: nil, settings: settings, validation: validation, workers: workers)
    }
    for fit in fits.dropFirst() {
      #expect(fit.model == fits[0].model)
      #expect(fit.history == fits[0].history)
    }
    #expect(
      try RandomForest.fit(x, labels: labels, settings: settings, validation: validation).model
        == fits[0].model)
    // Categories 2...5 follow a rule the forest must get right on every training row;
    // categories 0 and 1 are coin flips.
    let probabilities = fits[0].model.probabilities(x)
    let decided = x.rowCount / 2..<x.rowCount
    let mistakes = decided.filter { row in
      rows[row][0] == 0 && rows[row][1] == 0 && (probabilities[row] > 0.5) != labels[row]
    }
    #expect(mistakes.isEmpty)
    #expect(fits[0].history.last!.validationMetric! > 0.8)
  }

  @Test func unitWeightsCountedAsIntegersMatchDoubleWeights() throws {
    // Unit weights take the integer draw-count histograms, weights of 2 the `Double` ones. Doubling
    // every weight doubles every sum exactly, so both must grow the very same forest.
    let (x, labels) = TestData.logistic(rows: 2_500, coefficients: [2, -1, 0.5], intercept: 0.3, seed: 13)
    let settings = RandomForest.Settings(trees: 5, seed: 2)
    let unit = try RandomForest.fit(x, labels: labels, settings: settings)
    let doubled = try RandomForest.fit(
      x, labels: labels, sampleWeights: [Double](repeating: 2, count: x.rowCount), settings: settings)
    #expect(unit.model == doubled.model)
    #expect(unit.history == doubled.history)
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
