import OhanaJSON

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
    var truePositives = 0
    var falsePositives = 0
    var falseNegatives = 0
    var correct = 0
    var squares = 0.0
    var binSums = [Double](repeating: 0, count: 10)
    var binHits = [Int](repeating: 0, count: 10)
    var binCounts = [Int](repeating: 0, count: 10)
    for record in records {
      let predicted = record.probability >= threshold
      if predicted == record.label { correct += 1 }
      if predicted && record.label { truePositives += 1 }
      if predicted && !record.label { falsePositives += 1 }
      if !predicted && record.label { falseNegatives += 1 }
      let error = record.probability - (record.label ? 1 : 0)
      squares += error * error
      let bin = min(max(Int(record.probability * 10), 0), 9)
      binSums[bin] += record.probability
      binCounts[bin] += 1
      if record.label { binHits[bin] += 1 }
    }
    let total = Double(max(count, 1))
    accuracy = Double(correct) / total
    let f1Denominator = 2 * truePositives + falsePositives + falseNegatives
    f1 = f1Denominator == 0 ? 0 : Double(2 * truePositives) / Double(f1Denominator)
    brier = squares / total
    var calibration = 0.0
    for bin in 0..<10 where binCounts[bin] > 0 {
      let size = Double(binCounts[bin])
      calibration += size / total * abs(Double(binHits[bin]) / size - binSums[bin] / size)
    }
    calibrationError = calibration
    auc = Self.areaUnderCurve(records)
  }

  /// The probability that a positive outranks a negative, ties counting half (from average
  /// ranks); NaN without both classes.
  static func areaUnderCurve(_ records: [FeedbackRecord]) -> Double {
    let positives = records.filter(\.label).count
    let negatives = records.count - positives
    guard positives > 0, negatives > 0 else { return .nan }
    let sorted = records.sorted { $0.probability < $1.probability }
    var rankSum = 0.0
    var start = 0
    while start < sorted.count {
      var end = start + 1
      while end < sorted.count && sorted[end].probability == sorted[start].probability { end += 1 }
      let averageRank = Double(start + end + 1) / 2
      rankSum += averageRank * Double(sorted[start..<end].filter(\.label).count)
      start = end
    }
    let p = Double(positives)
    return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
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
