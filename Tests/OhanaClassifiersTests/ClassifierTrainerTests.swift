import Foundation
import OhanaJSON
import OhanaTabular
import Testing

@testable import OhanaClassifiers
@testable import OhanaLearn

/// Cross-validated selection on a table with a known signal, the tuned threshold, the
/// portable artifact and the settings.
struct ClassifierTrainerTests {
  /// `x` carries the signal, `group` a categorical one, `noise` nothing; `id` must be ignored.
  static func table(rows: Int, seed: UInt64 = 7) throws -> (CSVTable, TableSchema) {
    var generator = SplitMix64(seed: seed)
    var text = "id,x,group,noise,target\n"
    for row in 0..<rows {
      let x = Double(generator.next() % 1000) / 100 - 5
      let group = ["a", "b", "c"][Int(generator.next() % 3)]
      let noise = Double(generator.next() % 100)
      let logit = 1.2 * x + (group == "a" ? 1.5 : group == "b" ? -1 : 0)
      let positive = Double(generator.next() % 10_000) / 10_000 < 1 / (1 + exp(-logit))
      // Some missing values, which every family must handle.
      let xText = row % 37 == 0 ? "" : String(x)
      text += "r\(row),\(xText),\(group),\(noise),\(positive ? 1 : 0)\n"
    }
    let table = try CSVTable.parse(bytes: Array(text.utf8))
    return (table, try TableSchema.infer(from: table, target: "target"))
  }

  static var quick: ClassifierSettings {
    var settings = ClassifierSettings()
    settings.forestTrees = 30
    settings.gbtIterations = 60
    settings.folds = 4
    return settings
  }

  @Test func everyFamilyLearnsTheSignalAndTheBestIsChosenByTheMetric() throws {
    let (table, schema) = try Self.table(rows: 1200)
    var settings = Self.quick
    settings.metric = "auc"
    let outcome = try ClassifierTrainer.train(
      table: table, schema: schema, idColumn: "id", settings: settings)
    for family in ClassifierFamily.allCases {
      let metrics = try #require(outcome.results[family]?.metrics)
      #expect(metrics.auc > 0.8, "\(family) AUC \(metrics.auc)")
      #expect(metrics.f1 > outcome.baseline.f1 - 0.001)
      #expect(outcome.results[family]?.foldAUC.count == 4)
    }
    let bestAUC = outcome.results.values.map(\.metrics.auc).max()
    #expect(outcome.results[outcome.best]?.metrics.auc == bestAUC)
    #expect(outcome.baseline.auc == 0.5)
    #expect(!outcome.model.encoder.sourceColumns.contains("id"))
    #expect(outcome.model.importances.first?.column == "x")
    #expect(outcome.latencyMillisecondsPer1000 > 0)
  }

  @Test func importanceSharesAreSummedInFeatureOrder() throws {
    // Run records hold these shares: summed in a dictionary's order (which changes from run to
    // run), their last bits changed between two runs of the same data.
    let (table, schema) = try Self.table(rows: 600)
    let model = try ClassifierTrainer.train(
      table: table, schema: schema, idColumn: "id", settings: Self.quick
    ).model
    var total = 0.0
    var sums: [String: Double] = [:]
    for (source, value) in zip(model.encoder.sourceColumns, model.classifier.featureImportances)
    where value.isFinite {
      total += value
      sums[source, default: 0] += value
    }
    #expect(total > 0)
    for share in model.importances {
      #expect(share.importance == sums[share.column]! / total, "\(share.column)")
    }
    #expect(abs(model.importances.map(\.importance).reduce(0, +) - 1) < 1e-12)
  }

  @Test func theModelArtifactRoundTripsAndPredictsTheSame() throws {
    let (table, schema) = try Self.table(rows: 600)
    for family in ClassifierFamily.allCases {
      var settings = Self.quick
      settings.families = [family]
      let outcome = try ClassifierTrainer.train(
        table: table, schema: schema, idColumn: "id", settings: settings)
      let bytes = outcome.model.encoded()
      let decoded = try TabularModel(decoding: bytes)
      #expect(decoded.encoded() == bytes)
      #expect(decoded.probabilities(table) == outcome.model.probabilities(table), "\(family)")
      #expect(decoded.threshold == outcome.model.threshold)
    }
    #expect(throws: ClassifierError.self) { try TabularModel(decoding: Array("{\"format\":\"x\"}".utf8)) }
  }

  @Test func trainingIsDeterministicForASeed() throws {
    let (table, schema) = try Self.table(rows: 500)
    let first = try ClassifierTrainer.train(
      table: table, schema: schema, idColumn: "id", settings: Self.quick)
    let second = try ClassifierTrainer.train(
      table: table, schema: schema, idColumn: "id", settings: Self.quick)
    #expect(first.model.encoded() == second.model.encoded())
  }

  @Test func aTargetWithOneClassIsRefusedClearly() throws {
    let table = try CSVTable.parse(bytes: Array("x,target\n1,0\n2,0\n3,0\n4,1\n".utf8))
    let schema = try TableSchema.infer(from: table, target: "target")
    #expect(throws: ClassifierError.self) {
      try ClassifierTrainer.train(table: table, schema: schema, idColumn: nil, settings: Self.quick)
    }
  }

  @Test func settingsAreCheckedAndRoundTrip() throws {
    var settings = ClassifierSettings()
    try settings.apply(assignments: [
      "families=gbt,logistic", "folds=3", "metric=log_loss", "classWeight=balanced",
    ])
    #expect(settings.families == [.logistic, .boostedTrees])
    #expect(settings.classWeight == .balanced)
    #expect(throws: ClassifierError.self) { try settings.apply("folds", "1") }
    #expect(throws: ClassifierError.self) { try settings.apply("families", "svm") }
    #expect(throws: ClassifierError.self) { try settings.apply("depth", "3") }
    #expect(settings.json["metric"] == "log_loss")
  }

  @Test func metricsMatchTheConfusionMatrix() {
    let metrics = ClassifierMetrics(
      probabilities: [0.9, 0.8, 0.3, 0.2, 0.6], labels: [true, false, true, false, false], threshold: 0.5)
    #expect(metrics.confusion.truePositives == 1)
    #expect(metrics.confusion.falsePositives == 2)
    #expect(metrics.precision == 1.0 / 3)
    #expect(metrics.recall == 0.5)
    #expect(abs(metrics.f1 - 0.4) < 1e-12)
    #expect(metrics.score(of: "unknown") == nil)
  }

  @Test func lossMetricsPickTheSmallest() {
    func result(_ logLoss: Double) -> ClassifierTrainer.FamilyResult {
      var metrics = ClassifierMetrics(probabilities: [0.5, 0.5], labels: [true, false], threshold: 0.5)
      metrics.logLoss = logLoss
      return ClassifierTrainer.FamilyResult(
        metrics: metrics, foldAUC: [], history: [], durationSeconds: 0, outOfFold: [])
    }
    let results: [ClassifierFamily: ClassifierTrainer.FamilyResult] = [
      .logistic: result(0.5), .randomForest: result(0.4), .boostedTrees: result(0.45),
    ]
    #expect(ClassifierTrainer.bestFamily(results, metric: "log_loss") == .randomForest)
  }
}
