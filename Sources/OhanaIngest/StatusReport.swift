import OhanaConfig
import OhanaFiles
import OhanaJSON
import OhanaStore

/// Counts per stage and pipeline, read from the folders (the folders are the truth).
public struct StatusReport {
  public let workspace: Workspace
  public let configuration: OhanaConfiguration

  public init(workspace: Workspace, configuration: OhanaConfiguration) {
    self.workspace = workspace
    self.configuration = configuration
  }

  /// The status as a JSON object: `pipelines.<name>.{inbox, accepted, rejected, datasets}`,
  /// plus files waiting unrouted at the top of the inbox, claims in progress, rejections no
  /// pipeline took, artifacts and audit records.
  public func json() throws -> JSONValue {
    let names = Set(configuration.pipelines.map(\.name))
    let candidates = try InboxCandidate.scan(inbox: workspace.inbox, pipelines: names)
    var pipelines: [String: JSONValue] = [:]
    for pipeline in configuration.pipelines {
      let inbox = candidates.filter { $0.relativePath.hasPrefix(pipeline.name + "/") }.count
      pipelines[pipeline.name] = [
        "kind": .string(pipeline.kind.rawValue),
        "inbox": .integer(inbox),
        "accepted": .integer(try count(workspace.outboxFolder(pipeline: pipeline.name, "accepted"), suffix: ".json")),
        "rejected": .integer(try countRejected(workspace.outboxFolder(pipeline: pipeline.name, "rejected"))),
        "datasets": .integer(try workspace.registry.manifests(under: "datasets/" + pipeline.name).count),
      ]
    }
    let unrouted = candidates.filter { candidate in
      !names.contains { candidate.relativePath.hasPrefix($0 + "/") }
    }.count
    var claimed = 0
    for folder in try Directory.entries(of: workspace.claimsFolder) {
      claimed += try Directory.entries(of: Path.join(workspace.claimsFolder, folder)).count
    }
    let (digests, _) = try workspace.store.inventory()
    return [
      "pipelines": .object(pipelines),
      "inbox_unrouted": .integer(unrouted),
      "in_progress": .integer(claimed),
      "rejected_unrouted": .integer(try countRejected(workspace.outboxFolder(pipeline: nil, "rejected"))),
      "artifacts": .integer(digests.count),
      "audit_records": .integer(try workspace.registry.audit.records().count),
    ]
  }

  /// The status as aligned text for people.
  public func text() throws -> String {
    let status = try json()
    var lines = ["pipeline         kind     inbox  accepted  rejected  datasets"]
    for pipeline in configuration.pipelines {
      let row = status["pipelines"]?[pipeline.name]
      func cell(_ key: String) -> String {
        let value = String(row?[key]?.intValue ?? 0)
        return String(repeating: " ", count: max(0, 8 - value.count)) + value
      }
      let name = pipeline.name.padding(16)
      lines.append("\(name) \(pipeline.kind.rawValue.padding(7)) \(cell("inbox"))  \(cell("accepted"))  \(cell("rejected"))  \(cell("datasets"))")
    }
    for key in ["inbox_unrouted", "in_progress", "rejected_unrouted", "artifacts", "audit_records"] {
      lines.append("\(key.replacing("_", with: " ")): \(status[key]?.intValue ?? 0)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func count(_ folder: String, suffix: String) throws -> Int {
    try Directory.entries(of: folder).filter { $0.hasSuffix(suffix) }.count
  }

  private func countRejected(_ folder: String) throws -> Int {
    try Directory.entries(of: folder).filter { !$0.hasSuffix(".error.json") }.count
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
