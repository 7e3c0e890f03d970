import OhanaJSON
import OhanaStore
import OhanaTestSupport
import Testing

@testable import OhanaLifecycle

@Suite("Semantic versions")
struct SemanticVersionTests {
  @Test func parsingAndOrder() {
    #expect(SemanticVersion("1.2.3") == SemanticVersion(1, 2, 3))
    #expect(SemanticVersion("1.2") == nil)
    #expect(SemanticVersion("01.2.3") == nil)
    #expect(SemanticVersion("1.10.0")! > SemanticVersion("1.9.9")!)
    #expect(SemanticVersion(1, 2, 3).nextMinor == SemanticVersion(1, 3, 0))
  }

  @Test("Major for a new feature schema, minor for new data, patch for new parameters")
  func nextVersion() {
    let latest: JSONValue = ["version": "1.2.3", "feature_schema_version": 1, "datasets": ["a", "b"]]
    #expect(ModelRegistry.nextVersion(after: nil, schema: 1, datasets: ["a"]) == SemanticVersion(1, 0, 0))
    #expect(ModelRegistry.nextVersion(after: latest, schema: 2, datasets: ["a", "b"]) == SemanticVersion(2, 0, 0))
    #expect(ModelRegistry.nextVersion(after: latest, schema: 1, datasets: ["a", "b", "c"]) == SemanticVersion(1, 3, 0))
    #expect(ModelRegistry.nextVersion(after: latest, schema: 1, datasets: ["b", "a"]) == SemanticVersion(1, 2, 4))
  }
}

@Suite("The promotion gate")
struct PromotionGateTests {
  let gate = PromotionGate(metric: "mrr", minImprovement: 0.01, regressionTolerance: 0.02)

  @Test func firstModelMustBeatTheBaseline() {
    #expect(gate.decide(candidate: ["mrr": 0.6], production: nil, baseline: ["mrr": 0.5]).promote)
    #expect(!gate.decide(candidate: ["mrr": 0.4], production: nil, baseline: ["mrr": 0.5]).promote)
    #expect(!gate.decide(candidate: ["mrr": 0.9], production: nil, baseline: nil).promote)
  }

  @Test func mustBeatProductionByTheMargin() {
    let production = ["mrr": 0.60, "auc": 0.90, "brier": 0.10]
    #expect(gate.decide(candidate: ["mrr": 0.62, "auc": 0.90, "brier": 0.10], production: production, baseline: nil).promote)
    let small = gate.decide(candidate: ["mrr": 0.605, "auc": 0.95], production: production, baseline: nil)
    #expect(!small.promote)
    #expect(small.reason.contains("less than the 0.01 required"))
  }

  @Test func noOtherMetricMayRegressBeyondTolerance() {
    let production = ["mrr": 0.60, "auc": 0.90, "brier": 0.10]
    let worseAUC = gate.decide(candidate: ["mrr": 0.70, "auc": 0.85, "brier": 0.10], production: production, baseline: nil)
    #expect(!worseAUC.promote)
    #expect(worseAUC.reason.contains("auc gets worse"))
    // Brier is a loss: larger is worse.
    #expect(!gate.decide(candidate: ["mrr": 0.70, "auc": 0.90, "brier": 0.15], production: production, baseline: nil).promote)
    #expect(gate.decide(candidate: ["mrr": 0.70, "auc": 0.89, "brier": 0.11], production: production, baseline: nil).promote)
  }
}

@Suite("Training triggers")
struct TrainingTriggerTests {
  let day = 20_000.0 * 86_400

  @Test func thresholdOfNewDatasets() {
    let trigger = TrainingTrigger(minNewDatasets: 3, schedule: [])
    #expect(trigger.reason(datasets: ["a", "b"], trainedOn: [], lastRun: nil, now: day) == nil)
    #expect(trigger.reason(datasets: ["a", "b", "c"], trainedOn: [], lastRun: nil, now: day)?.contains("3 new") == true)
    #expect(trigger.reason(datasets: ["a", "b", "c", "d"], trainedOn: ["a", "b"], lastRun: day, now: day + 5) == nil)
    #expect(trigger.reason(datasets: [], trainedOn: [], lastRun: nil, now: day) == nil)
  }

  @Test func scheduleIsDueOncePerSlot() {
    let trigger = TrainingTrigger(minNewDatasets: 10, schedule: ["02:00", "14:00"])
    let twoAM = day + 2 * 3_600
    // A new dataset, a run yesterday: due at 02:00, not before.
    #expect(trigger.reason(datasets: ["a", "b"], trainedOn: ["a"], lastRun: day - 3_600, now: twoAM - 60) == nil)
    #expect(trigger.reason(datasets: ["a", "b"], trainedOn: ["a"], lastRun: day - 3_600, now: twoAM + 60) == "scheduled at 02:00 UTC")
    // Once run after the slot, it is not due again until the next slot.
    #expect(trigger.reason(datasets: ["a", "b"], trainedOn: ["a"], lastRun: twoAM + 30, now: twoAM + 3_600) == nil)
    // Nothing new: the schedule alone does not retrain.
    #expect(trigger.reason(datasets: ["a"], trainedOn: ["a"], lastRun: day - 86_400, now: twoAM + 60) == nil)
    #expect(TrainingTrigger.latestOccurrence(of: "14:00", atOrBefore: twoAM) == day - 10 * 3_600)
  }
}

@Suite("Model registry")
struct ModelRegistryTests {
  func registry() throws -> (TemporaryDirectory, ModelRegistry) {
    let folder = try TemporaryDirectory()
    let registry = Registry(root: folder.file("registry"), lockPath: folder.file("registry.lock"))
    return (folder, ModelRegistry(registry: registry))
  }

  func register(_ models: ModelRegistry, _ artifact: String, datasets: [String] = ["d1"]) throws -> SemanticVersion {
    try models.register(
      "trees", manifest: ["artifact": ["sha256": .string(artifact)], "metrics": ["mrr": 0.5]], artifact: artifact,
      schema: 1, datasets: datasets, time: "2026-01-01T00:00:00Z"
    ).version
  }

  @Test func registerPromoteAndRollBack() throws {
    let (folder, models) = try registry()
    _ = folder
    let first = try register(models, "aa")
    #expect(first == SemanticVersion(1, 0, 0))
    #expect(try register(models, "aa") == first)  // the same artifact is not registered twice
    let second = try register(models, "bb")
    #expect(second == SemanticVersion(1, 0, 1))
    let third = try register(models, "cc", datasets: ["d1", "d2"])
    #expect(third == SemanticVersion(1, 1, 0))
    #expect(try models.channel("trees").staging == [first, second, third])

    try models.move("trees", first, to: .production, reason: "gate", time: "t1")
    try models.move("trees", second, to: .production, reason: "gate", time: "t2")
    var channel = try models.channel("trees")
    #expect(channel.production == second)
    #expect(channel.previousProduction == [first])
    #expect(try models.model("trees", first)?["stage"] == "deprecated")

    let rolled = try models.rollback("trees", reason: "by hand", time: "t3")
    #expect(rolled.from == second && rolled.to == first)
    channel = try models.channel("trees")
    #expect(channel.production == first)
    #expect(try models.model("trees", second)?["stage"] == "deprecated")
    let history = try #require(try models.model("trees", first)?["stage_history"]?.arrayValue)
    #expect(history.map { $0["stage"]?.stringValue } == ["staging", "production", "deprecated", "production"])
    #expect(throws: LifecycleError.self) { try models.rollback("trees", reason: "again", time: "t4") }

    try models.move("trees", third, to: .canary, reason: "try it", time: "t5", traffic: 0.2)
    #expect(try models.channel("trees").canary?.traffic == 0.2)
    try models.move("trees", third, to: .archived, reason: "retired", time: "t6")
    #expect(throws: LifecycleError.self) { try models.move("trees", third, to: .production, reason: "no", time: "t7") }
    #expect(throws: LifecycleError.self) {
      try models.move("trees", SemanticVersion(9, 9, 9), to: .production, reason: "no", time: "t8")
    }
    #expect(try models.registry.audit.verify().isEmpty)
  }

  @Test func channelJSONRoundTrips() throws {
    var channel = Channel(pipeline: "p")
    channel.production = SemanticVersion(1, 2, 0)
    channel.canary = (SemanticVersion(1, 3, 0), 0.1)
    channel.staging = [SemanticVersion(1, 4, 0)]
    channel.previousProduction = [SemanticVersion(1, 1, 0)]
    #expect(try Channel(json: channel.json, path: "x") == channel)
    #expect(throws: LifecycleError.self) { try Channel(json: ["pipeline": "p", "production": "one"], path: "x") }
  }
}

@Suite struct RowTriggerTests {
  @Test func newRowsMakeARunDue() {
    let trigger = TrainingTrigger(minNewDatasets: 3, schedule: [], minNewRows: 100)
    let rows = ["a": 80, "b": 30, "c": 500]
    #expect(trigger.reason(datasets: ["a", "b"], trainedOn: ["a"], lastRun: 1, now: 2, rows: rows) == nil)
    #expect(
      trigger.reason(datasets: ["a", "b", "c"], trainedOn: ["a"], lastRun: 1, now: 2, rows: rows)
        == "530 new rows since the last run (threshold 100)")
  }
}
