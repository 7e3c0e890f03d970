import OhanaFiles

/// Why the content-addressed store or the registry could not do what was asked.
public enum StoreError: Error, CustomStringConvertible, Sendable {
  /// A file-system call failed.
  case fileSystem(FileSystemError)
  /// Reading the input failed (the reader's own message).
  case input(String)
  /// A manifest that should be JSON is not.
  case corruptManifest(path: String, reason: String)
  /// A name or digest that is not acceptable.
  case invalidName(String)

  public var description: String {
    switch self {
    case .fileSystem(let error): return error.description
    case .input(let message): return message
    case .corruptManifest(let path, let reason): return "manifest \(path) is not valid JSON: \(reason)"
    case .invalidName(let name): return "invalid name \(name)"
    }
  }
}
