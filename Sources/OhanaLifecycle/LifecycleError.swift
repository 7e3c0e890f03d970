/// Why a registry operation was refused.
public enum LifecycleError: Error, Sendable, Equatable, CustomStringConvertible {
  case unknownVersion(pipeline: String, version: String)
  case noPreviousProduction(pipeline: String)
  case invalidTransition(version: String, from: ModelStage, to: ModelStage)
  case corrupt(path: String, reason: String)
  /// The model failed its validation gate (minimum metric, maximum latency) and may not serve.
  case validationGateFailed(version: String, reasons: [String])

  public var description: String {
    switch self {
    case .unknownVersion(let pipeline, let version):
      return "pipeline \(pipeline) has no model version \(version) (see registry/models/\(pipeline)/)"
    case .noPreviousProduction(let pipeline):
      return "pipeline \(pipeline) has no earlier production model to roll back to"
    case .invalidTransition(let version, let from, let to):
      return "model \(version) cannot go from \(from.rawValue) to \(to.rawValue)"
    case .corrupt(let path, let reason): return "registry/\(path) is not a valid record: \(reason)"
    case .validationGateFailed(let version, let reasons):
      return "model \(version) failed its validation gate and stays in staging: \(reasons.joined(separator: "; "))"
    }
  }
}
