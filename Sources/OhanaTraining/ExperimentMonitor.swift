import OhanaConfig
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaMonitor
import OhanaStore

/// The pipeline's active A/B experiment (see ``ModelRouting``): each arm's success rate from the
/// feedback on its rows, the two-proportion z-test and its decision, in
/// `outbox/<pipeline>/reports/experiment-<id>.json` and `.html`.
///
/// Ship promotes the treatment; roll back retires it (or, when the treatment is production by
/// now, puts the control back). Either waits for a person when the pipeline's approvals say so.
/// Once the action is done or a person has decided it, the experiment is recorded as decided in
/// `registry/experiments/<pipeline>/<id>.json` with an audit record, and rows stop being split.
struct ExperimentMonitor {
  let workspace: Workspace
  let pipeline: PipelineConfig
  let log: (String) -> Void

  func run(ledger: FeedbackLedger, now: Double) throws -> [String] {
    guard let active = try ModelRouting.activeExperiment(registry: workspace.registry, pipeline: pipeline)
    else {
      return []
    }
    let settings = active.settings
    func arm(_ variant: Variant, _ version: SemanticVersion) -> ArmOutcome {
      let entries = ledger.entries(variant: variant.rawValue, version: version.description)
      return ArmOutcome(successes: entries.count(where: \.success), trials: entries.count)
    }
    let analysis = try ExperimentAnalysis(
      control: arm(.control, active.control), treatment: arm(.treatment, active.treatment),
      alpha: settings.alpha,
      minimumTrialsPerArm: settings.minSamples)
    let reason = "experiment \(settings.id): \(analysis.reason)"
    let outcome: Approvals.Outcome?
    let approvals = Approvals(workspace: workspace, log: log)
    switch analysis.decision {
    case .keepRunning: outcome = nil
    case .ship:
      outcome = try approvals.act(
        .promote, pipeline: pipeline, version: active.treatment, reason: reason, evidence: analysis.json,
        now: now)
    case .rollback:
      let production = try ModelRegistry(registry: workspace.registry).channel(pipeline.name).production
      outcome =
        production == active.treatment
        ? try approvals.act(
          .restore, pipeline: pipeline, version: active.control, reason: reason, evidence: analysis.json,
          now: now)
        : try approvals.act(
          .retire, pipeline: pipeline, version: active.treatment, reason: reason, evidence: analysis.json,
          now: now)
    }
    var report: [String: JSONValue] = [
      "schema": "ohana.experiment/1", "pipeline": .string(pipeline.name),
      "experiment": [
        "id": .string(settings.id), "control": .string(settings.control),
        "treatment": .string(settings.treatment),
        "split": .double(settings.split), "alpha": .double(settings.alpha),
        "min_samples": .integer(settings.minSamples),
      ],
      "analysis": analysis.json, "feedback_rows_unmatched": .integer(ledger.unmatched),
    ]
    var lines: [String] = []
    if let outcome {
      if let result = outcome.describe(in: &report) {
        try recordDecision(settings, analysis: analysis, result: result, now: now)
      }
    } else {
      report["status"] = "running"
    }
    if try write(report, id: settings.id) {
      lines.append(
        "\(pipeline.name): experiment \(settings.id): \(analysis.decision.rawValue)"
          + " (control \(analysis.control.successes)/\(analysis.control.trials), treatment "
          + "\(analysis.treatment.successes)/\(analysis.treatment.trials), "
          + "p = \(PromotionGate.format(analysis.pValue)))"
          + (report["result"]?.stringValue.map { ": \($0)" } ?? "")
          + (report["approval"]?.stringValue.map { ": waits for approval \($0)" } ?? ""))
    }
    return lines
  }

  /// The registry's record that the experiment is over, audited once: the audit line goes first
  /// (checked, so a run killed before the record does not repeat it), the record commits.
  private func recordDecision(
    _ settings: MonitoringSettings.Experiment, analysis: ExperimentAnalysis, result: String, now: Double
  ) throws {
    let registry = workspace.registry
    let path = ModelRouting.decisionPath(pipeline: pipeline.name, experiment: settings.id)
    let subject = "\(pipeline.name)/\(settings.id)"
    let details: JSONValue = ["decision": .string(analysis.decision.rawValue)]
    try registry.withLock {
      guard try registry.manifest(path) == nil else { return }
      if try !registry.audit.contains(subject: subject, details: details) {
        try registry.audit.append(action: "experiment.decided", subject: subject, details: details)
      }
      try registry.write(
        [
          "schema": "ohana.experiment-decision/1", "pipeline": .string(pipeline.name),
          "experiment": .string(settings.id),
          "control": .string(settings.control), "treatment": .string(settings.treatment),
          "decision": .string(analysis.decision.rawValue), "analysis": analysis.json,
          "result": .string(result),
          "decided_at": .string(Timestamp.iso8601(now)),
        ], to: path)
    }
  }

  /// Writes the report's HTML and JSON when they change; returns whether the JSON did.
  private func write(_ report: [String: JSONValue], id: String) throws -> Bool {
    let folder = workspace.outboxFolder(pipeline: pipeline.name, "reports")
    try Directory.create(folder)
    _ = try DurableFile.writeIfChanged(
      Array(MonitoringPage.experiment(.object(report)).utf8), to: Path.join(folder, "experiment-\(id).html"))
    return try DurableFile.writeIfChanged(
      CanonicalJSON.bytes(.object(report)), to: Path.join(folder, "experiment-\(id).json"))
  }
}
