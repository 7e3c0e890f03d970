import OhanaConfig
import OhanaGEDCOM

/// What a stream of bytes holds, judged from its first bytes, never from its name.
public enum DatasetKind: String, Sendable, Equatable {
  case gedcom
  case csv

  /// The pipeline kind that takes this dataset kind.
  public var pipelineKind: PipelineKind {
    switch self {
    case .gedcom: return .gedcom
    case .csv: return .tabular
    }
  }

  /// Bytes examined to decide.
  public static let sniffLength = 4096

  /// The kind of content starting with `prefix`, or `nil` when it is neither GEDCOM nor a
  /// delimited text table.
  public static func detect(_ prefix: UnsafeRawBufferPointer) -> DatasetKind? {
    if GEDCOMParser.looksLikeGEDCOM(prefix: prefix) { return .gedcom }
    return looksLikeTable(prefix) ? .csv : nil
  }

  /// Text (UTF-8, or UTF-16 with a byte-order mark) whose first line splits into at least two
  /// fields on one of `,` `;` tab `|`, with no NUL bytes in UTF-8 text.
  static func looksLikeTable(_ prefix: UnsafeRawBufferPointer) -> Bool {
    var bytes = Array(prefix)
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      // UTF-16: keep the low (ASCII) bytes of each unit.
      let low = bytes.starts(with: [0xFF, 0xFE]) ? 0 : 1
      bytes = stride(from: 2 + low, to: bytes.count, by: 2).map { bytes[$0] }
    } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      bytes.removeFirst(3)
    }
    guard !bytes.isEmpty, !bytes.contains(0) else { return false }
    // Only the complete first line counts (the prefix may cut a longer one).
    let end = bytes.firstIndex { $0 == 0x0A || $0 == 0x0D } ?? bytes.count
    let header = bytes[..<end]
    guard !header.isEmpty else { return false }
    if String(validating: header, as: UTF8.self) == nil && end == bytes.count { return false }
    let delimiters: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]
    return delimiters.contains { delimiter in header.contains(delimiter) }
  }
}
