import OhanaJSON
import OhanaLearn

/// The metrics of a binary classifier on labelled rows, at a decision threshold.
public struct ClassifierMetrics: Sendable, Equatable {
  public var auc: Double
  public var f1: Double
  public var accuracy: Double
  public var precision: Double
  public var recall: Double
  public var logLoss: Double
  public var brier: Double
  /// Probability at or above which a row is predicted positive.
  public var threshold: Double
  public var confusion: ConfusionMatrix

  /// The metric names a pipeline can select and gate on (`log_loss` and `brier` smaller-better).
  public static let names = ["f1", "auc", "accuracy", "precision", "recall", "log_loss", "brier"]

  /// Computes every metric of `probabilities` against `labels` at `threshold`.
  public init(probabilities: [Double], labels: [Bool], threshold: Double) {
    confusion = ConfusionMatrix(probabilities: probabilities, labels: labels, threshold: threshold)
    auc = Metrics.auc(scores: probabilities, labels: labels)
    f1 = confusion.f1
    accuracy = confusion.accuracy
    precision = confusion.precision
    recall = confusion.recall
    logLoss = Metrics.logLoss(probabilities: probabilities, labels: labels)
    brier = Metrics.brier(probabilities: probabilities, labels: labels)
    self.threshold = threshold
  }

  /// The value of the metric called `name` (one of ``names``).
  public func score(of name: String) -> Double? {
    switch name {
    case "f1": f1
    case "auc": auc
    case "accuracy": accuracy
    case "precision": precision
    case "recall": recall
    case "log_loss": logLoss
    case "brier": brier
    default: nil
    }
  }

  /// Every metric by name, for the promotion gate.
  public var scores: [String: Double] {
    Self.names.reduce(into: [:]) { result, name in result[name] = score(of: name) }
  }

  /// The metrics, the threshold and the confusion matrix as JSON.
  public var json: JSONValue {
    var object = scores.mapValues { JSONValue.double($0) }
    object["threshold"] = .double(threshold)
    object["confusion_matrix"] = [
      "true_positives": .integer(confusion.truePositives), "false_positives": .integer(confusion.falsePositives),
      "true_negatives": .integer(confusion.trueNegatives), "false_negatives": .integer(confusion.falseNegatives),
    ]
    return .object(object)
  }
}
