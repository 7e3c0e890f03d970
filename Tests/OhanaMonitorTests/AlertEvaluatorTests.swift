import OhanaJSON
import Testing

@testable import OhanaMonitor

func errorRateRule(forSeconds: Double = 60, cooldown: Double = 600) throws -> AlertRule {
  try AlertRule(json: [
    "name": "high error rate", "metric": "error_rate", "comparison": ">", "threshold": 0.05,
    "for_seconds": .double(forSeconds), "cooldown_seconds": .double(cooldown), "severity": "critical",
  ])
}

/// Runs the evaluator over (time, value) observations, returning the events with their times.
func run(_ rule: AlertRule, _ observations: [(Double, Double?)]) throws -> [(Double, AlertEvent.Kind)] {
  var state: JSONValue = .null
  var events: [(Double, AlertEvent.Kind)] = []
  for (now, value) in observations {
    let metrics = value.map { ["error_rate": $0] } ?? [:]
    // Stored and read back between runs, as the lead's workflow does.
    let result = try AlertEvaluator.evaluate(rules: [rule], metrics: metrics, state: state, now: now)
    state = try JSONParser.parse(CanonicalJSON.bytes(result.state))
    events += result.events.map { (now, $0.kind) }
  }
  return events
}

@Test func alertFiresAfterItsDurationAndResolves() throws {
  let events = try run(
    errorRateRule(), [(0, 0.01), (30, 0.2), (60, 0.2), (90, 0.3), (120, 0.01), (150, 0.01)])
  // Pending from 30 s, firing once 60 s have passed (at 90 s), resolved at 120 s.
  #expect(events.map(\.0) == [90, 120])
  #expect(events.map(\.1) == [.firing, .resolved])
}

@Test func conditionThatStopsWhilePendingNeverFires() throws {
  #expect(try run(errorRateRule(), [(0, 0.2), (30, 0.2), (45, 0.01), (70, 0.2), (100, 0.2)]).isEmpty)
}

@Test func nothingIsRepeatedWithinTheCooldown() throws {
  let rule = try errorRateRule(forSeconds: 0, cooldown: 600)
  let events = try run(
    rule,
    [
      (0, 0.2),  // fires
      (60, 0.01),  // resolves
      (120, 0.2),  // fires again within the cooldown: silent
      (180, 0.01),  // its resolution is silent too
      (240, 0.2),  // silent again
      (700, 0.2),  // still firing after the cooldown: announced now
      (760, 0.01),  // resolved
    ])
  #expect(events.map(\.0) == [0, 60, 700, 760])
  #expect(events.map(\.1) == [.firing, .resolved, .firing, .resolved])
}

@Test func missingMetricsChangeNothing() throws {
  let events = try run(errorRateRule(forSeconds: 0), [(0, 0.2), (60, nil), (120, .nan), (180, 0.01)])
  #expect(events.map(\.0) == [0, 180])
}

@Test func eventsCarryTheirFileContent() throws {
  let rule = try errorRateRule(forSeconds: 0)
  let result = try AlertEvaluator.evaluate(
    rules: [rule], metrics: ["error_rate": 0.25], state: [:], now: 1_700_000_000)
  let event = try #require(result.events.first)
  #expect(event.fileName == "alert-high_error_rate-1700000000.json")
  #expect(
    event.json["status"] == "firing" && event.json["severity"] == "critical" && event.json["value"] == 0.25)
  #expect(AlertEvaluator.statuses(in: result.state) == ["high error rate": .firing])
  let resolved = try AlertEvaluator.evaluate(
    rules: [rule], metrics: ["error_rate": 0.0], state: result.state, now: 1_700_000_300)
  #expect(resolved.events.first?.fileName == "alert-high_error_rate-1700000000.resolved.json")
}

@Test func rulesAreParsedStrictly() throws {
  let rules = try AlertRule.rules(json: [
    ["name": "a", "metric": "m", "comparison": "<=", "threshold": 1],
    ["name": "b", "metric": "m", "comparison": "!=", "threshold": 0, "severity": "info"],
  ])
  #expect(rules.map(\.comparison) == [.lessOrEqual, .notEqual] && rules[0].severity == "warning")
  #expect(try AlertRule(json: rules[1].json) == rules[1])
  #expect(throws: MonitorError.self) {
    try AlertRule(json: ["name": "a", "metric": "m", "comparison": "=>", "threshold": 1])
  }
  #expect(throws: MonitorError.self) {
    try AlertRule(json: ["name": "a", "metric": "m", "comparison": ">", "threshold": 1, "for": 5])
  }
  #expect(throws: MonitorError.self) {
    try AlertRule.rules(json: [
      ["name": "a", "metric": "m", "comparison": ">", "threshold": 1],
      ["name": "a", "metric": "n", "comparison": ">", "threshold": 2],
    ])
  }
  #expect(throws: MonitorError.self) {
    try AlertEvaluator.evaluate(rules: rules, metrics: [:], state: ["a": ["status": "exploded"]], now: 0)
  }
}
