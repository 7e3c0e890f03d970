import OhanaJSON
import OhanaLearn

/// One prediction whose outcome came back: when, the predicted probability, the true label.
public struct FeedbackRecord: Sendable, Equatable {
  /// Seconds since the epoch (or any fixed origin).
  public var time: Double
  /// The predicted probability of the positive class.
  public var probability: Double
  /// Whether the outcome was positive.
  public var label: Bool

  /// A feedback record.
  public init(time: Double, probability: Double, label: Bool) {
    self.time = time
    self.probability = probability
    self.label = label
  }
}

/// A quality metric of a binary classifier measured from feedback.
public enum PerformanceMetric: String, Sendable, CaseIterable {
  case accuracy
  case f1
  case auc
  /// Mean squared error of the probabilities.
  case brier
  /// Expected calibration error over 10 equal-width probability bins.
  case calibrationError = "ece"

  /// Whether larger values are better (accuracy, F1, AUC) or worse (Brier, ECE).
  public var higherIsBetter: Bool { self == .accuracy || self == .f1 || self == .auc }
}

/// How a metric of a window compares with the model's validation value.
public struct PerformanceDegradation: Sendable, Equatable {
  /// The metric compared.
  public var metric: PerformanceMetric
  /// Its validation value.
  public var baseline: Double
  /// Its value in the window.
  public var current: Double
  /// Whether the metric got worse than the baseline by more than the tolerance.
  public var degraded: Bool
}

/// Accuracy, F1, AUC, Brier score and calibration error over a window of feedback, predicting
/// positive at `probability >= threshold` (the conventions of scikit-learn's metrics, which the
/// tests compare with).
public struct PerformanceWindow: Sendable, Equatable {
  /// The window's start, in the records' time unit.
  public var start: Double
  /// The window's end (excluded).
  public var end: Double
  /// Records in the window.
  public var count: Int
  /// The share of correct predictions.
  public var accuracy: Double
  /// The harmonic mean of precision and recall (0 without positives predicted or present).
  public var f1: Double
  /// NaN when the window holds a single class.
  public var auc: Double
  /// The mean squared error of the probabilities.
  public var brier: Double
  /// The expected calibration error over 10 equal-width bins.
  public var calibrationError: Double

  /// The metrics of `records` (all of them; `start` and `end` only label the window).
  public init(records: [FeedbackRecord], start: Double, end: Double, threshold: Double = 0.5) {
    self.start = start
    self.end = end
    count = records.count
    let probabilities = records.map(\.probability)
    let labels = records.map(\.label)
    let confusion = ConfusionMatrix(probabilities: probabilities, labels: labels, threshold: threshold)
    accuracy = confusion.accuracy
    f1 = confusion.f1
    auc = Metrics.auc(scores: probabilities, labels: labels)
    brier = Metrics.brier(probabilities: probabilities, labels: labels)
    // ECE: the bins' gaps between observed rate and mean probability, weighted by their size.
    let total = Double(max(count, 1))
    calibrationError = Metrics.calibrationCurve(probabilities: probabilities, labels: labels, bins: 10)
      .reduce(0) { $0 + Double($1.count) / total * abs($1.observed - $1.meanPredicted) }
  }

  /// Consecutive windows of `width` aligned on multiples of `width`; empty windows are left out.
  public static func windows(_ records: [FeedbackRecord], width: Double, threshold: Double = 0.5)
    throws(MonitorError)
    -> [PerformanceWindow]
  {
    guard width > 0 else { throw MonitorError("the window width must be positive, not \(width)") }
    var groups: [Double: [FeedbackRecord]] = [:]
    for record in records where record.time.isFinite {
      groups[(record.time / width).rounded(.down), default: []].append(record)
    }
    return groups.keys.sorted().map { index in
      PerformanceWindow(
        records: groups[index]!, start: index * width, end: (index + 1) * width, threshold: threshold)
    }
  }

  /// The value of `metric` in this window.
  public func value(of metric: PerformanceMetric) -> Double {
    switch metric {
    case .accuracy: accuracy
    case .f1: f1
    case .auc: auc
    case .brier: brier
    case .calibrationError: calibrationError
    }
  }

  /// Each baseline metric (from the model's validation) against this window: degraded when it
  /// is worse by more than `tolerance` (absolute). A NaN value (AUC of one class) never degrades.
  public func degradations(baseline: [PerformanceMetric: Double], tolerance: Double)
    -> [PerformanceDegradation]
  {
    baseline.keys.sorted { $0.rawValue < $1.rawValue }.map { metric in
      let reference = baseline[metric]!
      let current = value(of: metric)
      let loss = metric.higherIsBetter ? reference - current : current - reference
      return PerformanceDegradation(
        metric: metric, baseline: reference, current: current, degraded: loss > tolerance)
    }
  }

  /// The window as JSON (a NaN AUC becomes null).
  public var json: JSONValue {
    [
      "start": .double(start), "end": .double(end), "count": .integer(count), "accuracy": .double(accuracy),
      "f1": .double(f1), "auc": .double(auc), "brier": .double(brier), "ece": .double(calibrationError),
    ]
  }
}
