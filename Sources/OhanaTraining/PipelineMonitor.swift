import OhanaConfig
import OhanaIngest

/// The monitoring half of a tick for one tabular pipeline, after training and scoring: takes the
/// feedback files, judges the experiment and the canary from the feedback joined to the
/// predictions, then writes the drift reports (against production as those decisions left it)
/// and the performance report.
struct PipelineMonitor {
  let workspace: Workspace
  let pipeline: PipelineConfig
  let log: (String) -> Void

  /// Does it all, with the pipeline's drift reports as `drift` holds them; returns one line
  /// per thing written and the batches it read.
  func run(now: Double, drift: inout DriftReports) throws -> (lines: [String], batches: ScoredBatches) {
    var lines = try FeedbackInbox(workspace: workspace, pipeline: pipeline, log: log).take(now: now)
    let batches = try ScoredBatches(workspace: workspace, pipeline: pipeline.name)
    let positiveClass = try SchemaCatalog(registry: workspace.registry, pipeline: pipeline.name).current()?
      .positiveClass
    let ledger = try FeedbackLedger(
      workspace: workspace, pipeline: pipeline, batches: batches, positiveClass: positiveClass)
    lines += try ExperimentMonitor(workspace: workspace, pipeline: pipeline, log: log).run(
      ledger: ledger, now: now)
    lines += try CanaryMonitor(workspace: workspace, pipeline: pipeline, log: log).run(
      ledger: ledger, batches: batches, now: now)
    lines += try DriftMonitor(workspace: workspace, pipeline: pipeline, log: log).run(
      batches: batches, reports: &drift)
    lines += try PerformanceMonitor(workspace: workspace, pipeline: pipeline, log: log).run(ledger: ledger)
    return (lines, batches)
  }
}
