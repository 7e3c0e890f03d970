/// A problem in `ohana.yaml`, naming the key it is about.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The key path, e.g. `pipelines[1].kind`, or empty for the whole file.
  public let key: String
  /// What is wrong with it.
  public let message: String
  /// The line in the file, when known.
  public let line: Int?

  public init(key: String, message: String, line: Int? = nil) {
    self.key = key
    self.message = message
    self.line = line
  }

  public var description: String {
    let location = line.map { "ohana.yaml line \($0)" } ?? "ohana.yaml"
    return key.isEmpty ? "\(location): \(message)" : "\(location): \(key): \(message)"
  }
}
