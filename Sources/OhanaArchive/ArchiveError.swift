/// Why an input could not be read safely. Each description is a sentence a person understands.
public enum ArchiveError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file could not be opened.
  case cannotOpen(path: String, reason: String)
  /// Reading the file failed at the operating-system level.
  case readFailed(path: String, reason: String)
  /// The gzip data is malformed (bad header, bad checksum, bad deflate data).
  case corruptGzip(path: String, reason: String)
  /// The gzip data stops before its end.
  case truncatedGzip(path: String)
  /// libarchive refused the zip or tar data (corrupt, truncated, unsupported or too nested).
  case corruptArchive(path: String, reason: String)
  /// The file is not a zip, tar or gzip-compressed tar archive.
  case notAnArchive(path: String, format: ContainerFormat)
  /// A member's name could escape or confuse the tree it would be stored under.
  case unsafeMemberName(member: String, problem: MemberNameProblem)
  /// A member is a link, device, FIFO or socket rather than a regular file.
  case unacceptableMemberType(member: String, kind: MemberKind)
  /// The archive holds more members than allowed.
  case tooManyEntries(limit: Int)
  /// The input expands to more bytes than allowed.
  case totalSizeExceeded(limit: UInt64)
  /// The input expands far more than real data does: likely a decompression bomb.
  case compressionRatioExceeded(limit: Double, uncompressed: UInt64, compressed: UInt64)
  /// A member's data does not have the size its header declares.
  case sizeMismatch(member: String, declared: Int64, actual: UInt64)

  /// A one-line sentence saying what is wrong and with which file or member.
  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason):
      return "cannot open \(path): \(reason)"
    case .readFailed(let path, let reason):
      return "reading \(path) failed: \(reason)"
    case .corruptGzip(let path, let reason):
      return "the gzip data in \(path) is corrupt: \(reason)"
    case .truncatedGzip(let path):
      return
        "the gzip data in \(path) is truncated: the file ends before the compressed stream does"
    case .corruptArchive(let path, let reason):
      return "the archive \(path) cannot be read: \(reason)"
    case .notAnArchive(let path, let format):
      let content = format == .plain ? "plain data" : "\(format.rawValue) data"
      return "\(path) is not a zip or tar archive: its content is \(content)"
    case .unsafeMemberName(let member, let problem):
      let shown = Self.printable(member)
      switch problem {
      case .empty: return "an archive member has an empty name"
      case .absolute:
        return "archive member \(shown) is an absolute path; only relative paths are accepted"
      case .escapesTree: return "archive member \(shown) escapes the tree"
      case .controlCharacter:
        return "archive member \(shown) has a control character in its name"
      }
    case .unacceptableMemberType(let member, let kind):
      return "archive member \(Self.printable(member)) is \(kind.refusal)"
    case .tooManyEntries(let limit):
      return "the archive has more than \(limit) members, the limit"
    case .totalSizeExceeded(let limit):
      return "the input expands to more than \(limit) bytes, the limit; reading stopped there"
    case .compressionRatioExceeded(let limit, let uncompressed, let compressed):
      return "the input expanded \(compressed) compressed bytes into \(uncompressed) bytes, "
        + "a ratio above the limit of \(Self.number(limit)); it looks like a decompression bomb"
    case .sizeMismatch(let member, let declared, let actual):
      return "archive member \(Self.printable(member)) declares \(declared) bytes "
        + "but its data has \(actual) bytes"
    }
  }

  /// `200` rather than `200.0` for whole numbers.
  private static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }

  /// The name with control characters spelled out, so a message stays on one line.
  static func printable(_ name: String) -> String {
    var shown = ""
    for scalar in name.unicodeScalars {
      if scalar.value < 0x20 || scalar.value == 0x7F {
        shown += scalar.escaped(asASCII: true)
      } else {
        shown.unicodeScalars.append(scalar)
      }
    }
    return shown
  }
}
