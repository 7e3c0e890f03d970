import OhanaJSON

/// `registry/channels/<pipeline>.json`: which model version serves in each stage.
///
/// One small file per pipeline, rewritten under the registry lock, so concurrent promotions
/// serialize and a crash leaves either the old file or the new one.
public struct Channel: Sendable, Equatable {
  public var pipeline: String
  /// The version serving predictions, if any.
  public var production: SemanticVersion?
  /// A version serving a share of the traffic beside production.
  public var canary: (version: SemanticVersion, traffic: Double)?
  /// Versions waiting in staging, oldest first.
  public var staging: [SemanticVersion]
  /// Earlier production versions, most recent last: where `rollback` goes.
  public var previousProduction: [SemanticVersion]

  public init(pipeline: String) {
    self.pipeline = pipeline
    production = nil
    canary = nil
    staging = []
    previousProduction = []
  }

  public static func == (lhs: Channel, rhs: Channel) -> Bool { lhs.json == rhs.json }

  /// The canonical JSON form.
  public var json: JSONValue {
    [
      "schema": "ohana.channel/1", "pipeline": .string(pipeline),
      "production": .nullable(production?.description),
      "canary": canary.map { ["version": .string($0.version.description), "traffic": .double($0.traffic)] } ?? .null,
      "staging": .array(staging.map { .string($0.description) }),
      "previous_production": .array(previousProduction.map { .string($0.description) }),
    ]
  }

  /// Reads the JSON form; `path` names the file in errors.
  public init(json: JSONValue, path: String) throws(LifecycleError) {
    func version(_ value: JSONValue?) throws(LifecycleError) -> SemanticVersion? {
      guard let value, value != .null else { return nil }
      guard let text = value.stringValue, let parsed = SemanticVersion(text) else {
        throw .corrupt(path: path, reason: "\(value) is not a version")
      }
      return parsed
    }
    func versions(_ value: JSONValue?) throws(LifecycleError) -> [SemanticVersion] {
      var result: [SemanticVersion] = []
      for item in value?.arrayValue ?? [] {
        if let parsed = try version(item) { result.append(parsed) }
      }
      return result
    }
    guard let pipeline = json["pipeline"]?.stringValue else { throw .corrupt(path: path, reason: "no pipeline") }
    self.init(pipeline: pipeline)
    production = try version(json["production"])
    if let canaryVersion = try version(json["canary"]?["version"]) {
      canary = (canaryVersion, json["canary"]?["traffic"]?.doubleValue ?? 0)
    }
    staging = try versions(json["staging"])
    previousProduction = try versions(json["previous_production"])
  }
}
