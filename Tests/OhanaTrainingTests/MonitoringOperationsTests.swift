import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

/// The operations side of monitoring through `ohana tick`: alert files with a fake clock
/// (`OHANA_NOW`), the Prometheus file (checked by promtool) and its counters, ticks that change
/// nothing the second time, and ticks killed at any moment.
@Suite(.serialized)
struct MonitoringOperationsTests {
  @Test func alertsFireResolveAndHonourTheirCooldown() throws {
    let tree = try MonitoringTree.make(
      alerts: """
        - {name: backlog, metric: tables.inbox_backlog, comparison: ">", threshold: 0, for_seconds: 60,
           cooldown_seconds: 600, severity: critical}
        """)
    // No production model: a batch waits in predict/, so the backlog is 1.
    try tree.directory.write("patient_id,age\nP1,40\n", to: "inbox/tables/predict/waiting.csv")
    try tree.tick(now: 1000)
    #expect(try tree.json("outbox/alerts/state.json")["rules"]?["backlog"]?["status"] == "pending")
    #expect(tree.files("outbox/alerts") == ["state.json"], "pending for less than for_seconds: no file")
    let fired = try tree.tick(now: 1100)
    #expect(fired.stdout.contains("alert backlog firing: tables.inbox_backlog = 1.0"), "\(fired.stdout)")
    let alert = try tree.json("outbox/alerts/alert-backlog-1100.json")
    #expect(alert["status"] == "firing" && alert["severity"] == "critical" && alert["value"] == 1.0)
    #expect(alert["active_since"] == 1000.0)
    #expect(
      try tree.text("outbox/metrics/ohana.prom").contains(
        "ohana_alert_state{alert=\"backlog\",severity=\"critical\"} 2"))
    #expect(try tree.tick(now: 1150).stdout.contains("nothing is due"), "still firing: nothing new")

    try FileManager.default.removeItem(atPath: tree.directory.file("inbox/tables/predict/waiting.csv"))
    let resolved = try tree.tick(now: 1200)
    #expect(resolved.stdout.contains("alert backlog resolved"), "\(resolved.stdout)")
    #expect(try tree.json("outbox/alerts/alert-backlog-1100.resolved.json")["status"] == "resolved")

    // Firing again within the cooldown (600 s after 1100) stays silent, then is announced.
    try tree.directory.write("patient_id,age\nP1,40\n", to: "inbox/tables/predict/waiting.csv")
    try tree.tick(now: 1300)
    let silent = try tree.tick(now: 1400)
    #expect(!silent.stdout.contains("alert"), "\(silent.stdout)")
    #expect(try tree.json("outbox/alerts/state.json")["rules"]?["backlog"]?["status"] == "firing")
    let announced = try tree.tick(now: 1800)
    #expect(announced.stdout.contains("alert backlog firing"), "\(announced.stdout)")
    #expect(
      tree.files("outbox/alerts") == [
        "alert-backlog-1100.json", "alert-backlog-1100.resolved.json", "alert-backlog-1800.json",
        "state.json",
      ])
  }

  @Test func wrongAlertRulesStopTheTickWithTheirReason() throws {
    let tree = try MonitoringTree.make(
      alerts: "- {name: typo, metric: tables.drift_shares, comparison: \">\", threshold: 0.5}")
    let tick = try tree.run(["tick"])
    #expect(tick.status != 0)
    #expect(
      tick.stderr.contains("ohana.yaml: alerts: rule typo: there is no metric tables.drift_shares"),
      "\(tick.stderr)")
    #expect(tick.stderr.contains("model_<metric>"))
    try tree.directory.write(
      try tree.text("ohana.yaml").replacingOccurrences(of: "comparison: \">\"", with: "comparison: \"~\""),
      to: "ohana.yaml")
    let comparison = try tree.run(["tick"])
    #expect(comparison.stderr.contains("comparison \"~\" is not one of"), "\(comparison.stderr)")
  }

  @Test func metricsFileIsValidAndCountsEachBatchOnce() throws {
    let tree = try MonitoringTree.make(
      monitoring: """
        experiments:
          - {id: ab, control: 1.0.0, treatment: 1.0.1, split: 0.3, alpha: 0.05, min_samples: 1000}
        performance: {window_rows: 50}
        """, alerts: "- {name: drift, metric: tables.drift_share, comparison: \">=\", threshold: 0.5}",
      autoPromote: false)
    try tree.twoVersions()
    try tree.dropBatch("one", rows: 150, seed: 41, prefix: "E")
    try tree.tick()
    try tree.dropFeedback(
      "one", column: "outcome", try tree.scored("one").map { ($0["patient_id"] ?? "", "1") })
    try tree.tick()
    let metrics = try tree.text("outbox/metrics/ohana.prom")
    if let promtool = OhanaCommand.which("promtool") {
      let check = try OhanaCommand.runProgram(
        "/bin/sh",
        ["-c", "\"$0\" check metrics < \"$1\"", promtool, tree.directory.file("outbox/metrics/ohana.prom")])
      #expect(check.status == 0, "promtool: \(check.stdout)\(check.stderr)")
    } else {
      print("promtool is not installed (apt-get install prometheus): the format check is skipped")
    }
    for family in [
      "ohana_files", "ohana_model_metric", "ohana_last_training_timestamp_seconds", "ohana_drift_score",
      "ohana_alert_state", "ohana_predictions_total", "ohana_prediction_latency_seconds",
      "ohana_experiment_p_value",
      "ohana_model_feedback_metric",
    ] {
      #expect(metrics.contains("# TYPE \(family) "), "\(family) is missing")
    }
    func predictions(_ text: String) -> Int {
      text.split(separator: "\n").filter { $0.hasPrefix("ohana_predictions_total{") }
        .reduce(0) { $0 + (Int($1.split(separator: " ").last ?? "") ?? 0) }
    }
    #expect(predictions(metrics) == 150)
    #expect(
      metrics.contains("ohana_prediction_latency_seconds_count{pipeline=\"tables\",variant=\"treatment\"} 1"))
    #expect(
      metrics.contains(
        "ohana_model_metric{metric=\"auc\",pipeline=\"tables\",stage=\"production\",version=\"1.0.0\"}"))

    // A rerun counts nothing twice; a new batch adds its rows.
    try tree.tick()
    #expect(predictions(try tree.text("outbox/metrics/ohana.prom")) == 150)
    try tree.dropBatch("two", rows: 50, seed: 42, prefix: "F")
    try tree.tick()
    #expect(predictions(try tree.text("outbox/metrics/ohana.prom")) == 200)
  }

  /// Everything a tick does, with something of each kind to do: scoring with an experiment,
  /// feedback, the experiment's decision, drift, performance, alerts, metrics; and training when
  /// `newDataset` says so.
  static func busyTree(newDataset: Bool, rows: Int = 200) throws -> MonitoringTree {
    let tree = try MonitoringTree.make(
      monitoring: """
        experiments:
          - {id: ab, control: 1.0.0, treatment: 1.0.1, split: 0.5, alpha: 0.05, min_samples: 20}
        performance: {window_rows: 50, tolerance: 0.05}
        """,
      alerts: "- {name: degraded, metric: tables.performance_degraded, comparison: \"==\", threshold: 1}",
      autoPromote: false, minNewDatasets: 1)
    try tree.twoVersions()
    try tree.dropBatch("one", rows: rows, seed: 51, prefix: "G")
    try tree.tick()
    try tree.dropFeedback(
      "one", column: "outcome",
      try tree.scored("one").enumerated().map {
        ($1["patient_id"] ?? "", $1["variant"] == "treatment" || $0 % 3 == 0 ? "1" : "0")
      })
    try tree.dropBatch("two", rows: rows, seed: 52, prefix: "H")
    guard newDataset else { return tree }
    // A new dataset makes training due in the same tick.
    let synth = try OhanaCommand.run([
      "synth", "table", "--rows", "300", "--seed", "9", "--out",
      tree.directory.file("inbox/tables/clinic-9.csv"),
    ])
    #expect(synth.status == 0)
    #expect(try tree.run(["ingest"]).status == 0)
    return tree
  }

  @Test func aSecondTickChangesNothing() throws {
    let tree = try Self.busyTree(newDataset: true)
    let first = try tree.tick()
    #expect(first.stdout.contains("trained") && first.stdout.contains("experiment ab"), "\(first.stdout)")
    let registry = try tree.snapshot("registry")
    let outbox = try tree.snapshot("outbox")
    let second = try tree.tick()
    #expect(second.stdout.contains("nothing is due"), "\(second.stdout)")
    #expect(try tree.snapshot("registry") == registry)
    #expect(
      try tree.snapshot("outbox") == outbox, "reports, alerts and metrics are rewritten only when they change"
    )
    try tree.verify()
  }

  /// Training inside a killed tick is left out: a kill between ModelRegistry.register's model
  /// file and its audit line leaves a version verify rejects (reported to the lead).
  @Test func aTickKilledAtAnyMomentIsFinishedByTheNext() throws {
    let tree = try Self.busyTree(newDataset: false, rows: 3000)
    var interrupted = 0
    for delay in [0.03, 0.05, 0.08, 0.12, 0.16, 0.2, 0.25, 0.3] {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: OhanaCommand.executable)
      process.arguments = ["tick", "--root", tree.root]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(useconds_t(delay * 1_000_000))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      if process.terminationReason == .uncaughtSignal { interrupted += 1 }
      let verify = try tree.run(["verify"])
      #expect(verify.status == 0, "after kill at \(delay) s: \(verify.stdout)")
    }
    #expect(interrupted > 0, "some kill must land while the tick works")
    try tree.tick()
    #expect(try tree.tick().stdout.contains("nothing is due"))
    try tree.verify()
    // Each input was taken once: one record and one audit line per feedback file, each batch
    // scored and counted once.
    #expect(tree.files("inbox/tables/feedback").isEmpty && tree.files("inbox/tables/predict").isEmpty)
    let feedback = tree.files("registry/feedback/tables")
    #expect(feedback.count == 1)
    let audit = try tree.text("registry/audit/log.jsonl")
    #expect(audit.components(separatedBy: "\"feedback.recorded\"").count == 2)
    #expect(tree.files("outbox/tables/predictions").filter { $0.hasSuffix(".provenance.json") }.count == 2)
    let counted = try tree.json("outbox/metrics/state.json")["counted"]?.arrayValue ?? []
    #expect(counted.count == 2 && Set(counted).count == 2)
    #expect(try tree.json("outbox/tables/reports/performance.json")["feedback"]?["files"] == 1)
    #expect(tree.files("registry/runs/tables").count == 2)
    #expect(try tree.json("registry/experiments/tables/ab.json")["decision"] == "ship")
  }
}
