/// Why a model could not be trained or decoded.
///
/// Every case carries enough context to explain the problem in one line, so callers can
/// surface ``description`` directly in receipts and logs.
public enum LearnError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The training (or validation) data has no rows or no columns.
  case emptyData(String)
  /// The labels hold only one class, so there is nothing to separate.
  case singleClass(String)
  /// Two inputs that must agree in length do not.
  case mismatchedLengths(what: String, expected: Int, actual: Int)
  /// A setting is out of its valid range.
  case invalidSetting(String)
  /// A sample weight is negative or not finite, or all weights are zero.
  case invalidWeights(String)
  /// A serialized model could not be read back.
  case invalidJSON(String)

  /// A one-line explanation of the problem.
  public var description: String {
    switch self {
    case .emptyData(let detail): return "empty data: \(detail)"
    case .singleClass(let detail): return "labels hold a single class: \(detail)"
    case .mismatchedLengths(let what, let expected, let actual):
      return "mismatched lengths: \(what) has \(actual), expected \(expected)"
    case .invalidSetting(let detail): return "invalid setting: \(detail)"
    case .invalidWeights(let detail): return "invalid sample weights: \(detail)"
    case .invalidJSON(let detail): return "invalid model JSON: \(detail)"
    }
  }
}
