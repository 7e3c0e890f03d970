import OhanaGEDCOM
import OhanaJSON

/// A trained parent-prediction model as a portable value: its family, the feature schema it
/// reads, the settings it was trained with, the learned parameters and the calibration of its
/// scores. ``encoded()`` gives canonical JSON bytes (the same model always gives the same
/// bytes), ``init(decoding:)`` reads them back.
public struct ParentageModel: Sendable {
  /// The kind of model.
  public let family: ModelFamily
  /// The ``PairFeatures/schemaVersion`` the model was trained on.
  public let featureSchemaVersion: Int
  /// The settings of the training run.
  public let settings: TrainingSettings
  /// How scores become probabilities.
  public let calibration: Calibration
  let parameters: ModelParameters

  /// The format name written into the bytes.
  public static let format = "ohana-parentage-model"
  /// The version of the byte format.
  public static let formatVersion = 1

  init(parameters: ModelParameters, settings: TrainingSettings, calibration: Calibration) {
    family = parameters.family
    featureSchemaVersion = PairFeatures.schemaVersion
    self.settings = settings
    self.calibration = calibration
    self.parameters = parameters
  }

  /// The untrained baseline: the hand-written heuristic with its default calibration.
  public static func heuristic(settings: TrainingSettings = TrainingSettings()) -> ParentageModel {
    ParentageModel(parameters: .heuristic(.standard), settings: settings, calibration: Calibration(scale: 1, noneLogit: -2))
  }

  /// The model as one JSON value.
  public var json: JSONValue {
    [
      "format": .string(Self.format), "format_version": .integer(Self.formatVersion),
      "family": .string(family.rawValue), "feature_schema_version": .integer(featureSchemaVersion),
      "feature_names": .array(PairFeatures.featureNames.map { .string($0) }), "settings": settings.json,
      "calibration": calibration.json, "parameters": parameters.json,
    ]
  }

  /// Canonical JSON bytes of the model (deterministic).
  public func encoded() -> [UInt8] { CanonicalJSON.bytes(json) }

  /// Reads bytes written by ``encoded()``, refusing other formats, versions and feature schemas.
  public init(decoding bytes: [UInt8]) throws(ParentageError) {
    let json: JSONValue
    do {
      json = try JSONParser.parse(bytes)
    } catch {
      throw .invalidModel(error.description)
    }
    guard json["format"]?.stringValue == Self.format else { throw .invalidModel("not an \(Self.format) file") }
    guard json["format_version"]?.intValue == Int64(Self.formatVersion) else {
      throw .invalidModel("format version \(json["format_version"]?.intValue.map(String.init) ?? "?"), expected \(Self.formatVersion)")
    }
    guard let familyName = json["family"]?.stringValue, let family = ModelFamily(rawValue: familyName) else {
      throw .invalidModel("unknown model family")
    }
    guard let schema = json["feature_schema_version"]?.intValue, schema == Int64(PairFeatures.schemaVersion),
      json["feature_names"]?.arrayValue?.compactMap(\.stringValue) == PairFeatures.featureNames
    else {
      throw .invalidModel("trained on another feature schema than version \(PairFeatures.schemaVersion)")
    }
    guard let settingsJSON = json["settings"], let calibrationJSON = json["calibration"],
      let parametersJSON = json["parameters"]
    else { throw .invalidModel("settings, calibration or parameters missing") }
    let parameters = try ModelParameters(family: family, json: parametersJSON)
    try parameters.validate()
    self.family = family
    featureSchemaVersion = Int(schema)
    settings = try TrainingSettings(json: settingsJSON)
    calibration = try Calibration(json: calibrationJSON)
    self.parameters = parameters
  }

  /// The `topK` most likely parents' families of `person` in `graph`, best first.
  ///
  /// Prepares the whole graph (and, for GraphSAGE, embeds it) on every call; to rank many
  /// people, make one ``ParentRanker`` and ask it.
  public func rank(person: Int, in graph: FamilyGraph, topK: Int) -> [RankedCandidate] {
    ParentRanker(model: self, graph: PreparedGraph(graph, usesPlaces: settings.usePlaces, maximumCandidates: settings.maxCandidates))
      .rank(person: person, topK: topK)
  }
}
