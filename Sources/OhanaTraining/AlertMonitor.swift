import OhanaConfig
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaMonitor
import OhanaStore

/// The `alerts:` rules of ohana.yaml evaluated once per tick on ``MonitoringSnapshot``'s metrics:
/// a firing writes `outbox/alerts/<rule>-<time>.json`, a resolution `….resolved.json`, and within
/// a rule's cooldown nothing is repeated (see ``AlertEvaluator``). The rules' state lives in
/// `outbox/alerts/state.json`, replaced atomically.
///
/// Events are first saved in the state as unwritten, then written, then cleared from it: a run
/// killed in between writes the same files again (same names, same content), never new ones.
struct AlertMonitor {
  let workspace: Workspace
  let log: (String) -> Void

  var folder: String { Path.join(workspace.outbox, "alerts") }
  var statePath: String { Path.join(folder, "state.json") }

  /// The configured rules, checked: their keys and values, and that each metric exists.
  static func rules(_ configuration: OhanaConfiguration) throws -> [AlertRule] {
    let rules: [AlertRule]
    do { rules = try AlertRule.rules(json: .array(configuration.alerts)) } catch {
      throw MonitoringError.invalidAlertRules(error.description)
    }
    for rule in rules where !MonitoringSnapshot.isKnown(rule.metric, in: configuration) {
      let pipelines = configuration.pipelines.map(\.name)
      throw MonitoringError.invalidAlertRules(
        "rule \(rule.name): there is no metric \(rule.metric); use one of "
          + MonitoringSnapshot.globalMetrics.joined(separator: ", ")
          + ", or <pipeline>.<metric> with pipeline "
          + pipelines.joined(separator: " or ") + " and metric "
          + MonitoringSnapshot.pipelineMetrics.joined(separator: ", ") + " or model_<metric> (e.g. model_auc)"
      )
    }
    return rules
  }

  /// The stored state of the rules (empty at first).
  func ruleState() throws -> JSONValue {
    try storedState()["rules"] ?? .object([:])
  }

  /// Evaluates `rules` on `metrics` at `now`; returns one line per alert file written.
  func run(rules: [AlertRule], metrics: [String: Double], now: Double) throws -> [String] {
    let hasState = try FileInfo.of(statePath) != nil
    guard !rules.isEmpty || hasState else { return [] }
    let stored = try storedState()
    // Events of a run killed before it wrote them all.
    for event in stored["unwritten"]?.arrayValue ?? [] { try writeEvent(event) }
    let (state, events) = try AlertEvaluator.evaluate(
      rules: rules, metrics: metrics, state: stored["rules"] ?? .null, now: now)
    let files: [JSONValue] = events.map { ["file": .string($0.fileName), "content": $0.json] }
    try Directory.create(folder)
    if !files.isEmpty {
      try DurableFile.write(CanonicalJSON.bytes(["rules": state, "unwritten": .array(files)]), to: statePath)
      for file in files { try writeEvent(file) }
    }
    _ = try DurableFile.writeIfChanged(CanonicalJSON.bytes(["rules": state, "unwritten": []]), to: statePath)
    return events.map { event in
      "alert \(event.rule.name) \(event.kind.rawValue): \(event.rule.metric) = \(PromotionGate.format(event.value)) "
        + "(\(event.rule.comparison.rawValue) \(PromotionGate.format(event.rule.threshold))) "
        + "→ outbox/alerts/\(event.fileName)"
    }
  }

  private func storedState() throws -> JSONValue {
    guard (try FileInfo.of(statePath)) != nil else { return .object([:]) }
    do { return try JSONParser.parse(DurableFile.read(statePath)) } catch {
      throw MonitorError("\(statePath) is damaged (\(error)); delete it to start the alerts afresh")
    }
  }

  private func writeEvent(_ event: JSONValue) throws {
    guard let name = event["file"]?.stringValue, let content = event["content"] else { return }
    _ = try DurableFile.writeIfChanged(CanonicalJSON.bytes(content), to: Path.join(folder, name))
  }
}
