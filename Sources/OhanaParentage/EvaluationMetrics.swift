import OhanaJSON
import OhanaLearn

/// How well a model finds hidden parents: ranking quality over the masked people, pair-level
/// discrimination and calibration, and the candidate generator's recall and list length.
public struct EvaluationMetrics: Sendable, Equatable {
  /// Masked people evaluated.
  public var queries: Int
  /// (person, candidate) pairs scored.
  public var pairs: Int
  /// Share of people whose true family is ranked first.
  public var hitsAt1: Double
  /// Share of people whose true family is among the first five.
  public var hitsAt5: Double
  /// Mean reciprocal rank of the true family (0 when it is not a candidate).
  public var meanReciprocalRank: Double
  /// Pair-level area under the ROC curve of the calibrated probabilities.
  public var auc: Double
  /// Pair-level Brier score of the calibrated probabilities (lower is better).
  public var brier: Double
  /// Share of people whose true family is among their candidates.
  public var candidateRecall: Double
  /// Mean number of candidate families per person.
  public var meanCandidates: Double

  /// Metrics with the given values.
  public init(
    queries: Int, pairs: Int, hitsAt1: Double, hitsAt5: Double, meanReciprocalRank: Double, auc: Double,
    brier: Double, candidateRecall: Double, meanCandidates: Double
  ) {
    self.queries = queries
    self.pairs = pairs
    self.hitsAt1 = hitsAt1
    self.hitsAt5 = hitsAt5
    self.meanReciprocalRank = meanReciprocalRank
    self.auc = auc
    self.brier = brier
    self.candidateRecall = candidateRecall
    self.meanCandidates = meanCandidates
  }

  /// The metric names ``value(of:)`` and ``TrainingSettings/metric`` accept.
  public static let metricNames = ["mrr", "hits1", "hits5", "auc", "brier", "recall"]

  /// The value of a named metric, oriented so that higher is better (Brier is negated), or nil
  /// for an unknown name.
  public func score(of metric: String) -> Double? {
    switch metric {
    case "mrr": meanReciprocalRank
    case "hits1", "hits@1": hitsAt1
    case "hits5", "hits@5": hitsAt5
    case "auc": auc
    case "brier": -brier
    case "recall": candidateRecall
    default: nil
    }
  }

  /// `{"queries": …, "hits_at_1": …, …}` for run files.
  public var json: JSONValue {
    [
      "queries": .integer(queries), "pairs": .integer(pairs), "hits_at_1": .double(hitsAt1),
      "hits_at_5": .double(hitsAt5), "mrr": .double(meanReciprocalRank), "auc": .double(auc),
      "brier": .double(brier), "candidate_recall": .double(candidateRecall),
      "mean_candidates": .double(meanCandidates),
    ]
  }

  /// Metrics of scored queries: ranks of the true family (nil when missed) and the pooled
  /// pair probabilities with their labels.
  static func compute(_ results: [QueryResult]) -> EvaluationMetrics {
    var ranks: [Int?] = []
    ranks.reserveCapacity(results.count)
    var probabilities: [Double] = []
    var labels: [Bool] = []
    var candidates = 0
    var found = 0
    for result in results {
      ranks.append(result.rank)
      candidates += result.labels.count
      if result.rank != nil { found += 1 }
      probabilities += result.probabilities
      labels += result.labels
    }
    let hasBoth = labels.contains(true) && labels.contains(false)
    let n = Double(max(1, results.count))
    return EvaluationMetrics(
      queries: results.count, pairs: labels.count, hitsAt1: Metrics.hitsAtK(ranks: ranks, k: 1),
      hitsAt5: Metrics.hitsAtK(ranks: ranks, k: 5), meanReciprocalRank: Metrics.meanReciprocalRank(ranks: ranks),
      auc: hasBoth ? Metrics.auc(scores: probabilities, labels: labels) : 0.5,
      brier: labels.isEmpty ? 0 : Metrics.brier(probabilities: probabilities, labels: labels),
      candidateRecall: Double(found) / n, meanCandidates: Double(candidates) / n)
  }
}

/// One evaluated person: the calibrated probabilities of their candidates (best first),
/// whether each candidate is a true family, and the rank (1-based) of the first true one.
struct QueryResult: Sendable {
  var person: Int
  var probabilities: [Double]
  var labels: [Bool]
  var rank: Int?
}
