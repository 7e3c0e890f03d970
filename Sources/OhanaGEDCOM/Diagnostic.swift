/// Something a person should know about a GEDCOM file, with the line it concerns.
public struct Diagnostic: Sendable, Equatable {
  /// How much the finding matters.
  public enum Severity: String, Sendable, Comparable, CaseIterable {
    /// Data that is wrong and was left out or could not be linked (a dangling pointer).
    case error
    /// Data that is doubtful or was repaired (a one-sided link, an impossible date).
    case warning
    /// A remark on form that changes nothing (a missing trailer).
    case info

    private var rank: Int {
      switch self {
      case .error: 0
      case .warning: 1
      case .info: 2
      }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
  }

  /// The source line (1-based; 0 when the finding concerns the whole file).
  public var line: Int
  public var severity: Severity
  /// A stable identifier of the rule, e.g. `dangling-pointer`.
  public var code: String
  /// A sentence a person understands.
  public var message: String

  public init(line: Int, severity: Severity, code: String, message: String) {
    self.line = line
    self.severity = severity
    self.code = code
    self.message = message
  }
}
