import Foundation
import OhanaJSON
import OhanaLearn
import OhanaTabular

/// Trains every configured family with stratified k-fold cross-validation, picks the best by
/// the configured metric on the out-of-fold predictions, tunes its decision threshold there,
/// and refits it on every row.
public enum ClassifierTrainer {
  /// What one family achieved.
  public struct FamilyResult: Sendable {
    /// Metrics of the out-of-fold predictions at the family's tuned threshold.
    public var metrics: ClassifierMetrics
    /// AUC of each fold, for the spread across folds.
    public var foldAUC: [Double]
    /// Per-iteration records of the first fold's fit (validation on that fold).
    public var history: [IterationRecord]
    public var durationSeconds: Double
    /// The out-of-fold probability of every row.
    public var outOfFold: [Double]
  }

  /// The comparison and the chosen model.
  public struct Outcome: Sendable {
    public var results: [ClassifierFamily: FamilyResult]
    public var best: ClassifierFamily
    /// The best family refitted on every row, with the threshold tuned on its folds.
    public var model: TabularModel
    /// The labels of the rows trained on (rows without a target are left out).
    public var labels: [Bool]
    /// Rows without a target value, left out.
    public var rowsWithoutTarget: Int
    /// Batch prediction time of the final model, in milliseconds per 1,000 rows.
    public var latencyMillisecondsPer1000: Double
    /// Majority-class baseline metrics (always predicting the base rate).
    public var baseline: ClassifierMetrics
  }

  /// Trains on `table` (rows of every accepted dataset) under `schema`.
  public static func train(
    table: CSVTable, schema: TableSchema, idColumn: String?, settings: ClassifierSettings,
    progress: (String) -> Void = { _ in }
  ) throws(ClassifierError) -> Outcome {
    guard let target = schema.target else { throw .unusableData("the schema names no target column") }
    var excluded: Set<String> = []
    if let idColumn { excluded.insert(idColumn) }
    let probe = FeatureEncoder(schema: schema, mode: .native, training: table, excluded: excluded)
    let maybeLabels = probe.labels(table)
    let kept = maybeLabels.indices.filter { maybeLabels[$0] != nil }
    let rows = kept.count == table.rowCount ? table : table.selecting(rows: kept)
    let labels = kept.map { maybeLabels[$0]! }
    let positives = labels.filter { $0 }.count
    let minority = min(positives, labels.count - positives)
    guard minority >= 2 else {
      throw .unusableData("the target \(target) needs at least 2 rows of each class; it has \(positives) positive of \(labels.count)")
    }
    let folds = min(settings.folds, minority)
    let splits: [(training: [Int], test: [Int])]
    do { splits = try StratifiedKFold(folds: folds, seed: settings.seed).splits(labels: labels) } catch {
      throw .unusableData("\(error)")
    }
    var results: [ClassifierFamily: FamilyResult] = [:]
    for family in settings.families {
      let started = Date()
      var outOfFold = [Double](repeating: .nan, count: labels.count)
      var foldAUC: [Double] = []
      var history: [IterationRecord] = []
      for (index, split) in splits.enumerated() {
        let trainingRows = rows.selecting(rows: split.training)
        let testRows = rows.selecting(rows: split.test)
        let encoder = FeatureEncoder(schema: schema, mode: family.encoding, training: trainingRows, excluded: excluded)
        let trainingLabels = split.training.map { labels[$0] }
        let testLabels = split.test.map { labels[$0] }
        let testMatrix = encoder.matrix(testRows)
        let fitted: (model: FittedClassifier, history: [IterationRecord])
        do {
          fitted = try FittedClassifier.fit(
            family, x: encoder.matrix(trainingRows), labels: trainingLabels, categorical: encoder.categoricalColumns,
            settings: settings, validation: index == 0 ? (testMatrix, testLabels) : nil)
        } catch {
          throw .unusableData("\(family.rawValue), fold \(index + 1): \(error)")
        }
        if index == 0 { history = fitted.history }
        let probabilities = fitted.model.probabilities(testMatrix)
        for (row, probability) in zip(split.test, probabilities) { outOfFold[row] = probability }
        foldAUC.append(Metrics.auc(scores: probabilities, labels: testLabels))
      }
      let threshold = Metrics.bestF1Threshold(probabilities: outOfFold, labels: labels).threshold
      let metrics = ClassifierMetrics(probabilities: outOfFold, labels: labels, threshold: threshold)
      let seconds = Date().timeIntervalSince(started)
      progress("\(family.rawValue): \(settings.metric) \(format(metrics.score(of: settings.metric) ?? .nan)), "
        + "AUC \(format(metrics.auc)) over \(folds) folds in \(format(seconds)) s")
      results[family] = FamilyResult(
        metrics: metrics, foldAUC: foldAUC, history: history, durationSeconds: seconds, outOfFold: outOfFold)
    }
    guard let best = bestFamily(results, metric: settings.metric), let bestResult = results[best] else {
      throw .unusableData("no model family was trained")
    }
    let encoder = FeatureEncoder(schema: schema, mode: best.encoding, training: rows, excluded: excluded)
    let matrix = encoder.matrix(rows)
    let final: FittedClassifier
    do {
      final = try FittedClassifier.fit(
        best, x: matrix, labels: labels, categorical: encoder.categoricalColumns, settings: settings, validation: nil
      ).model
    } catch {
      throw .unusableData("refitting \(best.rawValue) on every row: \(error)")
    }
    let model = TabularModel(
      classifier: final, encoder: encoder, threshold: bestResult.metrics.threshold, schemaVersion: schema.version,
      target: target, idColumn: idColumn)
    let baseRate = Double(positives) / Double(labels.count)
    let baseline = ClassifierMetrics(
      probabilities: [Double](repeating: baseRate, count: labels.count), labels: labels,
      threshold: Metrics.bestF1Threshold(probabilities: [Double](repeating: baseRate, count: labels.count), labels: labels).threshold)
    return Outcome(
      results: results, best: best, model: model, labels: labels, rowsWithoutTarget: table.rowCount - kept.count,
      latencyMillisecondsPer1000: latency(model, rows: rows), baseline: baseline)
  }

  /// The family with the best `metric` (smallest for losses); ties go to the simpler family
  /// (the order of ``ClassifierFamily/allCases``).
  static func bestFamily(_ results: [ClassifierFamily: FamilyResult], metric: String) -> ClassifierFamily? {
    let isLoss = metric == "log_loss" || metric == "brier"
    var best: (family: ClassifierFamily, score: Double)?
    for family in ClassifierFamily.allCases {
      guard let score = results[family]?.metrics.score(of: metric), !score.isNaN else { continue }
      if let current = best, isLoss ? score >= current.score : score <= current.score { continue }
      best = (family, score)
    }
    return best?.family
  }

  /// Milliseconds per 1,000 rows to encode and score up to 20,000 rows, best of three.
  static func latency(_ model: TabularModel, rows: CSVTable) -> Double {
    let sample = rows.rowCount > 20_000 ? rows.selecting(rows: Array(0..<20_000)) : rows
    var best = Double.infinity
    for _ in 0..<3 {
      let started = DispatchTime.now().uptimeNanoseconds
      _ = model.probabilities(sample)
      best = min(best, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
    }
    return best * 1000 / Double(max(sample.rowCount, 1))
  }

  static func format(_ value: Double) -> String { String(format: "%.4g", value) }
}
