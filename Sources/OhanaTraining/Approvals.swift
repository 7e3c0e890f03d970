import OhanaConfig
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Risky actions that wait for a person when the pipeline's `monitoring.approvals` says so.
///
/// A pending action is `outbox/approvals/<id>.json`. A person approves it by moving the file into
/// `inbox/approvals/` (tick and watch take it) or with `ohana approve ID`, and rejects it with
/// `ohana reject ID`. The decision is carried out once, audited, and recorded with its result in
/// `outbox/approvals/done/<id>.json`; the pending file goes last, so a run killed half way is
/// finished by the next one. An action whose version has meanwhile left the stage it was asked
/// from is not carried out, and the record says why.
public struct Approvals {
  public let workspace: Workspace
  let log: (String) -> Void

  /// Approvals of the tree `workspace`; `log` takes messages for people.
  public init(workspace: Workspace, log: @escaping (String) -> Void = { _ in }) {
    self.workspace = workspace
    self.log = log
  }

  /// What happened to an action.
  public enum Outcome: Sendable, Equatable {
    /// Done now, no approval needed; the sentence says what.
    case carriedOut(String)
    /// Not done: the version cannot take that stage (for example its validation gate failed).
    case refused(String)
    /// A new request was written, with this id.
    case requested(String)
    /// The request with this id is still waiting.
    case pending(String)
    /// A person decided the request earlier (`approved` or `rejected`), with the result.
    case decided(decision: String, result: String)

    /// Sets a report's `status` (and `approval` or `result`) from the outcome; returns the
    /// result when the action was decided.
    @discardableResult
    func describe(in report: inout [String: JSONValue]) -> String? {
      switch self {
      case .requested(let id), .pending(let id):
        report["status"] = "waiting for approval"
        report["approval"] = .string(id)
        return nil
      case .carriedOut(let result), .refused(let result), .decided(_, let result):
        report["status"] = "decided"
        report["result"] = .string(result)
        return result
      }
    }
  }

  var pendingFolder: String { Path.join(workspace.outbox, PipelineConfig.approvalsFolder) }
  var doneFolder: String { Path.join(pendingFolder, "done") }
  var inbox: InboxFolder {
    InboxFolder(workspace: workspace, label: PipelineConfig.approvalsFolder, pipeline: nil, log: log)
  }

  /// Promotes `version` to production now, or asks for approval when the pipeline's
  /// `monitoring.approvals.promotion` is set. For training workflows (both kinds of pipeline).
  public func promoteOrRequest(
    pipeline: PipelineConfig, version: SemanticVersion, reason: String, evidence: JSONValue = [:], now: Double
  ) throws -> Outcome {
    try act(.promote, pipeline: pipeline, version: version, reason: reason, evidence: evidence, now: now)
  }

  /// Carries out `action` on `version` now, or asks for approval when the pipeline requires it
  /// (`promotion` for promotions, `rollback` for restoring and retiring).
  func act(
    _ action: ApprovalRequest.Action, pipeline: PipelineConfig, version: SemanticVersion, reason: String,
    evidence: JSONValue, now: Double
  ) throws -> Outcome {
    let settings = pipeline.monitoring.approvals
    let needsApproval = action == .promote ? settings.promotion : settings.rollback
    let models = ModelRegistry(registry: workspace.registry)
    guard let manifest = try models.model(pipeline.name, version) else {
      throw LifecycleError.unknownVersion(pipeline: pipeline.name, version: version.description)
    }
    let request = ApprovalRequest(
      pipeline: pipeline.name, action: action, version: version.description,
      fromStage: manifest["stage"]?.stringValue ?? ModelStage.staging.rawValue,
      occasion: manifest["stage_history"]?.arrayValue?.count ?? 0, why: reason, evidence: evidence,
      createdAt: Timestamp.iso8601(now))
    if request.fromStage == request.targetStage.rawValue || !needsApproval {
      let (moved, sentence) = try carryOut(request, reason: reason, now: now)
      return moved || request.fromStage == request.targetStage.rawValue
        ? .carriedOut(sentence) : .refused(sentence)
    }
    if let done = try record(request.id) {
      return .decided(
        decision: done["decision"]?.stringValue ?? "", result: done["result"]?.stringValue ?? "")
    }
    let path = Path.join(pendingFolder, request.id + ".json")
    let waiting = try FileInfo.of(path) != nil
    if try waiting || locateInInbox(request.id) != nil { return .pending(request.id) }
    // Requests of the same action asked on an earlier occasion no longer apply.
    try remove(
      try pending().filter { $0.family == request.family }.map { Path.join(pendingFolder, $0.id + ".json") })
    try Directory.create(pendingFolder)
    try DurableFile.write(CanonicalJSON.bytes(request.json), to: path)
    log("approval needed: \(request.what) (\(path))")
    return .requested(request.id)
  }

  /// Requests waiting for a decision, by id.
  public func pending() throws -> [ApprovalRequest] {
    guard (try FileInfo.of(pendingFolder)) != nil else { return [] }
    return try Directory.entries(of: pendingFolder).sorted().compactMap { name in
      guard name.hasSuffix(".json"), !InboxNames.isIgnored(name) else { return nil }
      return try? ApprovalRequest(json: JSONParser.parse(DurableFile.read(Path.join(pendingFolder, name))))
    }
  }

  /// The decision record of `id`, if it was decided.
  func record(_ id: String) throws -> JSONValue? {
    let path = Path.join(doneFolder, id + ".json")
    guard (try FileInfo.of(path)) != nil else { return nil }
    return try JSONParser.parse(DurableFile.read(path))
  }

  /// Approves `id` (`by` names who or what: the command, the inbox); returns what happened.
  @discardableResult
  public func approve(id: String, by: String, now: Double) throws -> String {
    try decide(id: id, approved: true, reason: nil, by: by, now: now)
  }

  /// Rejects `id` with a reason; nothing is done to the model.
  @discardableResult
  public func reject(id: String, reason: String, by: String, now: Double) throws -> String {
    try decide(id: id, approved: false, reason: reason, by: by, now: now)
  }

  /// Approves every request moved into `inbox/approvals/`; files that are not requests go to
  /// `outbox/rejected/` beside their reason. Returns one line per decision.
  public func takeInbox(now: Double) throws -> [String] {
    var lines: [String] = []
    let folder = inbox
    for name in try folder.readyFiles() {
      let request: ApprovalRequest
      do {
        request = try ApprovalRequest(json: JSONParser.parse(DurableFile.read(Path.join(folder.path, name))))
      } catch let error as MonitoringError {
        try folder.refuse(name, reason: error.description)
        continue
      } catch {
        try folder.refuse(name, reason: "not an approval request (not JSON: \(error))")
        continue
      }
      lines.append(
        "approval \(request.id): "
          + (try decide(id: request.id, approved: true, reason: nil, by: "inbox/approvals", now: now)))
    }
    return lines
  }

  private func decide(id: String, approved: Bool, reason: String?, by: String, now: Double) throws -> String {
    let pendingPath = Path.join(pendingFolder, id + ".json")
    let inboxName = try locateInInbox(id)
    var sources: [String] = []
    if (try FileInfo.of(pendingPath)) != nil { sources.append(pendingPath) }
    if let inboxName { sources.append(Path.join(inbox.path, inboxName)) }
    if let done = try record(id) {
      // Decided already (perhaps by a run killed before it removed the request): finish.
      try remove(sources)
      return "already \(done["decision"]?.stringValue ?? "decided"): \(done["result"]?.stringValue ?? "")"
    }
    guard let source = sources.first else { throw MonitoringError.unknownApproval(id) }
    let request = try ApprovalRequest(json: JSONParser.parse(DurableFile.read(source)))
    let decision = approved ? "approved" : "rejected"
    let result =
      approved
      ? try carryOut(request, reason: "approved: \(request.why)", now: now).sentence
      : "not carried out: \(reason ?? "")"
    let details: JSONValue = [
      "pipeline": .string(request.pipeline), "action": .string(request.action.rawValue),
      "version": .string(request.version), "by": .string(by),
    ]
    let registry = workspace.registry
    try registry.withLock {
      if try !registry.audit.contains(subject: id, details: details) {
        try registry.audit.append(action: "approval.\(decision)", subject: id, details: details)
      }
    }
    var done = request.json.objectValue ?? [:]
    done["decision"] = .string(decision)
    done["decided_at"] = .string(Timestamp.iso8601(now))
    done["decided_by"] = .string(by)
    done["result"] = .string(result)
    if let reason { done["reason"] = .string(reason) }
    try Directory.create(doneFolder)
    try DurableFile.write(CanonicalJSON.bytes(.object(done)), to: Path.join(doneFolder, id + ".json"))
    try remove(sources)
    log("approval \(id) \(decision): \(result)")
    return "\(decision): \(result)"
  }

  /// Moves the version as the request says, if it is still where it was when asked; returns
  /// whether it moved and what happened.
  private func carryOut(_ request: ApprovalRequest, reason: String, now: Double) throws
    -> (moved: Bool, sentence: String)
  {
    let models = ModelRegistry(registry: workspace.registry)
    guard let version = SemanticVersion(request.version),
      let manifest = try models.model(request.pipeline, version)
    else { return (false, "not carried out: \(request.pipeline) has no model \(request.version)") }
    let target = request.targetStage
    let stage = manifest["stage"]?.stringValue ?? ""
    if stage == target.rawValue { return (false, "\(request.pipeline) \(version) is \(target.rawValue)") }
    guard stage == request.fromStage else {
      return (
        false,
        "not carried out: \(request.pipeline) \(version) is \(stage) now, no longer \(request.fromStage)"
      )
    }
    do {
      try models.move(request.pipeline, version, to: target, reason: reason, time: Timestamp.iso8601(now))
    } catch let error as LifecycleError {
      return (false, "not carried out: \(error)")
    }
    return (true, "\(request.pipeline) \(version) moved from \(stage) to \(target.rawValue)")
  }

  /// The name in `inbox/approvals/` of the request `id`, if a person moved it there.
  private func locateInInbox(_ id: String) throws -> String? {
    let folder = inbox
    guard (try FileInfo.of(folder.path)) != nil else { return nil }
    if (try FileInfo.of(Path.join(folder.path, id + ".json"))) != nil { return id + ".json" }
    for name in try folder.readyFiles() {
      if let json = try? JSONParser.parse(DurableFile.read(Path.join(folder.path, name))),
        (try? ApprovalRequest(json: json))?.id == id
      {
        return name
      }
    }
    return nil
  }

  private func remove(_ paths: [String]) throws {
    for path in paths {
      guard unlink(path) == 0 || errno == ENOENT else { throw FileSystemError("unlink", path: path) }
      try Directory.sync(Path.parent(of: path))
    }
  }
}
