import Foundation
import OhanaJSON
import Testing

@testable import OhanaLearn

@Suite("GradientBoostedTrees")
struct GradientBoostedTreesTests {
  @Test func learnsAnInteractionLogisticRegressionCannot() throws {
    // With 2% of labels flipped the best possible AUC is about 0.98.
    let (x, labels) = TestData.xor(rows: 2_000, noise: 0.02, seed: 1)
    let (test, testLabels) = TestData.xor(rows: 1_000, noise: 0.02, seed: 2)
    let (model, history) = try GradientBoostedTrees.fit(x, labels: labels)
    let boostedAUC = Metrics.auc(scores: model.probabilities(test), labels: testLabels)
    let linear = try LogisticRegression.fit(x, labels: labels).model
    let linearAUC = Metrics.auc(scores: linear.probabilities(test), labels: testLabels)
    #expect(boostedAUC > 0.95)
    #expect(abs(linearAUC - 0.5) < 0.1)
    #expect(history.first!.trainingLoss > history.last!.trainingLoss)
    #expect(history.allSatisfy { $0.validationLoss != nil && $0.validationMetric != nil })
    #expect(abs(model.featureImportances.reduce(0, +) - 1) < 1e-12)
    #expect(model.featureImportances.allSatisfy { $0 > 0.2 }, "\(model.featureImportances)")
  }

  @Test func missingValuesCarrySignal() throws {
    let (x, labels) = TestData.missingAsSignal(rows: 3_000, seed: 3)
    let (test, testLabels) = TestData.missingAsSignal(rows: 1_000, seed: 4)
    let model = try GradientBoostedTrees.fit(x, labels: labels).model
    let probabilities = model.probabilities(test)
    #expect(Metrics.auc(scores: probabilities, labels: testLabels) > 0.85)
    let missing = FeatureMatrix(rows: [[.nan, 0.5]])
    let present = FeatureMatrix(rows: [[0.5, 0.5]])
    #expect(model.probability(missing.row(0)) > 0.75)
    #expect(model.probability(present.row(0)) < 0.35)
    // NaN in a column that never had one in training follows the learned default direction.
    #expect(model.probability(FeatureMatrix(rows: [[0.5, .nan]]).row(0)).isFinite)
  }

  @Test func splitsCategoriesWithoutOneHot() throws {
    let (x, labels) = TestData.categories(rows: 2_000, seed: 5)
    let (test, testLabels) = TestData.categories(rows: 1_000, seed: 6)
    // One stump: a single categorical split must put codes {1, 4, 7, 8} on one side, which no
    // threshold on the codes can do.
    var settings = GradientBoostedTrees.Settings(
      iterations: 1, learningRate: 1, maxLeaves: 2, earlyStoppingRounds: nil, categoricalColumns: [0])
    let categorical = try GradientBoostedTrees.fit(x, labels: labels, settings: settings).model
    let categoricalAUC = Metrics.auc(scores: categorical.probabilities(test), labels: testLabels)
    settings.categoricalColumns = []
    let numeric = try GradientBoostedTrees.fit(x, labels: labels, settings: settings).model
    let numericAUC = Metrics.auc(scores: numeric.probabilities(test), labels: testLabels)
    #expect(categoricalAUC > 0.93)
    #expect(numericAUC < 0.8)
    // Unseen codes and NaN go the learned missing way rather than failing.
    #expect(categorical.probability(FeatureMatrix(rows: [[42, 0.5]]).row(0)).isFinite)
    #expect(categorical.probability(FeatureMatrix(rows: [[.nan, 0.5]]).row(0)).isFinite)
    // A full model on the categorical column and its JSON round trip.
    let full = try GradientBoostedTrees.fit(
      x, labels: labels, settings: .init(iterations: 50, categoricalColumns: [0])
    ).model
    #expect(Metrics.auc(scores: full.probabilities(test), labels: testLabels) > 0.93)
    let decoded = try GradientBoostedTrees(json: try JSONParser.parse(CanonicalJSON.encode(full.json)))
    #expect(decoded == full)
    #expect(decoded.probabilities(test) == full.probabilities(test))
  }

  @Test func batchScoresEqualOneRowAtATimeToTheBit() throws {
    // Categorical and numeric splits, NaNs, and a row count that is not a multiple of the
    // four-row walk, so every path of the batch kernel is taken.
    let (x, labels) = TestData.categories(rows: 2_000, seed: 7)
    let model = try GradientBoostedTrees.fit(
      x, labels: labels, settings: .init(iterations: 30, categoricalColumns: [0])
    ).model
    var rows = (0..<103).flatMap { Array(x.row($0)) }
    rows[5 * 2] = .nan
    rows[6 * 2 + 1] = .nan
    rows[7 * 2] = 42
    var batch = [Double](repeating: -1, count: 103)
    rows.withUnsafeBufferPointer { values in
      batch.withUnsafeMutableBufferPointer { model.scores(rows: values, into: $0) }
    }
    let single = (0..<103).map { model.score(rows[$0 * 2..<($0 + 1) * 2]) }
    #expect(batch.map(\.bitPattern) == single.map(\.bitPattern))
  }

  @Test func earlyStoppingKeepsTheBestIteration() throws {
    let (x, labels) = TestData.noise(rows: 1_000, columns: 4, seed: 7)
    let settings = GradientBoostedTrees.Settings(iterations: 200, learningRate: 0.3, earlyStoppingRounds: 10)
    let (model, history) = try GradientBoostedTrees.fit(x, labels: labels, settings: settings)
    #expect(history.count < 200)
    #expect(model.bestIteration < history.count)
    #expect(model.treeCount == model.bestIteration)
    let losses = history.compactMap(\.validationLoss)
    let best = losses.indices.min { losses[$0] < losses[$1] }!
    #expect(best + 1 == model.bestIteration)
    #expect(history.count - model.bestIteration == 10)
  }

  @Test func deterministicForASeedAndRoundTripsThroughJSON() throws {
    let (x, labels) = TestData.logistic(rows: 1_500, coefficients: [1, -1, 0.5, 0, 2], intercept: 0, seed: 8)
    let settings = GradientBoostedTrees.Settings(iterations: 40, featureFraction: 0.6, seed: 42)
    let first = try GradientBoostedTrees.fit(x, labels: labels, settings: settings)
    let second = try GradientBoostedTrees.fit(x, labels: labels, settings: settings)
    #expect(first.model == second.model)
    #expect(first.history == second.history)
    var reseeded = settings
    reseeded.seed = 43
    let third = try GradientBoostedTrees.fit(x, labels: labels, settings: reseeded)
    #expect(third.model.probabilities(x) != first.model.probabilities(x))
    let text = CanonicalJSON.encode(first.model.json)
    let decoded = try GradientBoostedTrees(json: try JSONParser.parse(text))
    #expect(decoded == first.model)
    #expect(decoded.probabilities(x) == first.model.probabilities(x))
    #expect(CanonicalJSON.encode(decoded.json) == text)
    // Row-by-row and batched prediction agree exactly.
    #expect((0..<x.rowCount).map { first.model.probability(x.row($0)) } == first.model.probabilities(x))
  }

  @Test func explicitValidationWeightsAndClassWeighting() throws {
    let (x, labels) = TestData.logistic(rows: 1_200, coefficients: [2, -1], intercept: -2, seed: 9)
    let (test, testLabels) = TestData.logistic(rows: 400, coefficients: [2, -1], intercept: -2, seed: 10)
    let (model, history) = try GradientBoostedTrees.fit(
      x, labels: labels, settings: .init(iterations: 60, classWeighting: .balanced),
      validation: (test, testLabels))
    #expect(history.last!.validationMetric! > 0.8)
    let meanProbability = model.probabilities(x).reduce(0, +) / Double(x.rowCount)
    #expect(meanProbability > 0.35)
  }

  @Test func weightsActLikeRepeatedRows() throws {
    // Integer features (one bin per value), so repeating rows leaves the bins unchanged and a
    // weight of 2 gives the same gradient sums as a repeated row.
    var generator = SplitMix64(seed: 11)
    var rows: [[Double]] = []
    var labels: [Bool] = []
    for _ in 0..<600 {
      let a = Double(generator.below(20))
      let b = Double(generator.below(12))
      rows.append([a, b])
      labels.append(generator.unit() < 1 / (1 + exp(-(a - 10) / 4 + (b - 6) / 3)))
    }
    let x = FeatureMatrix(rows: rows)
    var weights = [Double](repeating: 1, count: 600)
    var repeated = Array(0..<600)
    for row in stride(from: 0, to: 600, by: 4) {
      weights[row] = 2
      repeated.append(row)
    }
    let settings = GradientBoostedTrees.Settings(
      iterations: 15, maxLeaves: 8, minSamplesLeaf: 1, earlyStoppingRounds: nil)
    let weighted = try GradientBoostedTrees.fit(x, labels: labels, sampleWeights: weights, settings: settings)
      .model
    let duplicated = try GradientBoostedTrees.fit(
      x.selecting(rows: repeated), labels: repeated.map { labels[$0] }, settings: settings
    ).model
    let difference = zip(weighted.probabilities(x), duplicated.probabilities(x)).map { abs($0 - $1) }.max()!
    #expect(difference < 1e-9)
  }

  @Test func rejectsBadInput() {
    let x = FeatureMatrix(rows: [[1, 2], [3, 4], [5, 6]])
    #expect(throws: LearnError.self) { _ = try GradientBoostedTrees.fit(x, labels: [false, false, false]) }
    #expect(throws: LearnError.self) {
      _ = try GradientBoostedTrees.fit(x, labels: [true, false, true], settings: .init(maxBins: 1))
    }
    #expect(throws: LearnError.invalidSetting("categorical column 5 is outside 0..<2")) {
      _ = try GradientBoostedTrees.fit(
        x, labels: [true, false, true], settings: .init(categoricalColumns: [5]))
    }
    #expect(throws: LearnError.self) {
      _ = try GradientBoostedTrees.fit(
        x, labels: [true, false, true], validation: (FeatureMatrix(rows: [[1]]), [true]))
    }
    #expect(throws: LearnError.self) {
      _ = try GradientBoostedTrees(json: ["model": "gradient_boosted_trees", "version": 1])
    }
  }
}
