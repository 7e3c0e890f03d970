/// Why a monitoring computation could not be done (empty samples, bad settings, bad state).
public struct MonitorError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
