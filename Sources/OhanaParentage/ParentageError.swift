/// Why a parentage operation could not be carried out.
///
/// Every case carries enough context for a command-line user to fix the problem: the
/// offending key or value, what was expected, and what was found.
public enum ParentageError: Error, Sendable, Equatable, CustomStringConvertible {
  /// `--set key=value` named a key that ``TrainingSettings`` does not have.
  case unknownSetting(key: String, known: [String])
  /// A known setting received a value it cannot take.
  case invalidSetting(key: String, value: String, expected: String)
  /// The graphs hold too few known child→family links to train or evaluate.
  case insufficientData(String)
  /// Model bytes could not be read back.
  case invalidModel(String)
  /// A learning algorithm refused its input.
  case learning(String)

  /// The problem in words.
  public var description: String {
    switch self {
    case .unknownSetting(let key, let known):
      "unknown training setting \"\(key)\"; known settings: \(known.joined(separator: ", "))"
    case .invalidSetting(let key, let value, let expected):
      "invalid value \"\(value)\" for training setting \"\(key)\": expected \(expected)"
    case .insufficientData(let reason):
      "not enough data to train parent prediction: \(reason)"
    case .invalidModel(let reason):
      "not a valid parentage model: \(reason)"
    case .learning(let reason):
      "training failed: \(reason)"
    }
  }
}
