import OhanaJSON

/// Evaluates alert rules against current metric values, one evaluation per run, with the rules'
/// state carried between runs as JSON (the caller stores it).
///
/// Each rule moves inactive → pending (condition true, `for_seconds` not yet elapsed) →
/// firing → inactive again when the condition stops holding. Becoming firing is announced by a
/// `firing` event unless a firing was announced less than `cooldown_seconds` before; then it
/// stays silent, and is announced once the cooldown has passed if it is still firing. Leaving
/// an announced firing produces a `resolved` event; leaving a silent one produces nothing. A
/// metric that is absent or NaN leaves its rule's state as it was: no data is not a recovery.
/// State of rules no longer configured is dropped.
public enum AlertEvaluator {
  /// Where a rule stands.
  public enum Status: String, Sendable {
    case inactive
    case pending
    case firing
  }

  /// One rule's stored state.
  struct RuleState: Equatable {
    var status: Status = .inactive
    /// When the condition started to hold (pending and firing).
    var activeSince: Double?
    /// Whether the current firing was announced.
    var announced = false
    /// When the current firing was announced, and when any firing last was.
    var firedAt: Double?
    var lastAnnouncedAt: Double?

    init() {}

    init(json: JSONValue, rule: String) throws(MonitorError) {
      guard let object = json.objectValue, let status = object["status"]?.stringValue.flatMap(Status.init)
      else {
        throw MonitorError(
          "the stored state of alert \(rule) is damaged (no valid status); delete it to start afresh")
      }
      self.status = status
      activeSince = object["active_since"]?.doubleValue
      announced = object["announced"]?.boolValue ?? false
      firedAt = object["fired_at"]?.doubleValue
      lastAnnouncedAt = object["last_announced_at"]?.doubleValue
      if status != .inactive && activeSince == nil {
        throw MonitorError(
          "the stored state of alert \(rule) is \(status.rawValue) without active_since; delete it")
      }
    }

    var json: JSONValue {
      var object: [String: JSONValue] = ["status": .string(status.rawValue), "announced": .bool(announced)]
      if let activeSince { object["active_since"] = .double(activeSince) }
      if let firedAt { object["fired_at"] = .double(firedAt) }
      if let lastAnnouncedAt { object["last_announced_at"] = .double(lastAnnouncedAt) }
      return .object(object)
    }
  }

  /// The new state and the events to write, for `metrics` observed at time `now` (seconds).
  ///
  /// `state` is the previous call's state, or `.null` / `{}` at first.
  public static func evaluate(rules: [AlertRule], metrics: [String: Double], state: JSONValue, now: Double)
    throws(MonitorError) -> (state: JSONValue, events: [AlertEvent])
  {
    guard now.isFinite else {
      throw MonitorError("the evaluation time must be a finite number of seconds, not \(now)")
    }
    guard state == .null || state.objectValue != nil else {
      throw MonitorError("alert state must be a JSON object keyed by rule name")
    }
    var next: [String: JSONValue] = [:]
    var events: [AlertEvent] = []
    for rule in rules {
      var ruleState = RuleState()
      if let stored = state[rule.name] { ruleState = try RuleState(json: stored, rule: rule.name) }
      if let value = metrics[rule.metric], !value.isNaN {
        if let event = step(
          &ruleState, rule: rule, holds: rule.comparison.holds(value, rule.threshold), value: value, now: now)
        {
          events.append(event)
        }
      }
      next[rule.name] = ruleState.json
    }
    return (.object(next), events)
  }

  /// Each rule's status in a stored state (for metrics and status pages); damaged entries are
  /// left out.
  public static func statuses(in state: JSONValue) -> [String: Status] {
    var statuses: [String: Status] = [:]
    for (name, entry) in state.objectValue ?? [:] {
      if let status = try? RuleState(json: entry, rule: name).status { statuses[name] = status }
    }
    return statuses
  }

  /// Advances one rule; returns the event to announce, if any.
  private static func step(_ state: inout RuleState, rule: AlertRule, holds: Bool, value: Double, now: Double)
    -> AlertEvent?
  {
    guard holds else {
      defer { state = RuleState(lastAnnouncedAt: state.lastAnnouncedAt) }
      guard state.status == .firing, state.announced, let since = state.activeSince,
        let firedAt = state.firedAt
      else {
        return nil
      }
      return AlertEvent(
        kind: .resolved, rule: rule, at: now, activeSince: since, firedAt: firedAt, value: value)
    }
    let since = state.activeSince ?? now
    state.activeSince = since
    if state.status == .inactive { state.status = .pending }
    if state.status == .pending && now - since >= rule.forSeconds { state.status = .firing }
    guard state.status == .firing, !state.announced else { return nil }
    if let last = state.lastAnnouncedAt, now - last < rule.cooldownSeconds { return nil }
    state.announced = true
    state.firedAt = now
    state.lastAnnouncedAt = now
    return AlertEvent(kind: .firing, rule: rule, at: now, activeSince: since, firedAt: now, value: value)
  }
}

extension AlertEvaluator.RuleState {
  fileprivate init(lastAnnouncedAt: Double?) {
    self.init()
    self.lastAnnouncedAt = lastAnnouncedAt
  }
}
