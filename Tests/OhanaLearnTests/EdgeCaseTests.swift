import Foundation
import OhanaJSON
import Testing

@testable import OhanaLearn

@Suite("Edge cases")
struct EdgeCaseTests {
  /// Column 0 carries the signal; column 1 is constant, column 2 all missing, column 3 has
  /// infinities.
  static func awkward(rows: Int, seed: UInt64) -> (x: FeatureMatrix, labels: [Bool]) {
    var generator = SplitMix64(seed: seed)
    var values: [Double] = []
    var labels: [Bool] = []
    for row in 0..<rows {
      let signal = TestData.normal(&generator)
      let extreme: Double = row % 10 == 0 ? .infinity : row % 10 == 1 ? -.infinity : generator.unit()
      values += [signal, 7, .nan, extreme]
      labels.append(generator.unit() < 1 / (1 + exp(-2 * signal)))
    }
    return (FeatureMatrix(rowCount: rows, columnCount: 4, values: values), labels)
  }

  @Test func modelsCopeWithConstantMissingAndInfiniteColumns() throws {
    let (x, labels) = Self.awkward(rows: 600, seed: 1)
    let (test, testLabels) = Self.awkward(rows: 300, seed: 2)
    let logistic = try LogisticRegression.fit(x, labels: labels).model
    let boosted = try GradientBoostedTrees.fit(x, labels: labels, settings: .init(iterations: 30)).model
    let forest = try RandomForest.fit(x, labels: labels, settings: .init(trees: 10, minSamplesLeaf: 5)).model
    // Constant and all-missing columns get no weight; infinities count as missing.
    #expect(logistic.coefficients[1] == 0 && logistic.coefficients[2] == 0)
    #expect(abs(logistic.coefficients[3]) < 0.5 && logistic.coefficients[0] > 1)
    for probabilities in [
      logistic.probabilities(test), boosted.probabilities(test), forest.probabilities(test),
    ] {
      #expect(probabilities.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
      #expect(Metrics.auc(scores: probabilities, labels: testLabels) > 0.75)
    }
    #expect(boosted.featureImportances[1] == 0 && boosted.featureImportances[2] == 0)
    // Infinite thresholds survive the JSON round trip.
    let decoded = try GradientBoostedTrees(json: try JSONParser.parse(CanonicalJSON.encode(boosted.json)))
    #expect(decoded.probabilities(test) == boosted.probabilities(test))
  }

  @Test func tinyDataStillTrains() throws {
    let x = FeatureMatrix(rows: [[0], [1], [2], [3]])
    let labels = [false, false, true, true]
    let boosted = try GradientBoostedTrees.fit(x, labels: labels, settings: .init(minSamplesLeaf: 1))
    #expect(boosted.model.probability(x.row(3)) > boosted.model.probability(x.row(0)))
    let forest = try RandomForest.fit(x, labels: labels, settings: .init(trees: 5)).model
    #expect(forest.probabilities(x).allSatisfy { $0 >= 0 && $0 <= 1 })
    let logistic = try LogisticRegression.fit(x, labels: labels).model
    #expect(logistic.probability(x.row(3)) > 0.5 && logistic.probability(x.row(0)) < 0.5)
  }

  @Test func iterationRecordJSON() {
    let record = IterationRecord(iteration: 3, trainingLoss: 0.5, validationLoss: nil, validationMetric: 0.75)
    #expect(
      record.json
        == ["iteration": 3, "training_loss": 0.5, "validation_loss": .null, "validation_auc": 0.75])
    #expect(IterationRecord(iteration: 1, trainingLoss: .nan).json["training_loss"] == .null)
  }
}
