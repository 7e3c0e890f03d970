import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaMonitor
import OhanaStore

/// `outbox/metrics/ohana.prom`: the tree's metrics in Prometheus' text format, for
/// node_exporter's textfile collector, replaced atomically when its content changes.
///
/// Gauges come from ``MonitoringSnapshot``. Prediction counters and histograms must only grow,
/// whatever happens to old outputs, so they accumulate in `outbox/metrics/state.json`: each
/// batch's provenance (by its SHA-256) is counted once, and the state is replaced in one atomic
/// write with the list of batches counted, so a rerun never counts a batch twice.
struct MetricsFile {
  let workspace: Workspace

  var folder: String { Path.join(workspace.outbox, "metrics") }
  var path: String { Path.join(folder, "ohana.prom") }
  var statePath: String { Path.join(folder, "state.json") }

  /// Counts the batches not counted yet, then writes the file; returns whether it changed.
  @discardableResult
  func write(snapshot: MonitoringSnapshot, alerts: [AlertRule], alertState: JSONValue) throws -> Bool {
    let counters = try accumulate(snapshot)
    var metrics = PrometheusExposition()
    try gauges(snapshot, into: &metrics)
    for rule in alerts {
      let status = AlertEvaluator.statuses(in: alertState)[rule.name] ?? .inactive
      try metrics.gauge(
        "ohana_alert_state", help: "Alert state: 0 inactive, 1 pending, 2 firing.",
        labels: ["alert": rule.name, "severity": rule.severity],
        value: status == .firing ? 2 : status == .pending ? 1 : 0)
    }
    for (pipeline, entry) in (counters["pipelines"]?.objectValue ?? [:]) {
      try metrics.counter(
        "ohana_prediction_rows_rejected_total", help: "Rows of prediction batches that failed the schema.",
        labels: ["pipeline": pipeline], value: entry["rejected_rows"]?.doubleValue ?? 0)
      for (variant, series) in entry["variants"]?.objectValue ?? [:] {
        let labels = ["pipeline": pipeline, "variant": variant]
        try metrics.counter(
          "ohana_predictions_total", help: "Rows scored, by the variant that scored them.", labels: labels,
          value: series["predictions"]?.doubleValue ?? 0)
        try metrics.histogram(
          "ohana_prediction_latency_seconds", help: "Time a variant took to score its rows of a batch.",
          labels: labels, PrometheusHistogram(json: series["latency"] ?? .null))
        try metrics.histogram(
          "ohana_prediction_probability", help: "Predicted probabilities of the positive class.",
          labels: labels,
          PrometheusHistogram(json: series["probability"] ?? .null))
      }
    }
    try Directory.create(folder)
    return try DurableFile.writeIfChanged(Array(metrics.text.utf8), to: path)
  }

  /// The running prediction counts with every new batch added (and saved when there was one).
  private func accumulate(_ snapshot: MonitoringSnapshot) throws -> JSONValue {
    var state: JSONValue = ["counted": [], "pipelines": [:]]
    if (try FileInfo.of(statePath)) != nil {
      do { state = try JSONParser.parse(DurableFile.read(statePath)) } catch {
        throw MonitorError("\(statePath) is damaged (\(error)); delete it to count predictions afresh")
      }
    }
    var counted = Set((state["counted"]?.arrayValue ?? []).compactMap(\.stringValue))
    var pipelines = state["pipelines"]?.objectValue ?? [:]
    var added: [String] = []
    for view in snapshot.pipelines {
      for batch in view.batches?.batches ?? [] where !counted.contains(batch.sha256) {
        var entry = pipelines[view.config.name]?.objectValue ?? [:]
        entry["rejected_rows"] =
          .integer(
            (entry["rejected_rows"]?.intValue ?? 0) + (batch.provenance["rows"]?["rejected"]?.intValue ?? 0))
        var variants = entry["variants"]?.objectValue ?? [:]
        // Batches scored before variants existed were all production's.
        let scored: [String: JSONValue] =
          batch.provenance["variants"]?.objectValue
          ?? [
            "production": [
              "rows": batch.provenance["rows"]?["scored"] ?? 0,
              "latency_ms": batch.provenance["latency_ms"] ?? 0,
            ]
          ]
        for (variant, details) in scored {
          var series = variants[variant]?.objectValue ?? [:]
          series["predictions"] = .integer(
            (series["predictions"]?.intValue ?? 0) + (details["rows"]?.intValue ?? 0))
          var latency =
            try series["latency"].map { try PrometheusHistogram(json: $0) } ?? PrometheusHistogram()
          latency.observe((details["latency_ms"]?.doubleValue ?? .nan) / 1000)
          series["latency"] = latency.json
          var probability =
            try series["probability"].map { try PrometheusHistogram(json: $0) }
            ?? PrometheusHistogram(upperBounds: BatchPredictions.probabilityBounds)
          if let histogram = details["probabilities"] {
            try probability.merge(PrometheusHistogram(json: histogram))
          }
          series["probability"] = probability.json
          variants[variant] = .object(series)
        }
        entry["variants"] = .object(variants)
        pipelines[view.config.name] = .object(entry)
        counted.insert(batch.sha256)
        added.append(batch.sha256)
      }
    }
    guard !added.isEmpty else { return state }
    let next: JSONValue = [
      "counted": .array(((state["counted"]?.arrayValue ?? []) + added.map { .string($0) })),
      "pipelines": .object(pipelines),
    ]
    try Directory.create(folder)
    try DurableFile.write(CanonicalJSON.bytes(next), to: statePath)
    return next
  }

  /// Everything read from the tree as it is now.
  private func gauges(_ snapshot: MonitoringSnapshot, into metrics: inout PrometheusExposition) throws {
    for view in snapshot.pipelines {
      let pipeline = view.config.name
      for stage in ["inbox", "accepted", "rejected", "datasets"] {
        try metrics.gauge(
          "ohana_files", help: "Files per stage (inbox, accepted, rejected, datasets) and pipeline.",
          labels: ["pipeline": pipeline, "stage": stage], value: view.status[stage]?.doubleValue ?? 0)
      }
      try metrics.gauge(
        "ohana_inbox_backlog",
        help: "Files waiting in a pipeline's inbox folders (with predict/ and feedback/).",
        labels: ["pipeline": pipeline], value: Double(view.backlog))
      if let last = view.lastTraining {
        try metrics.gauge(
          "ohana_last_training_timestamp_seconds", help: "When the pipeline's last training run finished.",
          labels: ["pipeline": pipeline], value: last)
      }
      for model in view.models {
        for (metric, value) in model.metrics {
          try metrics.gauge(
            "ohana_model_metric", help: "Validation metrics of registered models, by version and stage.",
            labels: ["pipeline": pipeline, "version": model.version, "stage": model.stage, "metric": metric],
            value: value)
        }
      }
      if let drift = view.drift {
        let name = drift["name"]?.stringValue ?? ""
        try metrics.gauge(
          "ohana_drift_share", help: "Share of drifted columns in the latest drift report.",
          labels: ["pipeline": pipeline, "report": name], value: drift["share_drifted"]?.doubleValue ?? 0)
        try metrics.gauge(
          "ohana_dataset_drift", help: "1 when the latest drift report found dataset drift.",
          labels: ["pipeline": pipeline, "report": name],
          value: drift["dataset_drift"]?.boolValue == true ? 1 : 0)
        var columns = drift["columns"]?.objectValue ?? [:]
        if let prediction = drift["prediction"], let column = prediction["column"]?.stringValue {
          columns[column] = prediction["result"]
        }
        for (column, result) in columns {
          guard let method = result["method"]?.stringValue, let score = result["score"]?.doubleValue else {
            continue
          }
          try metrics.gauge(
            "ohana_drift_score",
            help: "Deciding drift score per column of the latest report (p-value or distance).",
            labels: ["pipeline": pipeline, "column": column, "method": method], value: score)
        }
      }
      if let performance = view.performance {
        try metrics.gauge(
          "ohana_performance_degraded",
          help: "1 when feedback shows the production model worse than validation.",
          labels: ["pipeline": pipeline], value: performance["degraded"]?.boolValue == true ? 1 : 0)
        for (version, entry) in performance["versions"]?.objectValue ?? [:] {
          guard let window = entry["windows"]?.arrayValue?.last else { continue }
          for metric in ["accuracy", "f1", "auc", "brier", "ece"] {
            guard let value = window[metric]?.doubleValue, value.isFinite else { continue }
            try metrics.gauge(
              "ohana_model_feedback_metric",
              help: "Metrics of the latest complete window of feedback, by version.",
              labels: ["pipeline": pipeline, "version": version, "metric": metric], value: value)
          }
        }
      }
      for experiment in view.experiments {
        let id = experiment["experiment"]?["id"]?.stringValue ?? ""
        for arm in ["control", "treatment"] {
          try metrics.gauge(
            "ohana_experiment_success_rate",
            help: "Success rate of each arm of an experiment, from feedback.",
            labels: ["pipeline": pipeline, "experiment": id, "arm": arm],
            value: experiment["analysis"]?[arm]?["rate"]?.doubleValue ?? 0)
        }
        try metrics.gauge(
          "ohana_experiment_p_value", help: "Two-sided p-value of the experiment's two-proportion z-test.",
          labels: ["pipeline": pipeline, "experiment": id],
          value: experiment["analysis"]?["p_value"]?.doubleValue ?? 1)
      }
    }
    for stage in ["inbox", "rejected"] {
      try metrics.gauge(
        "ohana_unrouted_files", help: "Files no pipeline took: waiting at the top of the inbox, or rejected.",
        labels: ["stage": stage],
        value: snapshot.status[stage == "inbox" ? "inbox_unrouted" : "rejected_unrouted"]?.doubleValue ?? 0)
    }
    try metrics.gauge(
      "ohana_pending_approvals", help: "Actions waiting for a person in outbox/approvals/.",
      value: Double(snapshot.pendingApprovals))
  }
}
