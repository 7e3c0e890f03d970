import OhanaJSON

/// An alert starting or ending, to be written as a file.
public struct AlertEvent: Sendable, Equatable {
  /// Whether the alert starts or ends.
  public enum Kind: String, Sendable {
    case firing
    case resolved
  }

  /// Firing or resolved.
  public var kind: Kind
  /// The rule that fired or resolved.
  public var rule: AlertRule
  /// When the evaluation that produced the event ran.
  public var at: Double
  /// When the condition started to hold.
  public var activeSince: Double
  /// When the firing this event belongs to was announced.
  public var firedAt: Double
  /// The metric's value at `at`.
  public var value: Double

  /// A file name for the event: the rule name (letters, digits, `-`, `_` kept) and the firing
  /// time, so a resolution sorts beside its alert (`….json`, `….resolved.json`).
  public var fileName: String {
    let safe = String(
      rule.name.unicodeScalars.map { scalar -> Character in
        scalar.isASCII
          && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-"
            || scalar == "_")
          ? Character(scalar) : "_"
      })
    let stamp = String(Int64(firedAt.rounded(.down)))
    return "alert-\(safe)-\(stamp)" + (kind == .resolved ? ".resolved.json" : ".json")
  }

  /// The event as JSON, the content of its file.
  public var json: JSONValue {
    [
      "alert": .string(rule.name), "status": .string(kind.rawValue), "severity": .string(rule.severity),
      "metric": .string(rule.metric), "comparison": .string(rule.comparison.rawValue),
      "threshold": .double(rule.threshold), "value": .double(value), "at": .double(at),
      "active_since": .double(activeSince), "fired_at": .double(firedAt),
    ]
  }
}
