import Foundation
import OhanaConfig
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaStore

/// `ohana tick`: does whatever is due, once, for every pipeline — approvals a person gave by
/// moving them into `inbox/approvals/`, training when enough new datasets arrived, a scheduled
/// time passed or monitoring asks for it, predictions the production model has not made yet,
/// and monitoring: feedback, drift, experiments, canary, performance, alerts and the metrics
/// file. Everything it looks at is in files, so a second tick right after does nothing.
public struct Scheduler {
  public let workspace: Workspace
  public let configuration: OhanaConfiguration
  let log: (String) -> Void

  public init(
    workspace: Workspace, configuration: OhanaConfiguration, log: @escaping (String) -> Void = { _ in }
  ) {
    self.workspace = workspace
    self.configuration = configuration
    self.log = log
  }

  /// The time a tick runs at: `$OHANA_NOW` when set (seconds since 1970, or ISO 8601 UTC such as
  /// `2026-01-02T03:04:05Z`), for tests and replays of alerts and schedules; else the clock.
  public static func currentTime() -> Double {
    guard let text = ProcessInfo.processInfo.environment["OHANA_NOW"] else { return Timestamp.now() }
    return Double(text) ?? Timestamp.parseISO8601(text) ?? Timestamp.now()
  }

  /// Runs what is due; returns one line per action taken.
  @discardableResult
  public func tick(now: Double = Scheduler.currentTime()) throws -> [String] {
    // Wrong alert rules stop the tick before it does anything.
    let rules = try AlertMonitor.rules(configuration)
    var actions = try Approvals(workspace: workspace, log: log).takeInbox(now: now)
    var batches: [String: ScoredBatches] = [:]
    var drift: [String: DriftReports] = [:]
    for pipeline in configuration.pipelines {
      var reports = try DriftReports(workspace: workspace, pipeline: pipeline.name)
      switch pipeline.kind {
      case .gedcom:
        let workflow = try ParentageWorkflow(workspace: workspace, pipeline: pipeline, log: log)
        if let reason = try dueReason(pipeline, now: now, drift: reports) {
          actions += describe(try workflow.train(trigger: reason), pipeline: pipeline.name, reason: reason)
        }
        let written = try workflow.refreshPredictions()
        if !written.isEmpty {
          actions.append("\(pipeline.name): predictions for \(written.count / 3) tree(s)")
        }
        actions += try TreeDriftMonitor(workspace: workspace, pipeline: pipeline, log: log).run(
          reports: &reports)
      case .tabular:
        let workflow = try TabularWorkflow(workspace: workspace, pipeline: pipeline, log: log)
        if let reason = try dueReason(pipeline, now: now, drift: reports) {
          actions += describe(try workflow.train(trigger: reason), pipeline: pipeline.name, reason: reason)
        }
        let written = try BatchPredictions(workflow: workflow).scoreInbox()
        let scored = written.filter { $0.hasSuffix(".provenance.json") }.count
        if scored > 0 { actions.append("\(pipeline.name): scored \(scored) file(s) from predict/") }
        let monitoring = try PipelineMonitor(workspace: workspace, pipeline: pipeline, log: log).run(
          now: now, drift: &reports)
        actions += monitoring.lines
        batches[pipeline.name] = monitoring.batches
      }
      drift[pipeline.name] = reports
    }
    let snapshot = try MonitoringSnapshot(
      workspace: workspace, configuration: configuration, batches: batches, drift: drift)
    let alerts = AlertMonitor(workspace: workspace, log: log)
    actions += try alerts.run(rules: rules, metrics: snapshot.alertValues(now: now), now: now)
    try MetricsFile(workspace: workspace).write(
      snapshot: snapshot, alerts: rules, alertState: alerts.ruleState())
    return actions
  }

  private func describe(_ outcome: TrainingRunOutcome, pipeline: String, reason: String) -> [String] {
    guard !outcome.skipped else { return [] }
    return [
      "\(pipeline): trained (\(reason)): model \(outcome.version ?? "?")"
        + (outcome.promoted ? " promoted to production" : " in staging")
    ]
  }

  /// Why training of `pipeline` is due now, or nil; `drift` holds its drift reports.
  func dueReason(_ pipeline: PipelineConfig, now: Double, drift: DriftReports) throws -> String? {
    let models = ModelRegistry(registry: workspace.registry)
    let entries = try DatasetCatalog(registry: workspace.registry, pipeline: pipeline.name).entries
    let datasets = Set(entries.map(\.sha256))
    let last = try models.runs(pipeline.name).max {
      ($0["started_at"]?.stringValue ?? "") < ($1["started_at"]?.stringValue ?? "")
    }
    let trainedOn = Set(last?["datasets"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    let lastRun = last?["started_at"]?.stringValue.flatMap(Timestamp.parseISO8601)
    let trigger = TrainingTrigger(
      minNewDatasets: pipeline.minNewDatasets, schedule: pipeline.schedule,
      minNewRows: pipeline.kind == .tabular ? pipeline.tabular.minNewRows : nil)
    let rows = Dictionary(entries.map { ($0.sha256, $0.rows) }, uniquingKeysWith: max)
    if let reason = trigger.reason(
      datasets: datasets, trainedOn: trainedOn, lastRun: lastRun, now: now, rows: rows)
    {
      return reason
    }
    // Retraining on the same datasets would give the same run, so monitoring only makes
    // training due when there is something new to learn from.
    guard let lastRun, !datasets.subtracting(trainedOn).isEmpty else { return nil }
    return monitoringReason(pipeline, since: lastRun, drift: drift)
  }

  /// Drift or degradation observed after the last run, when the pipeline retrains on them.
  private func monitoringReason(_ pipeline: PipelineConfig, since lastRun: Double, drift: DriftReports)
    -> String?
  {
    func after(_ report: JSONValue) -> Bool {
      (report["observed_at"]?.stringValue.flatMap(Timestamp.parseISO8601) ?? 0) >= lastRun
    }
    if pipeline.monitoring.drift.retrain,
      let drifted = drift.ordered.last(where: {
        $0["dataset_drift"]?.boolValue == true && after($0)
      })
    {
      let share = PromotionGate.format(drifted["share_drifted"]?.doubleValue ?? 0)
      return "data drift in \(drifted["name"]?.stringValue ?? "a report") (share of drifted columns \(share))"
    }
    if pipeline.monitoring.performance.retrain,
      let performance = try? JSONParser.parse(
        DurableFile.read(PerformanceMonitor.reportPath(workspace, pipeline: pipeline.name))),
      performance["degraded"]?.boolValue == true, after(performance)
    {
      return "performance from feedback degraded (see outbox/\(pipeline.name)/reports/performance.html)"
    }
    return nil
  }
}
