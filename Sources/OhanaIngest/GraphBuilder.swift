import OhanaFiles
import OhanaGEDCOM
import OhanaJSON
import OhanaStore

/// Parses stored GEDCOM datasets into family graphs, through the graph cache.
///
/// The cache maps (dataset SHA-256, parser version) to the stored graph artifact and the facts
/// the manifest records, in `artifacts/cache/gedcom/<parser version>/<sha256>.json`; building a
/// graph twice is a cache hit, and a new parser version rebuilds.
struct GraphBuilder {
  let workspace: Workspace
  let store: ContentStore

  /// What the dataset manifest records of a GEDCOM dataset.
  struct Analysis {
    var graph: JSONValue
    var counts: [String: JSONValue]
    var diagnostics: JSONValue
    var encoding: JSONValue
    var version: JSONValue
    var reports: JSONValue
  }

  private func cachePath(_ sha256: String) -> String {
    Path.join(
      workspace.artifacts, "cache", "gedcom", InboxNames.flatten(GEDCOMParser.version), sha256 + ".json")
  }

  func analyze(_ sha256: String, pipeline: String) throws -> Analysis {
    if let cached = try cachedAnalysis(sha256) { return cached }
    // Stored files are never rewritten in place: mapped, not copied.
    let document = try GEDCOMParser.parse(immutableFile: store.path(of: sha256))
    let graph = FamilyGraph.build(from: document)
    let graphArtifact = try store.store(bytes: graph.encoded())
    let report = GEDCOMReport.inspectJSON(document)
    let reportsFolder = workspace.outboxFolder(pipeline: pipeline, "reports")
    try Directory.create(reportsFolder)
    let stem = "gedcom-" + String(sha256.prefix(12))
    try DurableFile.write(CanonicalJSON.bytes(report), to: Path.join(reportsFolder, stem + ".json"))
    try DurableFile.write(
      GEDCOMReport.html(document, title: "GEDCOM dataset \(sha256.prefix(12))"),
      to: Path.join(reportsFolder, stem + ".html"))
    let counts = graph.counts
    var bySeverity: [String: JSONValue] = ["error": 0, "warning": 0, "info": 0]
    for diagnostic in document.diagnostics {
      let key = diagnostic.severity.rawValue
      bySeverity[key] = .int((bySeverity[key]?.intValue ?? 0) + 1)
    }
    let analysis = Analysis(
      graph: [
        "sha256": .string(graphArtifact.sha256), "parser": .string(GEDCOMParser.version),
        "format_version": .integer(FamilyGraph.formatVersion),
      ],
      counts: [
        "individuals": .integer(counts.individuals), "families": .integer(counts.families),
        "links": .integer(counts.links), "people_without_parents": .integer(counts.peopleWithoutParents),
      ],
      diagnostics: .object(bySeverity),
      encoding: report["encoding"] ?? .null,
      version: report["version"] ?? .null,
      reports: [
        "json": .string("outbox/\(pipeline)/reports/\(stem).json"),
        "html": .string("outbox/\(pipeline)/reports/\(stem).html"),
      ])
    let cacheEntry: JSONValue = [
      "graph": analysis.graph, "counts": .object(analysis.counts), "diagnostics": analysis.diagnostics,
      "encoding": analysis.encoding, "version": analysis.version, "reports": analysis.reports,
    ]
    try Directory.create(Path.parent(of: cachePath(sha256)))
    try DurableFile.write(CanonicalJSON.bytes(cacheEntry), to: cachePath(sha256))
    return analysis
  }

  private func cachedAnalysis(_ sha256: String) throws -> Analysis? {
    guard try FileInfo.of(cachePath(sha256)) != nil,
      let entry = try? JSONParser.parse(DurableFile.read(cachePath(sha256))),
      let graphSHA = entry["graph"]?["sha256"]?.stringValue, store.contains(graphSHA),
      let counts = entry["counts"]?.objectValue
    else { return nil }
    return Analysis(
      graph: entry["graph"] ?? .null, counts: counts, diagnostics: entry["diagnostics"] ?? .null,
      encoding: entry["encoding"] ?? .null, version: entry["version"] ?? .null,
      reports: entry["reports"] ?? .null)
  }
}
