import Foundation
import OhanaJSON
import Testing

@testable import OhanaLearn

@Suite("LogisticRegression")
struct LogisticRegressionTests {
  /// The penalized objective's gradient at `model`'s coefficients, computed from scratch.
  static func gradient(
    _ model: LogisticRegression, x: FeatureMatrix, labels: [Bool], weights: [Double]? = nil
  ) -> [Double] {
    var gradient = [Double](repeating: 0, count: x.columnCount + 1)
    for row in 0..<x.rowCount {
      let z = (0..<x.columnCount).map { (x[row, $0] - model.means[$0]) / model.scales[$0] }
      let score = model.intercept + zip(model.coefficients, z).map { $0 * $1 }.reduce(0, +)
      let residual = (weights?[row] ?? 1) * (1 / (1 + exp(-score)) - (labels[row] ? 1 : 0))
      gradient[0] += residual
      for column in 0..<x.columnCount { gradient[column + 1] += residual * z[column] }
    }
    for column in 0..<x.columnCount { gradient[column + 1] += model.settings.l2 * model.coefficients[column] }
    return gradient
  }

  @Test func recoversSignsAndReachesTheOptimum() throws {
    let (x, labels) = TestData.logistic(rows: 400, coefficients: [1.5, -2, 0.5], intercept: -0.3, seed: 1)
    let (model, history) = try LogisticRegression.fit(x, labels: labels)
    #expect(model.converged)
    #expect(model.coefficients[0] > 0.5 && model.coefficients[1] < -0.5 && model.coefficients[2] > 0)
    let gradient = Self.gradient(model, x: x, labels: labels)
    #expect(gradient.allSatisfy { abs($0) < 1e-8 })
    // Newton converges in a handful of steps and the loss never rises.
    #expect(history.count <= 10)
    #expect(zip(history, history.dropFirst()).allSatisfy { $1.trainingLoss <= $0.trainingLoss + 1e-15 })
  }

  @Test func matchesAGradientDescentReference() throws {
    let (x, labels) = TestData.logistic(rows: 150, coefficients: [1, -1], intercept: 0.5, seed: 2)
    let l2 = 2.0
    let (model, _) = try LogisticRegression.fit(x, labels: labels, settings: .init(l2: l2))
    // Plain gradient descent on the same standardized objective, from zero.
    let columns = x.columnCount
    var means = [Double](repeating: 0, count: columns)
    var scales = [Double](repeating: 0, count: columns)
    for column in 0..<columns {
      let values = (0..<x.rowCount).map { x[$0, column] }
      means[column] = values.reduce(0, +) / Double(values.count)
      scales[column] =
        (values.map { ($0 - means[column]) * ($0 - means[column]) }.reduce(0, +) / Double(values.count))
        .squareRoot()
    }
    let z = (0..<x.rowCount).map { row in [1.0] + (0..<columns).map { (x[row, $0] - means[$0]) / scales[$0] }
    }
    let targets = labels.map { $0 ? 1.0 : 0.0 }
    var beta = [Double](repeating: 0, count: columns + 1)
    let step = 1 / (0.25 * Double(x.rowCount) * Double(columns + 1) + l2)
    var gradient = [Double](repeating: 0, count: columns + 1)
    for _ in 0..<3_000 {
      for index in 0...columns { gradient[index] = index == 0 ? 0 : l2 * beta[index] }
      for row in 0..<z.count {
        var score = 0.0
        for index in 0...columns { score += beta[index] * z[row][index] }
        let residual = 1 / (1 + exp(-score)) - targets[row]
        for index in 0...columns { gradient[index] += residual * z[row][index] }
      }
      for index in 0...columns { beta[index] -= step * gradient[index] }
    }
    #expect(abs(model.intercept - beta[0]) < 1e-6)
    for column in 0..<columns { #expect(abs(model.coefficients[column] - beta[column + 1]) < 1e-6) }
    for column in 0..<columns {
      #expect(abs(model.means[column] - means[column]) < 1e-12)
      #expect(abs(model.scales[column] - scales[column]) < 1e-12)
    }
  }

  @Test func sampleWeightsActLikeRepeatedRows() throws {
    let (x, labels) = TestData.logistic(rows: 120, coefficients: [1, 0.5], intercept: 0, seed: 3)
    var weights = [Double](repeating: 1, count: 120)
    var repeated: [Int] = Array(0..<120)
    for row in stride(from: 0, to: 120, by: 3) {
      weights[row] = 2
      repeated.append(row)
    }
    let weighted = try LogisticRegression.fit(x, labels: labels, sampleWeights: weights).model
    let gradient = Self.gradient(weighted, x: x, labels: labels, weights: weights)
    #expect(gradient.allSatisfy { abs($0) < 1e-8 })
    // Without a penalty the standardization is a mere reparametrization, so weighting a row by 2
    // and repeating it give the same predictions.
    let unpenalized = LogisticRegression.Settings(l2: 0)
    let a = try LogisticRegression.fit(x, labels: labels, sampleWeights: weights, settings: unpenalized).model
    let b = try LogisticRegression.fit(
      x.selecting(rows: repeated), labels: repeated.map { labels[$0] }, settings: unpenalized
    ).model
    #expect(zip(a.probabilities(x), b.probabilities(x)).allSatisfy { abs($0 - $1) < 1e-9 })
  }

  @Test func balancedClassWeightsLiftTheMinorityClass() throws {
    let (x, labels) = TestData.logistic(rows: 600, coefficients: [1], intercept: -2.5, seed: 4)
    let positives = labels.filter { $0 }.count
    let weights = try ClassWeighting.rowWeights(labels: labels, sampleWeights: nil, weighting: .balanced)
    let positiveIndex = labels.firstIndex(of: true)!
    let negativeIndex = labels.firstIndex(of: false)!
    #expect(abs(weights[positiveIndex] - 600 / (2 * Double(positives))) < 1e-12)
    #expect(abs(weights[negativeIndex] - 600 / (2 * Double(600 - positives))) < 1e-12)
    let plain = try LogisticRegression.fit(x, labels: labels).model
    let balanced = try LogisticRegression.fit(x, labels: labels, settings: .init(classWeighting: .balanced))
      .model
    let plainMean = plain.probabilities(x).reduce(0, +) / 600
    let balancedMean = balanced.probabilities(x).reduce(0, +) / 600
    #expect(abs(plainMean - Double(positives) / 600) < 0.01)
    #expect(balancedMean > 0.4 && balancedMean < 0.6)
  }

  @Test func missingValuesAreImputedAndContributionsAddUp() throws {
    var (x, labels) = TestData.logistic(rows: 200, coefficients: [1, -1, 2], intercept: 0, seed: 5)
    var values = x.values
    for row in stride(from: 0, to: 200, by: 7) { values[row * 3 + 1] = .nan }
    x = FeatureMatrix(rowCount: 200, columnCount: 3, values: values)
    let model = try LogisticRegression.fit(x, labels: labels).model
    #expect(model.coefficients.allSatisfy { $0.isFinite })
    let row = x.row(7)
    #expect(row[row.startIndex + 1].isNaN)
    let contributions = model.contributions(row)
    #expect(contributions[1] == 0)
    let logOdds = model.intercept + contributions.reduce(0, +)
    #expect(abs(1 / (1 + exp(-logOdds)) - model.probability(row)) < 1e-12)
    // A missing value scores like the training mean.
    let atMean = FeatureMatrix(rows: [[row[row.startIndex], model.means[1], row[row.startIndex + 2]]])
    #expect(abs(model.probability(atMean.row(0)) - model.probability(row)) < 1e-12)
  }

  @Test func validationHistoryAndJSONRoundTrip() throws {
    let (x, labels) = TestData.logistic(rows: 300, coefficients: [1, -0.5, 0.25], intercept: 0.2, seed: 6)
    let (test, testLabels) = TestData.logistic(
      rows: 100, coefficients: [1, -0.5, 0.25], intercept: 0.2, seed: 7)
    let (model, history) = try LogisticRegression.fit(x, labels: labels, validation: (test, testLabels))
    #expect(history.allSatisfy { $0.validationLoss != nil && $0.validationMetric! > 0.6 })
    let text = CanonicalJSON.encode(model.json)
    let decoded = try LogisticRegression(json: try JSONParser.parse(text))
    #expect(decoded == model)
    #expect(decoded.probabilities(test) == model.probabilities(test))
    #expect(CanonicalJSON.encode(decoded.json) == text)
  }

  @Test func rejectsBadInput() {
    let x = FeatureMatrix(rows: [[1], [2], [3]])
    #expect(throws: LearnError.singleClass("all 3 training labels are true")) {
      _ = try LogisticRegression.fit(x, labels: [true, true, true])
    }
    #expect(throws: LearnError.mismatchedLengths(what: "labels", expected: 3, actual: 2)) {
      _ = try LogisticRegression.fit(x, labels: [true, false])
    }
    #expect(throws: LearnError.self) {
      _ = try LogisticRegression.fit(FeatureMatrix(rows: []), labels: [])
    }
    #expect(throws: LearnError.self) {
      _ = try LogisticRegression.fit(x, labels: [true, false, true], sampleWeights: [1, -1, 1])
    }
    #expect(throws: LearnError.self) {
      _ = try LogisticRegression.fit(x, labels: [true, false, true], settings: .init(l2: -1))
    }
    #expect(throws: LearnError.self) { _ = try LogisticRegression(json: ["model": "random_forest"]) }
    #expect(throws: LearnError.self) { _ = try LogisticRegression(json: [1, 2]) }
    #expect(LearnError.singleClass("x").description.contains("single class"))
  }
}
