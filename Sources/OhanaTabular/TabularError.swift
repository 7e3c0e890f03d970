/// Why a table could not be read, checked or encoded.
public struct TabularError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The 1-based line of the input the problem is on, when there is one.
  public var line: Int?
  /// What is wrong and, where it helps, what to do about it.
  public var message: String

  /// An error with its message and, when known, its line.
  public init(_ message: String, line: Int? = nil) {
    self.message = message
    self.line = line
  }

  /// The message, after `line N: ` when the line is known.
  public var description: String { line.map { "line \($0): \(message)" } ?? message }
}
