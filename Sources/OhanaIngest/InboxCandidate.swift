import OhanaConfig
import OhanaFiles

/// A file found in the inbox by a scan.
public struct InboxCandidate: Sendable, Equatable {
  /// Absolute path.
  public let path: String
  /// Path relative to `inbox/`.
  public let relativePath: String
  public let info: FileInfo

  /// Every file below `inbox` that ingest should consider, in a stable order: ignored names and
  /// Ohana's state folder are skipped, and so are the folders later stages own inside a
  /// pipeline's folder (`predict/`, `feedback/`).
  public static func scan(inbox: String, pipelines: Set<String>, below relative: String = "")
    throws -> [InboxCandidate]
  {
    var found: [InboxCandidate] = []
    func walk(_ relative: String, depth: Int) throws {
      let folder = relative.isEmpty ? inbox : Path.join(inbox, relative)
      for name in try Directory.entries(of: folder) where !InboxNames.isIgnored(name) {
        let child = relative.isEmpty ? name : relative + "/" + name
        let path = Path.join(inbox, child)
        guard let info = try FileInfo.of(path) else { continue }
        if info.kind == .directory {
          // Later stages own a pipeline's predict/ and feedback/ and the approvals/ folder.
          let isReserved =
            (depth == 1 && pipelines.contains(String(relative)) && PipelineConfig.reservedSubfolders.contains(name))
            || (depth == 0 && name == PipelineConfig.approvalsFolder)
          if !isReserved && depth < 32 { try walk(child, depth: depth + 1) }
        } else {
          found.append(InboxCandidate(path: path, relativePath: child, info: info))
        }
      }
    }
    try walk(relative, depth: relative.isEmpty ? 0 : relative.split(separator: "/").count)
    return found
  }
}
