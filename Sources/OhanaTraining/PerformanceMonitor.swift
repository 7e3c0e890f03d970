import OhanaConfig
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaMonitor
import OhanaStore

/// Quality from feedback: per model version, consecutive windows of `performance.window_rows`
/// joined feedback rows (accuracy, F1, AUC, Brier, calibration error) against the version's
/// validation metrics, a window worse by more than the tolerance flagged; and ADWIN (δ = 0.002)
/// over the stream of successes, whose state lives in `outbox/<pipeline>/monitoring/adwin.json`
/// and takes each feedback file once. The result is `outbox/<pipeline>/reports/performance.json`
/// and `.html`.
struct PerformanceMonitor {
  let workspace: Workspace
  let pipeline: PipelineConfig
  let log: (String) -> Void

  static func statePath(_ workspace: Workspace, pipeline: String) -> String {
    Path.join(workspace.outboxFolder(pipeline: pipeline, "monitoring"), "adwin.json")
  }

  static func reportPath(_ workspace: Workspace, pipeline: String) -> String {
    Path.join(workspace.outboxFolder(pipeline: pipeline, "reports"), "performance.json")
  }

  func run(ledger: FeedbackLedger) throws -> [String] {
    guard !ledger.files.isEmpty else { return [] }
    let settings = pipeline.monitoring.performance
    let models = ModelRegistry(registry: workspace.registry)
    let production = try models.channel(pipeline.name).production?.description
    var versions: [String: JSONValue] = [:]
    var latest: JSONValue = .null
    for version in Set(ledger.entries.map(\.version)).sorted() {
      let entries = ledger.entries.filter { $0.version == version }
      let manifest = try SemanticVersion(version).flatMap { try models.model(pipeline.name, $0) }
      let validation = manifest?["metrics"]
      var baseline: [PerformanceMetric: Double] = [:]
      for metric in [PerformanceMetric.accuracy, .f1, .auc, .brier] {
        if let value = validation?[metric.rawValue]?.doubleValue { baseline[metric] = value }
      }
      let threshold = validation?["threshold"]?.doubleValue ?? 0.5
      var windows: [JSONValue] = []
      var start = 0
      while start + settings.windowRows <= entries.count {
        let chunk = entries[start..<(start + settings.windowRows)]
        let window = PerformanceWindow(
          records: chunk.map { FeedbackRecord(time: $0.time, probability: $0.probability, label: $0.label) },
          start: chunk.first!.time, end: chunk.last!.time, threshold: threshold)
        let degraded = window.degradations(baseline: baseline, tolerance: settings.tolerance).filter(
          \.degraded)
        var json = window.json.objectValue ?? [:]
        json["degraded"] = .array(
          degraded.map {
            [
              "metric": .string($0.metric.rawValue), "baseline": .double($0.baseline),
              "current": .double($0.current),
            ]
          })
        windows.append(.object(json))
        start += settings.windowRows
      }
      versions[version] = [
        "baseline": .object(
          Dictionary(uniqueKeysWithValues: baseline.map { ($0.key.rawValue, JSONValue.double($0.value)) })),
        "threshold": .double(threshold), "feedback_rows": .integer(entries.count),
        "successes": .integer(entries.count(where: \.success)), "windows": .array(windows),
        "rows_in_next_window": .integer(entries.count - start),
      ]
      if version == production, let last = windows.last {
        latest = ["version": .string(version), "window": last]
      }
    }
    let adwin = try detectChanges(ledger)
    var report: [String: JSONValue] = [
      "schema": "ohana.performance/1", "pipeline": .string(pipeline.name),
      "window_rows": .integer(settings.windowRows),
      "tolerance": .double(settings.tolerance), "versions": .object(versions), "latest": latest,
      "adwin": adwin,
      "feedback": [
        "files": .integer(ledger.files.count), "rows_joined": .integer(ledger.entries.count),
        "rows_unmatched": .integer(ledger.unmatched),
      ],
      "observed_at": .string(ledger.entries.last.map { Timestamp.iso8601($0.time) } ?? ""),
    ]
    let degraded = !(latest["window"]?["degraded"]?.arrayValue ?? []).isEmpty
    report["degraded"] = .bool(degraded || adwin["change_in_latest_file"]?.boolValue == true)
    let path = Self.reportPath(workspace, pipeline: pipeline.name)
    try Directory.create(Path.parent(of: path))
    _ = try DurableFile.writeIfChanged(
      Array(MonitoringPage.performance(.object(report)).utf8), to: String(path.dropLast(5)) + ".html")
    guard try DurableFile.writeIfChanged(CanonicalJSON.bytes(.object(report)), to: path) else { return [] }
    return [
      "\(pipeline.name): performance from \(ledger.entries.count) feedback rows"
        + (report["degraded"]?.boolValue == true ? ": degraded" : "")
    ]
  }

  /// Feeds ADWIN the successes of every feedback file it has not taken yet, in order, and keeps
  /// its state; returns what it found.
  private func detectChanges(_ ledger: FeedbackLedger) throws -> JSONValue {
    let path = Self.statePath(workspace, pipeline: pipeline.name)
    var detector = ADWIN()
    var consumed: [JSONValue] = []
    var changes: [JSONValue] = []
    if (try FileInfo.of(path)) != nil {
      let state = try JSONParser.parse(DurableFile.read(path))
      do {
        detector = try ADWIN(json: state["detector"] ?? .null)
      } catch {
        throw MonitorError("\(path) is damaged (\(error)); delete it to start the detector afresh")
      }
      consumed = state["consumed"]?.arrayValue ?? []
      changes = state["changes"]?.arrayValue ?? []
    }
    let taken = Set(consumed.compactMap(\.stringValue))
    var changeInLatest = changes.last?["feedback"] == consumed.last && !consumed.isEmpty
    let fresh = ledger.files.filter { !taken.contains($0.sha256) }
    for file in fresh {
      changeInLatest = false
      for entry in ledger.entries where entry.feedback == file.sha256 {
        if detector.update(entry.success ? 1 : 0) {
          changeInLatest = true
          changes.append(
            [
              "feedback": .string(file.sha256), "at": .string(Timestamp.iso8601(entry.time)),
              "mean_after": .double(detector.mean),
            ])
        }
      }
      consumed.append(.string(file.sha256))
    }
    if !fresh.isEmpty {
      try Directory.create(Path.parent(of: path))
      let state: JSONValue = [
        "detector": detector.json, "consumed": .array(consumed), "changes": .array(changes),
      ]
      try DurableFile.write(CanonicalJSON.bytes(state), to: path)
    }
    return [
      "delta": .double(detector.delta), "window": .double(detector.width), "mean": .double(detector.mean),
      "detections": .integer(detector.detections), "changes": .array(changes),
      "change_in_latest_file": .bool(changeInLatest),
    ]
  }
}
