/// Why a file could not be read as GEDCOM at all. Anything less is a ``Diagnostic``.
public enum GEDCOMError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The bytes are not a GEDCOM file (no `0 HEAD` line first).
  case notGEDCOM(String)
  /// The file could not be read.
  case unreadable(path: String, reason: String)
  /// The file is larger than the parser's 4 GiB addressing allows.
  case tooLarge(bytes: Int)

  public var description: String {
    switch self {
    case .notGEDCOM(let reason): return "not a GEDCOM file: \(reason)"
    case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
    case .tooLarge(let bytes): return "the GEDCOM file is \(bytes) bytes; at most 4 GiB can be parsed"
    }
  }
}
