/// The input itself is unacceptable (not a dataset, unsafe archive, over a limit): it is moved
/// to `rejected/` with this sentence, as opposed to failures of the machine (disk full, I/O
/// errors), which stop the command and leave the input in place.
public struct InputRejection: Error, CustomStringConvertible, Sendable, Equatable {
  public let reason: String

  public init(_ reason: String) { self.reason = reason }

  public var description: String { reason }
}
