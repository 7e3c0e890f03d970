import OhanaConfig
import OhanaIngest
import OhanaLifecycle
import OhanaStore

/// `ohana tick`: does whatever is due, once, for every pipeline — training when enough new
/// datasets arrived or a scheduled time passed, and predictions the production model has not
/// made yet. Everything it looks at is in files, so a second tick right after does nothing.
public struct Scheduler {
  public let workspace: Workspace
  public let configuration: OhanaConfiguration
  let log: (String) -> Void

  public init(workspace: Workspace, configuration: OhanaConfiguration, log: @escaping (String) -> Void = { _ in }) {
    self.workspace = workspace
    self.configuration = configuration
    self.log = log
  }

  /// Runs what is due; returns one line per action taken.
  @discardableResult
  public func tick(now: Double = Timestamp.now()) throws -> [String] {
    var actions: [String] = []
    for pipeline in configuration.pipelines {
      switch pipeline.kind {
      case .gedcom:
        let workflow = try ParentageWorkflow(workspace: workspace, pipeline: pipeline, log: log)
        if let reason = try dueReason(pipeline, now: now) {
          actions += describe(try workflow.train(trigger: reason), pipeline: pipeline.name, reason: reason)
        }
        let written = try workflow.refreshPredictions()
        if !written.isEmpty { actions.append("\(pipeline.name): predictions for \(written.count / 3) tree(s)") }
      case .tabular:
        let workflow = try TabularWorkflow(workspace: workspace, pipeline: pipeline, log: log)
        if let reason = try dueReason(pipeline, now: now) {
          actions += describe(try workflow.train(trigger: reason), pipeline: pipeline.name, reason: reason)
        }
        let written = try BatchPredictions(workflow: workflow).scoreInbox()
        let scored = written.filter { $0.hasSuffix(".provenance.json") }.count
        if scored > 0 { actions.append("\(pipeline.name): scored \(scored) file(s) from predict/") }
      }
    }
    return actions
  }

  private func describe(_ outcome: TrainingRunOutcome, pipeline: String, reason: String) -> [String] {
    guard !outcome.skipped else { return [] }
    return [
      "\(pipeline): trained (\(reason)): model \(outcome.version ?? "?")"
        + (outcome.promoted ? " promoted to production" : " in staging")
    ]
  }

  /// Why training of `pipeline` is due now, or nil.
  public func dueReason(_ pipeline: PipelineConfig, now: Double) throws -> String? {
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
    return trigger.reason(datasets: datasets, trainedOn: trainedOn, lastRun: lastRun, now: now, rows: rows)
  }
}
