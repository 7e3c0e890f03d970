import OhanaConfig
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaMonitor
import OhanaStore

/// The channel's canary judged by the pipeline's `monitoring.canary` thresholds: its success and
/// error rates from the feedback on the rows it scored, and the 95th percentile of the time it
/// took to score its rows of a batch. ``CanaryPolicy`` promotes it to production or retires it
/// (or asks a person first, by the pipeline's approvals); the judgement is in
/// `outbox/<pipeline>/reports/canary-<version>.json` and `.html`.
struct CanaryMonitor {
  let workspace: Workspace
  let pipeline: PipelineConfig
  let log: (String) -> Void

  func run(ledger: FeedbackLedger, batches: ScoredBatches, now: Double) throws -> [String] {
    guard let settings = pipeline.monitoring.canary,
      let canary = try ModelRegistry(registry: workspace.registry).channel(pipeline.name).canary
    else { return try settleDecidedReports() }
    let version = canary.version.description
    let entries = ledger.entries(variant: "canary", version: version)
    let successes = entries.count(where: \.success)
    let latency = ScoredBatches.percentile95(batches.latencies(variant: "canary", version: version)) ?? 0
    let observation = CanaryObservation(
      requests: entries.count, successes: successes, errors: entries.count - successes,
      latencySeconds: latency / 1000)
    let policy = CanaryPolicy(
      minimumRequests: settings.minSamples, minimumSuccessRate: settings.minSuccessRate,
      maximumErrorRate: settings.maxErrorRate,
      maximumLatencySeconds: settings.maxLatencyMilliseconds.map { $0 / 1000 })
    let (decision, reasons) = policy.decide(observation)
    let reason = "canary \(version): " + reasons.joined(separator: "; ")
    let evidence: JSONValue = [
      "requests": .integer(observation.requests), "successes": .integer(successes),
      "errors": .integer(observation.errors), "p95_latency_ms": .double(latency),
    ]
    let approvals = Approvals(workspace: workspace, log: log)
    let outcome: Approvals.Outcome? =
      switch decision {
      case .wait: nil
      case .promote:
        try approvals.act(
          .promote, pipeline: pipeline, version: canary.version, reason: reason, evidence: evidence, now: now)
      case .rollback:
        try approvals.act(
          .retire, pipeline: pipeline, version: canary.version, reason: reason, evidence: evidence, now: now)
      }
    var report: [String: JSONValue] = [
      "schema": "ohana.canary/1", "pipeline": .string(pipeline.name), "version": .string(version),
      "traffic": .double(canary.traffic), "observation": evidence, "decision": .string(decision.rawValue),
      "reasons": .array(reasons.map { .string($0) }),
      "thresholds": [
        "min_samples": .integer(settings.minSamples),
        "min_success_rate": settings.minSuccessRate.map { .double($0) } ?? .null,
        "max_error_rate": settings.maxErrorRate.map { .double($0) } ?? .null,
        "max_latency_ms": settings.maxLatencyMilliseconds.map { .double($0) } ?? .null,
      ],
    ]
    if let outcome { outcome.describe(in: &report) } else { report["status"] = "waiting for feedback" }
    guard try write(report, version: version) else { return [] }
    return [
      "\(pipeline.name): canary \(version): \(decision.rawValue) (\(successes)/\(observation.requests) right)"
        + (report["result"]?.stringValue.map { ": \($0)" } ?? "")
        + (report["approval"]?.stringValue.map { ": waits for approval \($0)" } ?? "")
    ]
  }

  private var reportsFolder: String { workspace.outboxFolder(pipeline: pipeline.name, "reports") }

  /// Writes the report's HTML and JSON when they change; returns whether the JSON did.
  private func write(_ report: [String: JSONValue], version: String) throws -> Bool {
    try Directory.create(reportsFolder)
    _ = try DurableFile.writeIfChanged(
      Array(MonitoringPage.canary(.object(report)).utf8),
      to: Path.join(reportsFolder, "canary-\(version).html"))
    return try DurableFile.writeIfChanged(
      CanonicalJSON.bytes(.object(report)), to: Path.join(reportsFolder, "canary-\(version).json"))
  }

  /// Reports of canaries that waited for a person who has decided since: they say how it ended.
  private func settleDecidedReports() throws -> [String] {
    guard (try FileInfo.of(reportsFolder)) != nil else { return [] }
    let approvals = Approvals(workspace: workspace, log: log)
    var lines: [String] = []
    for name in try Directory.entries(of: reportsFolder)
    where name.hasPrefix("canary-") && name.hasSuffix(".json") {
      guard var report = try JSONParser.parse(DurableFile.read(Path.join(reportsFolder, name))).objectValue,
        report["status"] == "waiting for approval", let id = report["approval"]?.stringValue,
        let done = try approvals.record(id), let version = report["version"]?.stringValue
      else { continue }
      report["status"] = "decided"
      report["result"] = .string(
        "\(done["decision"]?.stringValue ?? "decided"): \(done["result"]?.stringValue ?? "")")
      if try write(report, version: version) {
        lines.append("\(pipeline.name): canary \(version): \(report["result"]?.stringValue ?? "")")
      }
    }
    return lines
  }
}
