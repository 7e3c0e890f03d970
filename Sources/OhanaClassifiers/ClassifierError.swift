/// Why a classifier could not be trained, read or used.
public enum ClassifierError: Error, Sendable, Equatable, CustomStringConvertible {
  /// `--set key=value` named a key that does not exist.
  case unknownSetting(key: String, known: [String])
  /// A setting's value is out of range or of the wrong form.
  case invalidSetting(key: String, value: String, expected: String)
  /// The table cannot be learned from (one class, too few rows, no target).
  case unusableData(String)
  /// A stored model could not be read.
  case invalidModel(String)

  public var description: String {
    switch self {
    case .unknownSetting(let key, let known):
      "unknown training setting \(key); known settings: \(known.joined(separator: ", "))"
    case .invalidSetting(let key, let value, let expected):
      "training setting \(key)=\(value): expected \(expected)"
    case .unusableData(let reason): "cannot train on this data: \(reason)"
    case .invalidModel(let reason): "not a usable tabular model: \(reason)"
    }
  }
}
