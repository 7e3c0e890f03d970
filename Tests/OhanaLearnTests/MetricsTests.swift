import Foundation
import Testing

@testable import OhanaLearn

@Suite("Metrics")
struct MetricsTests {
  @Test func aucAveragesTies() {
    // Positives 0.4 and 0.8 against negatives 0.1, 0.35 and 0.4: 0.4 beats two and ties one
    // (2.5 of 3), 0.8 beats all three, so AUC = 5.5 / 6.
    let auc = Metrics.auc(scores: [0.1, 0.4, 0.35, 0.8, 0.4], labels: [false, true, false, true, false])
    #expect(abs(auc - 5.5 / 6) < 1e-15)
  }

  @Test func aucExtremesAndAllTied() {
    #expect(Metrics.auc(scores: [1, 2, 3, 4], labels: [false, false, true, true]) == 1)
    #expect(Metrics.auc(scores: [4, 3, 2, 1], labels: [false, false, true, true]) == 0)
    #expect(Metrics.auc(scores: [7, 7, 7, 7], labels: [false, true, true, false]) == 0.5)
    #expect(Metrics.auc(scores: [1, 2], labels: [true, true]).isNaN)
  }

  @Test func aucMatchesPairCounting() {
    var generator = SplitMix64(seed: 11)
    let scores = (0..<300).map { _ in Double(generator.below(20)) }
    let labels = (0..<300).map { _ in generator.unit() < 0.3 }
    var wins = 0.0
    var pairs = 0.0
    for i in 0..<300 where labels[i] {
      for j in 0..<300 where !labels[j] {
        pairs += 1
        wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0
      }
    }
    #expect(abs(Metrics.auc(scores: scores, labels: labels) - wins / pairs) < 1e-12)
  }

  @Test func logLossAndBrierKnownValues() {
    let loss = Metrics.logLoss(probabilities: [0.9, 0.2], labels: [true, false])
    #expect(abs(loss - (-(log(0.9) + log(0.8)) / 2)) < 1e-15)
    #expect(abs(loss - 0.164252033486018) < 1e-12)
    #expect(abs(Metrics.brier(probabilities: [0.9, 0.2], labels: [true, false]) - 0.025) < 1e-15)
    // Clipping keeps a confident mistake finite: -log(1e-15).
    let clipped = Metrics.logLoss(probabilities: [0], labels: [true])
    #expect(abs(clipped - 34.538776394910684) < 1e-9)
  }

  @Test func confusionMatrixCountsAndRatios() {
    let matrix = Metrics.confusionMatrix(
      probabilities: [0.9, 0.6, 0.4, 0.2, 0.7], labels: [true, false, true, false, true], threshold: 0.5)
    #expect(matrix.truePositives == 2)
    #expect(matrix.falsePositives == 1)
    #expect(matrix.trueNegatives == 1)
    #expect(matrix.falseNegatives == 1)
    #expect(matrix.accuracy == 0.6)
    #expect(abs(matrix.precision - 2.0 / 3) < 1e-15)
    #expect(abs(matrix.recall - 2.0 / 3) < 1e-15)
    #expect(abs(matrix.f1 - 2.0 / 3) < 1e-15)
    let empty = ConfusionMatrix(probabilities: [0.1, 0.2], labels: [false, false], threshold: 0.5)
    #expect(empty.precision == 0 && empty.recall == 0 && empty.f1 == 0 && empty.accuracy == 1)
  }

  @Test func bestF1ThresholdFindsTheSweetSpot() {
    // Predicting the top three positive gives TP 2, FP 1, FN 0: F1 = 0.8, the best possible.
    let best = Metrics.bestF1Threshold(
      probabilities: [0.9, 0.8, 0.7, 0.3, 0.1], labels: [true, false, true, false, false])
    #expect(best.threshold == 0.7)
    #expect(abs(best.f1 - 0.8) < 1e-15)
    let check = ConfusionMatrix(
      probabilities: [0.9, 0.8, 0.7, 0.3, 0.1], labels: [true, false, true, false, false],
      threshold: best.threshold)
    #expect(check.f1 == best.f1)
  }

  @Test func rocCurveEndpointsAndThinning() {
    let curve = Metrics.rocCurve(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true])
    #expect(curve.count == 5)
    #expect(curve.first! == (0, 0))
    #expect(curve.last! == (1, 1))
    #expect(curve[1] == (0, 0.5))
    var generator = SplitMix64(seed: 3)
    let scores = (0..<1000).map { _ in generator.unit() }
    let labels = (0..<1000).map { _ in generator.unit() < 0.5 }
    let thin = Metrics.rocCurve(scores: scores, labels: labels, maxPoints: 50)
    #expect(thin.count == 50)
    #expect(thin.first! == (0, 0) && thin.last! == (1, 1))
    #expect(zip(thin, thin.dropFirst()).allSatisfy { $0.fpr <= $1.fpr && $0.tpr <= $1.tpr })
  }

  @Test func calibrationCurveBins() {
    let curve = Metrics.calibrationCurve(
      probabilities: [0.05, 0.15, 0.12, 0.95, 1.0], labels: [false, true, false, true, true], bins: 10)
    #expect(curve.count == 3)
    #expect(abs(curve[0].meanPredicted - 0.05) < 1e-15 && curve[0].observed == 0 && curve[0].count == 1)
    #expect(abs(curve[1].meanPredicted - 0.135) < 1e-15 && curve[1].observed == 0.5 && curve[1].count == 2)
    #expect(abs(curve[2].meanPredicted - 0.975) < 1e-15 && curve[2].observed == 1 && curve[2].count == 2)
  }

  @Test func rankingMetrics() {
    let ranks: [Int?] = [1, 2, nil, 4]
    #expect(Metrics.meanReciprocalRank(ranks: ranks) == 0.4375)
    #expect(Metrics.hitsAtK(ranks: ranks, k: 1) == 0.25)
    #expect(Metrics.hitsAtK(ranks: ranks, k: 2) == 0.5)
    #expect(Metrics.hitsAtK(ranks: ranks, k: 10) == 0.75)
    #expect(Metrics.meanReciprocalRank(ranks: []) == 0)
  }

  @Test func stratifiedFoldsKeepProportionsAndAreSeeded() throws {
    let labels = (0..<103).map { $0 % 4 == 0 }  // 26 positives, 77 negatives
    let splitter = try StratifiedKFold(folds: 5, seed: 9)
    let folds = splitter.foldIndices(labels: labels)
    #expect(folds == splitter.foldIndices(labels: labels))
    #expect(folds != (try StratifiedKFold(folds: 5, seed: 10)).foldIndices(labels: labels))
    for fold in 0..<5 {
      let members = labels.indices.filter { folds[$0] == fold }
      let positives = members.filter { labels[$0] }.count
      #expect((20...21).contains(members.count))
      #expect((5...6).contains(positives))
    }
    let splits = splitter.splits(labels: labels)
    #expect(splits.allSatisfy { $0.training.count + $0.test.count == 103 })
    #expect(throws: LearnError.self) { _ = try StratifiedKFold(folds: 1) }
  }
}
