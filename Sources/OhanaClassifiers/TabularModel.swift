import OhanaJSON
import OhanaLearn
import OhanaTabular

/// A trained tabular classifier as a portable artifact: the feature encoding, the model and
/// the tuned decision threshold. Loading it and predicting needs nothing else.
public struct TabularModel: Sendable, Equatable {
  /// The artifact format this code writes and reads.
  public static let format = "ohana.tabular-model/1"

  public var classifier: FittedClassifier
  public var encoder: FeatureEncoder
  /// Probability at or above which a row is predicted positive (tuned on validation folds).
  public var threshold: Double
  /// The schema version the model was trained on (its major is the model's feature schema).
  public var schemaVersion: String
  public var target: String
  /// The column copied onto predictions to identify rows, when the pipeline has one.
  public var idColumn: String?

  public var family: ClassifierFamily { classifier.family }

  public init(
    classifier: FittedClassifier, encoder: FeatureEncoder, threshold: Double, schemaVersion: String,
    target: String,
    idColumn: String?
  ) {
    self.classifier = classifier
    self.encoder = encoder
    self.threshold = threshold
    self.schemaVersion = schemaVersion
    self.target = target
    self.idColumn = idColumn
  }

  /// The probability of the positive class for every row of `table`.
  public func probabilities(_ table: CSVTable) -> [Double] {
    classifier.probabilities(encoder.matrix(table))
  }

  /// Importance per input column (matrix columns of one source column summed), normalized to
  /// sum to 1, largest first.
  public var importances: [(column: String, importance: Double)] {
    var sums: [String: Double] = [:]
    var total = 0.0
    // Summed in feature order, never in the dictionary's (which changes from run to run), so
    // that the shares are the same to the last bit every time.
    for (source, value) in zip(encoder.sourceColumns, classifier.featureImportances) where value.isFinite {
      sums[source, default: 0] += value
      total += value
    }
    return sums.map { ($0.key, total > 0 ? $0.value / total : 0) }
      .sorted { $0.importance != $1.importance ? $0.importance > $1.importance : $0.column < $1.column }
  }

  /// Canonical JSON bytes, stored in the content-addressed store.
  public func encoded() -> [UInt8] {
    var object: [String: JSONValue] = [
      "format": .string(Self.format), "family": .string(family.rawValue), "model": classifier.json,
      "encoder": encoder.json, "threshold": .double(threshold), "schema_version": .string(schemaVersion),
      "target": .string(target),
    ]
    if let idColumn { object["id_column"] = .string(idColumn) }
    return CanonicalJSON.bytes(.object(object))
  }

  /// Reads a model written by ``encoded()``.
  public init(decoding bytes: [UInt8]) throws(ClassifierError) {
    let json: JSONValue
    do { json = try JSONParser.parse(bytes) } catch { throw .invalidModel("not JSON: \(error)") }
    guard json["format"]?.stringValue == Self.format else {
      throw .invalidModel("expected format \(Self.format), found \(json["format"]?.stringValue ?? "none")")
    }
    guard let familyName = json["family"]?.stringValue, let family = ClassifierFamily(rawValue: familyName),
      let model = json["model"], let encoderJSON = json["encoder"],
      let threshold = json["threshold"]?.doubleValue,
      let schemaVersion = json["schema_version"]?.stringValue, let target = json["target"]?.stringValue
    else { throw .invalidModel("a required field is missing or of the wrong type") }
    do {
      classifier = try FittedClassifier(family: family, json: model)
      encoder = try FeatureEncoder(json: encoderJSON)
    } catch {
      throw .invalidModel("\(error)")
    }
    self.threshold = threshold
    self.schemaVersion = schemaVersion
    self.target = target
    idColumn = json["id_column"]?.stringValue
  }
}
