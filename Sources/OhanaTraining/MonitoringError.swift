/// Why monitoring (feedback, alerts, approvals) could not do its work, in words that say what to do.
public enum MonitoringError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A feedback file cannot be used at all (its rows are never looked at).
  case unusableFeedback(reason: String)
  /// The `alerts:` rules of ohana.yaml are wrong.
  case invalidAlertRules(String)
  /// No pending approval has this id.
  case unknownApproval(String)
  /// A file in inbox/approvals/ is not an approval Ohana wrote.
  case invalidApproval(String)

  public var description: String {
    switch self {
    case .unusableFeedback(let reason): return reason
    case .invalidAlertRules(let reason): return "ohana.yaml: alerts: \(reason)"
    case .unknownApproval(let id):
      return
        "no pending approval \(id): see the files in outbox/approvals/ (decided ones are in outbox/approvals/done/)"
    case .invalidApproval(let reason): return reason
    }
  }
}
