import OhanaJSON

/// One round of cross-graph evaluation: models trained on some graphs, tested on the masked
/// links of another they never saw.
public struct CrossGraphEvaluation: Sendable, Equatable {
  /// The graph tested on.
  public var heldOut: String
  /// The graphs trained on.
  public var trainedOn: [String]
  /// The test metrics of each model family.
  public var metrics: [ModelFamily: EvaluationMetrics]

  /// One round's result.
  public init(heldOut: String, trainedOn: [String], metrics: [ModelFamily: EvaluationMetrics]) {
    self.heldOut = heldOut
    self.trainedOn = trainedOn
    self.metrics = metrics
  }

  /// `{"held_out": …, "trained_on": […], "metrics": {family: metrics}}`.
  public var json: JSONValue {
    var families: [String: JSONValue] = [:]
    for (family, value) in metrics { families[family.rawValue] = value.json }
    return [
      "held_out": .string(heldOut), "trained_on": .array(trainedOn.map { .string($0) }),
      "metrics": .object(families),
    ]
  }
}
