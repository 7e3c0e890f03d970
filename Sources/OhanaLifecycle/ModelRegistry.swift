import OhanaFiles
import OhanaJSON
import OhanaStore

/// The model side of `registry/`: runs, semver model versions with their stage history, and
/// the channel file of each pipeline.
///
/// Layout: `runs/<pipeline>/<run-id>.json`, `models/<pipeline>/<version>.json`,
/// `channels/<pipeline>.json`. Every change is made under the registry lock and recorded in
/// the audit log, so concurrent promotions cannot corrupt a channel and history is kept.
public struct ModelRegistry: Sendable {
  public let registry: Registry

  public init(registry: Registry) { self.registry = registry }

  static func runPath(_ pipeline: String, _ runID: String) -> String { "runs/\(pipeline)/\(runID).json" }
  static func modelPath(_ pipeline: String, _ version: SemanticVersion) -> String {
    "models/\(pipeline)/\(version).json"
  }
  static func channelPath(_ pipeline: String) -> String { "channels/\(pipeline).json" }

  // MARK: - Reading

  /// The run record `runID`, if it exists.
  public func run(_ pipeline: String, _ runID: String) throws -> JSONValue? {
    try registry.manifest(Self.runPath(pipeline, runID))
  }

  /// Every run of the pipeline.
  public func runs(_ pipeline: String) throws -> [JSONValue] {
    try registry.manifests(under: "runs/\(pipeline)").compactMap { try registry.manifest($0) }
  }

  /// Every model version of the pipeline, ascending.
  public func versions(_ pipeline: String) throws -> [SemanticVersion] {
    try registry.manifests(under: "models/\(pipeline)").compactMap { path in
      SemanticVersion(String(path.split(separator: "/").last?.dropLast(5) ?? ""))
    }.sorted()
  }

  /// The manifest of one model version.
  public func model(_ pipeline: String, _ version: SemanticVersion) throws -> JSONValue? {
    try registry.manifest(Self.modelPath(pipeline, version))
  }

  /// The pipeline's channel (empty when nothing was registered yet).
  public func channel(_ pipeline: String) throws -> Channel {
    let path = Self.channelPath(pipeline)
    guard let json = try registry.manifest(path) else { return Channel(pipeline: pipeline) }
    return try Channel(json: json, path: path)
  }

  /// The version a new model gets: major when the feature schema changed, minor when the
  /// datasets changed, patch when only the parameters did.
  public static func nextVersion(after latest: JSONValue?, schema: Int, datasets: [String]) -> SemanticVersion {
    guard let latest, let version = latest["version"]?.stringValue.flatMap(SemanticVersion.init) else {
      return SemanticVersion(1, 0, 0)
    }
    if latest["feature_schema_version"]?.intValue != Int64(schema) { return version.nextMajor }
    let previous = latest["datasets"]?.arrayValue?.compactMap(\.stringValue) ?? []
    return previous.sorted() == datasets.sorted() ? version.nextPatch : version.nextMinor
  }

  // MARK: - Writing

  /// Records a run (idempotent: an identical record is not rewritten).
  public func recordRun(_ pipeline: String, _ runID: String, _ record: JSONValue) throws {
    try registry.withLock {
      if try registry.write(record, to: Self.runPath(pipeline, runID)) {
        try registry.audit.append(action: "run.recorded", subject: runID, details: ["pipeline": .string(pipeline)])
      }
    }
  }

  /// Registers a trained model in staging, unless a version with the same artifact exists;
  /// returns its version. `manifest` gets `version`, `stage` and `stage_history` added.
  public func register(
    _ pipeline: String, manifest: JSONValue, artifact: String, schema: Int, datasets: [String], time: String
  ) throws -> (version: SemanticVersion, isNew: Bool) {
    try registry.withLock {
      let existing = try versions(pipeline)
      for version in existing.reversed() {
        guard let found = try model(pipeline, version), found["artifact"]?["sha256"]?.stringValue == artifact else {
          continue
        }
        // A run killed after the model file was written: finish what registering does after it.
        var channel = try self.channel(pipeline)
        if found["stage"]?.stringValue == ModelStage.staging.rawValue, !channel.staging.contains(version) {
          channel.staging.append(version)
          try registry.write(channel.json, to: Self.channelPath(pipeline))
        }
        let details: JSONValue = ["artifact": .string(artifact), "stage": "staging"]
        if try !registry.audit.contains(subject: "\(pipeline)@\(version)", details: details) {
          try registry.audit.append(action: "model.registered", subject: "\(pipeline)@\(version)", details: details)
        }
        return (version, false)
      }
      let latest = try existing.last.flatMap { try model(pipeline, $0) }
      let version = Self.nextVersion(after: latest, schema: schema, datasets: datasets)
      var fields = manifest.objectValue ?? [:]
      fields["schema"] = "ohana.model/1"
      fields["pipeline"] = .string(pipeline)
      fields["version"] = .string(version.description)
      fields["feature_schema_version"] = .integer(schema)
      fields["datasets"] = .array(datasets.sorted().map { .string($0) })
      fields["stage"] = .string(ModelStage.staging.rawValue)
      fields["stage_history"] = [["stage": "staging", "time": .string(time), "reason": "trained"]]
      try registry.write(.object(fields), to: Self.modelPath(pipeline, version))
      var channel = try self.channel(pipeline)
      channel.staging.append(version)
      try registry.write(channel.json, to: Self.channelPath(pipeline))
      try registry.audit.append(
        action: "model.registered", subject: "\(pipeline)@\(version)",
        details: ["artifact": .string(artifact), "stage": "staging"])
      return (version, true)
    }
  }

  /// Moves `version` to `stage`, updating the channel and both models' histories. Promoting to
  /// production deprecates the current production version and remembers it for rollback.
  @discardableResult
  public func move(
    _ pipeline: String, _ version: SemanticVersion, to stage: ModelStage, reason: String, time: String,
    traffic: Double = 0.1
  ) throws -> Channel {
    try registry.withLock { try moveLocked(pipeline, version, to: stage, reason: reason, time: time, traffic: traffic) }
  }

  /// Puts the previous production version back and deprecates the current one.
  @discardableResult
  public func rollback(_ pipeline: String, reason: String, time: String) throws -> (from: SemanticVersion?, to: SemanticVersion) {
    try registry.withLock {
      var channel = try self.channel(pipeline)
      while let candidate = channel.previousProduction.popLast() {
        guard let manifest = try model(pipeline, candidate),
          manifest["stage"]?.stringValue != ModelStage.archived.rawValue
        else { continue }
        let current = channel.production
        try registry.write(channel.json, to: Self.channelPath(pipeline))
        _ = try moveLocked(pipeline, candidate, to: .production, reason: reason, time: time, traffic: 0, remember: false)
        return (current, candidate)
      }
      throw LifecycleError.noPreviousProduction(pipeline: pipeline)
    }
  }

  private func moveLocked(
    _ pipeline: String, _ version: SemanticVersion, to stage: ModelStage, reason: String, time: String,
    traffic: Double, remember: Bool = true
  ) throws -> Channel {
    guard let manifest = try model(pipeline, version) else {
      throw LifecycleError.unknownVersion(pipeline: pipeline, version: version.description)
    }
    let from = ModelStage(rawValue: manifest["stage"]?.stringValue ?? "") ?? .staging
    if from == stage { return try channel(pipeline) }
    guard from != .archived else { throw LifecycleError.invalidTransition(version: version.description, from: from, to: stage) }
    // A model whose validation gate failed stays out of canary and production.
    if stage == .canary || stage == .production, manifest["validation_gate"]?["passed"]?.boolValue == false {
      throw LifecycleError.validationGateFailed(
        version: version.description,
        reasons: manifest["validation_gate"]?["reasons"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
    var channel = try self.channel(pipeline)
    channel.staging.removeAll { $0 == version }
    if channel.canary?.version == version { channel.canary = nil }
    if channel.production == version { channel.production = nil }
    switch stage {
    case .production:
      if let current = channel.production ?? nil, current != version {
        try setStage(pipeline, current, .deprecated, reason: "replaced by \(version)", time: time)
        if remember { channel.previousProduction.append(current) }
      }
      channel.previousProduction.removeAll { $0 == version }
      channel.production = version
    case .canary:
      if let old = channel.canary?.version, old != version {
        try setStage(pipeline, old, .staging, reason: "canary replaced by \(version)", time: time)
        channel.staging.append(old)
      }
      channel.canary = (version, traffic)
    case .staging: channel.staging.append(version)
    case .deprecated, .archived:
      if stage == .archived { channel.previousProduction.removeAll { $0 == version } }
    }
    try setStage(pipeline, version, stage, reason: reason, time: time)
    try registry.write(channel.json, to: Self.channelPath(pipeline))
    return channel
  }

  /// Rewrites a model's stage and appends to its history, with an audit record.
  private func setStage(_ pipeline: String, _ version: SemanticVersion, _ stage: ModelStage, reason: String, time: String)
    throws
  {
    guard var fields = try model(pipeline, version)?.objectValue else {
      throw LifecycleError.unknownVersion(pipeline: pipeline, version: version.description)
    }
    let from = fields["stage"]?.stringValue ?? "staging"
    fields["stage"] = .string(stage.rawValue)
    var history = fields["stage_history"]?.arrayValue ?? []
    history.append(["stage": .string(stage.rawValue), "time": .string(time), "reason": .string(reason)])
    fields["stage_history"] = .array(history)
    try registry.write(.object(fields), to: Self.modelPath(pipeline, version))
    try registry.audit.append(
      action: "model.stage", subject: "\(pipeline)@\(version)",
      details: ["from": .string(from), "to": .string(stage.rawValue), "reason": .string(reason)])
  }
}
