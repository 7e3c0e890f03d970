import OhanaJSON

/// A condition on a metric that raises an alert once it has held for a while.
public struct AlertRule: Sendable, Equatable {
  /// How the metric is compared with the threshold.
  public enum Comparison: String, Sendable, CaseIterable {
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
    case equal = "=="
    case notEqual = "!="

    /// Whether `value` compared with `threshold` holds.
    public func holds(_ value: Double, _ threshold: Double) -> Bool {
      switch self {
      case .greater: value > threshold
      case .greaterOrEqual: value >= threshold
      case .less: value < threshold
      case .lessOrEqual: value <= threshold
      case .equal: value == threshold
      case .notEqual: value != threshold
      }
    }
  }

  /// A unique name; it names the alert files.
  public var name: String
  /// The metric's name in the metrics given to the evaluator.
  public var metric: String
  /// How the metric is compared with the threshold.
  public var comparison: Comparison
  /// The value the metric is compared with.
  public var threshold: Double
  /// How long the condition must hold before the alert fires (0: at once).
  public var forSeconds: Double
  /// After a firing is announced, no other firing of this rule is announced for this long.
  public var cooldownSeconds: Double
  /// Free text such as "warning" or "critical".
  public var severity: String

  /// A rule, checked: a name and metric, a finite threshold, durations of at least 0.
  public init(
    name: String, metric: String, comparison: Comparison, threshold: Double, forSeconds: Double = 0,
    cooldownSeconds: Double = 0, severity: String = "warning"
  ) throws(MonitorError) {
    guard !name.isEmpty else { throw MonitorError("an alert rule needs a name") }
    guard !metric.isEmpty else { throw MonitorError("alert rule \(name) needs a metric") }
    guard threshold.isFinite else { throw MonitorError("alert rule \(name) needs a finite threshold") }
    guard forSeconds >= 0, cooldownSeconds >= 0 else {
      throw MonitorError("alert rule \(name): for_seconds and cooldown_seconds cannot be negative")
    }
    self.name = name
    self.metric = metric
    self.comparison = comparison
    self.threshold = threshold
    self.forSeconds = forSeconds
    self.cooldownSeconds = cooldownSeconds
    self.severity = severity
  }

  /// A rule from JSON: `name`, `metric`, `comparison` (one of > >= < <= == !=), `threshold`,
  /// and optionally `for_seconds` (0), `cooldown_seconds` (0) and `severity` ("warning").
  public init(json: JSONValue) throws(MonitorError) {
    guard let object = json.objectValue else { throw MonitorError("an alert rule must be a JSON object") }
    let name = object["name"]?.stringValue ?? ""
    let known: Set<String> = [
      "name", "metric", "comparison", "threshold", "for_seconds", "cooldown_seconds", "severity",
    ]
    if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
      throw MonitorError(
        "alert rule \(name): unknown key \(unknown); known keys are \(known.sorted().joined(separator: ", "))"
      )
    }
    guard let metric = object["metric"]?.stringValue else {
      throw MonitorError("alert rule \(name) needs a metric name")
    }
    let symbol = object["comparison"]?.stringValue ?? ""
    guard let comparison = Comparison(rawValue: symbol) else {
      let choices = Comparison.allCases.map(\.rawValue).joined(separator: " ")
      throw MonitorError("alert rule \(name): comparison \"\(symbol)\" is not one of \(choices)")
    }
    guard let threshold = object["threshold"]?.doubleValue else {
      throw MonitorError("alert rule \(name) needs a numeric threshold")
    }
    func seconds(_ key: String) throws(MonitorError) -> Double {
      guard let value = object[key] else { return 0 }
      guard let number = value.doubleValue else {
        throw MonitorError("alert rule \(name): \(key) must be a number of seconds")
      }
      return number
    }
    let severity = object["severity"].map { $0.stringValue } ?? "warning"
    guard let severity else { throw MonitorError("alert rule \(name): severity must be text") }
    try self.init(
      name: name, metric: metric, comparison: comparison, threshold: threshold,
      forSeconds: try seconds("for_seconds"),
      cooldownSeconds: try seconds("cooldown_seconds"), severity: severity)
  }

  /// A list of rules from a JSON array; names must be unique.
  public static func rules(json: JSONValue) throws(MonitorError) -> [AlertRule] {
    guard let items = json.arrayValue else {
      throw MonitorError("alert rules must be a JSON array of rule objects")
    }
    var rules: [AlertRule] = []
    for item in items { rules.append(try AlertRule(json: item)) }
    var seen = Set<String>()
    for rule in rules where !seen.insert(rule.name).inserted {
      throw MonitorError("two alert rules are named \(rule.name); names must be unique")
    }
    return rules
  }

  /// The rule as JSON (the form ``init(json:)`` reads).
  public var json: JSONValue {
    [
      "name": .string(name), "metric": .string(metric), "comparison": .string(comparison.rawValue),
      "threshold": .double(threshold), "for_seconds": .double(forSeconds),
      "cooldown_seconds": .double(cooldownSeconds),
      "severity": .string(severity),
    ]
  }
}
