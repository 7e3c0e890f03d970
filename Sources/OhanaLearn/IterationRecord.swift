import OhanaJSON

/// The losses after one training iteration (a Newton step, a boosting round or a forest tree).
public struct IterationRecord: Sendable, Equatable {
  /// The 1-based iteration number.
  public var iteration: Int
  /// The weighted mean log loss on the training rows (out-of-bag rows for random forests).
  public var trainingLoss: Double
  /// The mean log loss on the validation rows, when there are any.
  public var validationLoss: Double?
  /// The AUC on the validation rows, when there are any.
  public var validationMetric: Double?

  /// Creates a record.
  public init(
    iteration: Int, trainingLoss: Double, validationLoss: Double? = nil, validationMetric: Double? = nil
  ) {
    self.iteration = iteration
    self.trainingLoss = trainingLoss
    self.validationLoss = validationLoss
    self.validationMetric = validationMetric
  }

  /// The record as a JSON object; absent (or non-finite) values are `null`.
  public var json: JSONValue {
    func number(_ value: Double?) -> JSONValue {
      guard let value, value.isFinite else { return .null }
      return .double(value)
    }
    return [
      "iteration": .integer(iteration),
      "training_loss": number(trainingLoss),
      "validation_loss": number(validationLoss),
      "validation_auc": number(validationMetric),
    ]
  }
}
