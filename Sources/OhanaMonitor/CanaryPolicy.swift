import OhanaJSON

/// What to do with a canary model.
public enum CanaryDecision: String, Sendable {
  /// Every threshold holds over enough requests: promote the canary.
  case promote
  /// A threshold is broken: roll the canary back.
  case rollback
  /// Too few requests to judge.
  case wait
}

/// What the canary did since it started.
public struct CanaryObservation: Sendable, Equatable {
  /// Requests the canary served.
  public var requests: Int
  /// Requests with a good outcome (for example a correct prediction, by feedback).
  public var successes: Int
  /// Requests that failed.
  public var errors: Int
  /// The latency statistic the policy bounds, in seconds (for example the 95th percentile).
  public var latencySeconds: Double

  /// An observation of the canary so far.
  public init(requests: Int, successes: Int, errors: Int, latencySeconds: Double) {
    self.requests = requests
    self.successes = successes
    self.errors = errors
    self.latencySeconds = latencySeconds
  }
}

/// Thresholds that promote or roll back a canary.
public struct CanaryPolicy: Sendable, Equatable {
  /// Requests needed before deciding anything.
  public var minimumRequests: Int
  /// The lowest acceptable successes / requests, if bounded.
  public var minimumSuccessRate: Double?
  /// The highest acceptable errors / requests, if bounded.
  public var maximumErrorRate: Double?
  /// The highest acceptable latency in seconds, if bounded.
  public var maximumLatencySeconds: Double?

  /// A policy; thresholds left `nil` are not checked.
  public init(
    minimumRequests: Int, minimumSuccessRate: Double? = nil, maximumErrorRate: Double? = nil,
    maximumLatencySeconds: Double? = nil
  ) {
    self.minimumRequests = minimumRequests
    self.minimumSuccessRate = minimumSuccessRate
    self.maximumErrorRate = maximumErrorRate
    self.maximumLatencySeconds = maximumLatencySeconds
  }

  /// The decision and the reasons for it (the broken thresholds when rolling back).
  public func decide(_ observation: CanaryObservation) -> (decision: CanaryDecision, reasons: [String]) {
    let requests = observation.requests
    guard requests >= max(minimumRequests, 1) else {
      return (.wait, ["\(requests) of the \(max(minimumRequests, 1)) requests needed"])
    }
    var broken: [String] = []
    let successRate = Double(observation.successes) / Double(requests)
    let errorRate = Double(observation.errors) / Double(requests)
    if let minimumSuccessRate, successRate < minimumSuccessRate {
      broken.append("success rate \(successRate) is below \(minimumSuccessRate)")
    }
    if let maximumErrorRate, errorRate > maximumErrorRate {
      broken.append("error rate \(errorRate) is above \(maximumErrorRate)")
    }
    if let maximumLatencySeconds, !(observation.latencySeconds <= maximumLatencySeconds) {
      broken.append("latency \(observation.latencySeconds) s is above \(maximumLatencySeconds) s")
    }
    return broken.isEmpty
      ? (.promote, ["every threshold holds over \(requests) requests"]) : (.rollback, broken)
  }
}
