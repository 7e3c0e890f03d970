import OhanaJSON
import OhanaLifecycle

/// A risky action waiting for a person, as the file `outbox/approvals/<id>.json`: what would be
/// done, why, the evidence, and when it was asked.
public struct ApprovalRequest: Sendable, Equatable {
  /// What approving does to the model version.
  public enum Action: String, Sendable, CaseIterable {
    /// Moves the version to production (after training, a canary, an experiment's winner).
    case promote
    /// Puts an earlier version back in production (an experiment's winner was the old one).
    case restore
    /// Deprecates the version (a failed canary, an experiment's loser).
    case retire
  }

  /// `<pipeline>-<action>-<version>-<occasion>`: the same action on the same version is asked
  /// once while the version stays where it is.
  public var id: String { "\(pipeline)-\(action.rawValue)-\(version)-\(occasion)" }
  /// The pipeline of the model.
  public var pipeline: String
  public var action: Action
  /// The model version acted on.
  public var version: String
  /// The stage the version was in when asked; the action only applies while it still is.
  public var fromStage: String
  /// How many stage changes the version had when asked: once it moves, the same action is a new
  /// request (a rejection holds only for the situation it was given in).
  public var occasion: Int
  /// Why Ohana asks, in words.
  public var why: String
  /// Numbers behind the request (metrics, test results, thresholds).
  public var evidence: JSONValue
  /// ISO 8601, when the request was made.
  public var createdAt: String

  /// A request; ``id`` follows from its fields.
  public init(
    pipeline: String, action: Action, version: String, fromStage: String, occasion: Int, why: String,
    evidence: JSONValue, createdAt: String
  ) {
    self.pipeline = pipeline
    self.action = action
    self.version = version
    self.fromStage = fromStage
    self.occasion = occasion
    self.why = why
    self.evidence = evidence
    self.createdAt = createdAt
  }

  /// The start of the ids of every request of this action on this version, whatever the occasion.
  var family: String { "\(pipeline)-\(action.rawValue)-\(version)-" }

  /// The stage approving moves the version to.
  public var targetStage: ModelStage { action == .retire ? .deprecated : .production }

  /// The action in words.
  public var what: String {
    switch action {
    case .promote: "promote \(pipeline) model \(version) from \(fromStage) to production"
    case .restore: "put \(pipeline) model \(version) (\(fromStage)) back in production"
    case .retire: "retire \(pipeline) model \(version): \(fromStage) → deprecated"
    }
  }

  /// The file's content.
  public var json: JSONValue {
    [
      "schema": "ohana.approval/1", "id": .string(id), "pipeline": .string(pipeline),
      "action": .string(action.rawValue),
      "version": .string(version), "from_stage": .string(fromStage), "occasion": .integer(occasion),
      "what": .string(what),
      "why": .string(why),
      "evidence": evidence, "created_at": .string(createdAt),
      "how": .string(
        "approve: move this file into inbox/approvals/ or run `ohana approve \(id)`; "
          + "reject: `ohana reject \(id) --reason TEXT`"),
    ]
  }

  /// Reads a request file back; throws when it is not one.
  public init(json: JSONValue) throws(MonitoringError) {
    guard json["schema"]?.stringValue == "ohana.approval/1" else {
      throw .invalidApproval("not an approval request written by Ohana (no schema ohana.approval/1)")
    }
    guard let pipeline = json["pipeline"]?.stringValue, let actionName = json["action"]?.stringValue,
      let action = Action(rawValue: actionName), let version = json["version"]?.stringValue,
      let fromStage = json["from_stage"]?.stringValue, let occasion = json["occasion"]?.intValue
    else {
      throw .invalidApproval(
        "the approval request lacks its pipeline, action, version, from_stage or occasion")
    }
    self.init(
      pipeline: pipeline, action: action, version: version, fromStage: fromStage, occasion: Int(occasion),
      why: json["why"]?.stringValue ?? "", evidence: json["evidence"] ?? .null,
      createdAt: json["created_at"]?.stringValue ?? "")
    if let written = json["id"]?.stringValue, written != id {
      throw .invalidApproval("the approval request's id \(written) does not match its action (\(id))")
    }
  }
}
