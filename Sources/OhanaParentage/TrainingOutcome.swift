import OhanaJSON
import OhanaLearn

/// What a training run produced: per model family the trained model, its learning history,
/// its evaluation on the masked links (pooled and per graph) and its training time; and the
/// best family by the configured metric.
public struct TrainingOutcome: Sendable {
  /// One model family's result.
  public struct FamilyResult: Sendable {
    /// The model, trained on the unmasked links of all graphs.
    public var model: ParentageModel
    /// One record per iteration or epoch: training loss and, where the family has them,
    /// validation loss and a validation metric (pair AUC for logistic regression and boosted
    /// trees, MRR for GraphSAGE). The heuristic, which learns nothing, has a single record.
    public var history: [IterationRecord]
    /// Metrics over the masked people of all graphs together.
    public var metrics: EvaluationMetrics
    /// Metrics per graph name.
    public var metricsByGraph: [String: EvaluationMetrics]
    /// Wall-clock seconds spent fitting and calibrating (evaluation is shared, see
    /// ``TrainingOutcome/evaluationSeconds``).
    public var durationSeconds: Double
  }

  /// The settings of the run.
  public var settings: TrainingSettings
  /// The names of the graphs, in the order given.
  public var graphNames: [String]
  /// The result of each trained family.
  public var results: [ModelFamily: FamilyResult]
  /// The family with the best value of ``TrainingSettings/metric``.
  public var best: ModelFamily
  /// People the learned models were fitted on.
  public var trainingPeople: Int
  /// Pairs (true families and sampled other candidates) of those people.
  public var trainingPairs: Int
  /// People held out for validation and calibration.
  public var validationPeople: Int
  /// People whose parent links were masked for evaluation.
  public var maskedPeople: Int
  /// Wall-clock seconds of the evaluation pass (all families together).
  public var evaluationSeconds: Double
  /// Wall-clock seconds of the whole run.
  public var durationSeconds: Double

  /// The best family's model.
  public var bestModel: ParentageModel { results[best]!.model }

  /// A summary for the run file: settings, data sizes, and per family its metrics (overall and
  /// per graph), duration and history.
  public var json: JSONValue {
    var families: [String: JSONValue] = [:]
    for (family, result) in results {
      var perGraph: [String: JSONValue] = [:]
      for (name, metrics) in result.metricsByGraph { perGraph[name] = metrics.json }
      families[family.rawValue] = [
        "metrics": result.metrics.json, "metrics_by_graph": .object(perGraph),
        "duration_seconds": .double(result.durationSeconds), "history": .array(result.history.map(\.json)),
        "calibration": result.model.calibration.json,
      ]
    }
    return [
      "settings": settings.json, "graphs": .array(graphNames.map { .string($0) }), "best": .string(best.rawValue),
      "metric": .string(settings.metric), "feature_schema_version": .integer(PairFeatures.schemaVersion),
      "training_people": .integer(trainingPeople), "training_pairs": .integer(trainingPairs),
      "validation_people": .integer(validationPeople), "masked_people": .integer(maskedPeople),
      "duration_seconds": .double(durationSeconds), "evaluation_seconds": .double(evaluationSeconds),
      "families": .object(families),
    ]
  }
}
