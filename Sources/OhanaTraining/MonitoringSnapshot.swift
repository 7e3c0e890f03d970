import OhanaConfig
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The state of the tree that alerts and the metrics file are made of, read from its files once
/// per tick: files per stage, models and their metrics, the latest drift and performance reports,
/// experiments, batch latencies, pending approvals and free disk space.
struct MonitoringSnapshot {
  /// What is known of one pipeline.
  struct PipelineView {
    var config: PipelineConfig
    /// `inbox`, `accepted`, `rejected`, `datasets` (from ``StatusReport``).
    var status: JSONValue
    /// Files waiting in its inbox folder and its `predict/` and `feedback/` folders.
    var backlog: Int
    /// When its last training run finished (seconds since 1970).
    var lastTraining: Double?
    var models: [(version: String, stage: String, metrics: [String: Double])]
    var production: String?
    /// The drift report observed last.
    var drift: JSONValue?
    var performance: JSONValue?
    var experiments: [JSONValue]
    var batches: ScoredBatches?
  }

  /// Alert metrics of the whole tree.
  static let globalMetrics = ["inbox_backlog", "rejected_files", "disk_free_bytes", "pending_approvals"]
  /// Alert metrics of each pipeline, named `<pipeline>.<metric>`; `model_<metric>` comes on top.
  static let pipelineMetrics = [
    "drift_share", "dataset_drift", "error_rate", "p95_latency_ms", "inbox_backlog", "rejected_files",
    "hours_since_training", "performance_degraded",
  ]

  var pipelines: [PipelineView] = []
  var status: JSONValue
  var diskFreeBytes: Double?
  var pendingApprovals: Int

  /// The tree now; `batches` and `drift` are what the tick read of each pipeline already.
  init(
    workspace: Workspace, configuration: OhanaConfiguration, batches: [String: ScoredBatches],
    drift: [String: DriftReports]
  ) throws {
    status = try StatusReport(workspace: workspace, configuration: configuration).json()
    let models = ModelRegistry(registry: workspace.registry)
    for pipeline in configuration.pipelines {
      var backlog = Int(status["pipelines"]?[pipeline.name]?["inbox"]?.intValue ?? 0)
      for folder in PipelineConfig.reservedSubfolders.sorted() {
        backlog += try Self.waiting(in: Path.join(workspace.inbox, pipeline.name, folder))
      }
      let lastRun = try models.runs(pipeline.name).max {
        ($0["started_at"]?.stringValue ?? "") < ($1["started_at"]?.stringValue ?? "")
      }
      var versions: [(version: String, stage: String, metrics: [String: Double])] = []
      for version in try models.versions(pipeline.name) {
        guard let manifest = try models.model(pipeline.name, version) else { continue }
        let metrics = (manifest["metrics"]?.objectValue ?? [:]).compactMapValues(\.doubleValue).filter {
          $0.value.isFinite
        }
        versions.append((version.description, manifest["stage"]?.stringValue ?? "", metrics))
      }
      let reports = workspace.outboxFolder(pipeline: pipeline.name, "reports")
      let experiments = pipeline.monitoring.experiments.compactMap { experiment in
        try? JSONParser.parse(DurableFile.read(Path.join(reports, "experiment-\(experiment.id).json")))
      }
      pipelines.append(
        PipelineView(
          config: pipeline, status: status["pipelines"]?[pipeline.name] ?? .null, backlog: backlog,
          lastTraining: lastRun?["finished_at"]?.stringValue.flatMap(Timestamp.parseISO8601),
          models: versions,
          production: try models.channel(pipeline.name).production?.description,
          drift: drift[pipeline.name]?.ordered.last,
          performance: try? JSONParser.parse(
            DurableFile.read(PerformanceMonitor.reportPath(workspace, pipeline: pipeline.name))),
          experiments: experiments, batches: batches[pipeline.name]))
    }
    var space = statvfs()
    diskFreeBytes =
      statvfs(workspace.root, &space) == 0 ? Double(space.f_bavail) * Double(space.f_frsize) : nil
    pendingApprovals = try Approvals(workspace: workspace).pending().count
  }

  /// Files in `folder` that are not hidden or temporary (0 when it does not exist).
  private static func waiting(in folder: String) throws -> Int {
    guard (try FileInfo.of(folder)) != nil else { return 0 }
    return try Directory.entries(of: folder).filter { !InboxNames.isIgnored($0) }.count
  }

  /// Whether an alert rule may name `metric`: a tree metric, or `<pipeline>.<metric>` of a
  /// configured pipeline.
  static func isKnown(_ metric: String, in configuration: OhanaConfiguration) -> Bool {
    if globalMetrics.contains(metric) { return true }
    guard let dot = metric.firstIndex(of: "."), configuration.pipeline(named: String(metric[..<dot])) != nil
    else {
      return false
    }
    let name = metric[metric.index(after: dot)...]
    return pipelineMetrics.contains(String(name)) || (name.hasPrefix("model_") && name.count > 6)
  }

  /// The metric values alert rules are evaluated on. Metrics without data are left out, so
  /// their rules keep their state.
  ///
  /// `model_<metric>` is the production model's metric from the latest complete window of
  /// feedback when there is one, else from its validation.
  func alertValues(now: Double) -> [String: Double] {
    var values: [String: Double] = [:]
    var backlog = Int(status["inbox_unrouted"]?.intValue ?? 0)
    var rejected = Int(status["rejected_unrouted"]?.intValue ?? 0)
    for view in pipelines {
      let prefix = view.config.name + "."
      backlog += view.backlog
      rejected += Int(view.status["rejected"]?.intValue ?? 0)
      values[prefix + "inbox_backlog"] = Double(view.backlog)
      values[prefix + "rejected_files"] = view.status["rejected"]?.doubleValue ?? 0
      if let last = view.lastTraining { values[prefix + "hours_since_training"] = (now - last) / 3600 }
      if let drift = view.drift {
        values[prefix + "drift_share"] = drift["share_drifted"]?.doubleValue
        values[prefix + "dataset_drift"] = drift["dataset_drift"]?.boolValue == true ? 1 : 0
      }
      if let production = view.production, let model = view.models.first(where: { $0.version == production })
      {
        for (name, value) in model.metrics { values[prefix + "model_" + name] = value }
      }
      if let performance = view.performance {
        values[prefix + "performance_degraded"] = performance["degraded"]?.boolValue == true ? 1 : 0
        if let window = performance["latest"]?["window"],
          performance["latest"]?["version"]?.stringValue == view.production
        {
          for name in ["accuracy", "f1", "auc", "brier", "ece"] {
            if let value = window[name]?.doubleValue, value.isFinite {
              values[prefix + "model_" + name] = value
            }
          }
          values[prefix + "error_rate"] = window["accuracy"]?.doubleValue.map { 1 - $0 }
        }
      }
      if let latencies = view.batches?.latencies().suffix(100),
        let p95 = ScoredBatches.percentile95(Array(latencies))
      {
        values[prefix + "p95_latency_ms"] = p95
      }
    }
    values["inbox_backlog"] = Double(backlog)
    values["rejected_files"] = Double(rejected)
    values["pending_approvals"] = Double(pendingApprovals)
    if let diskFreeBytes { values["disk_free_bytes"] = diskFreeBytes }
    return values
  }
}
