#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import OhanaArchive
import OhanaConfig
import OhanaFiles
import OhanaGEDCOM
import OhanaJSON
import OhanaStore
import OhanaWatch

/// Takes files from the inbox and leaves each one either stored and recorded (receipt in
/// `outbox/<pipeline>/accepted/`, manifest in `registry/datasets/`) or rejected with a reason
/// (the file itself in `rejected/` beside a `.error.json`).
///
/// Every step can be repeated: the store is content-addressed, manifests are written only when
/// their content changes, outputs are named by the claim's token, and the claimed file is
/// removed last. A process killed at any instant leaves its claimed files in its claim folder,
/// where the next run takes them back and finishes them.
public final class Ingestor {
  public let workspace: Workspace
  public let configuration: OhanaConfiguration
  private let claims: ClaimBox
  private let store: ContentStore
  private let registry: Registry
  private let graphs: GraphBuilder
  private let tables: TableBuilder
  /// Where messages for people go (stderr in the command-line tool).
  private let log: (String) -> Void
  /// Asked before each file; when it says stop, the pass ends after the file in hand.
  public var shouldStop: () -> Bool = { false }

  public init(
    workspace: Workspace, configuration: OhanaConfiguration, log: @escaping (String) -> Void
  ) throws {
    self.workspace = workspace
    self.configuration = configuration
    self.log = log
    store = workspace.store
    registry = workspace.registry
    claims = try ClaimBox(claimsFolder: workspace.claimsFolder)
    graphs = GraphBuilder(workspace: workspace, store: store)
    tables = TableBuilder(workspace: workspace, store: store)
    for folder in [workspace.registryRoot, workspace.artifacts, workspace.outbox] {
      try TemporaryFile.removeAbandoned(under: folder)
    }
  }

  private var limits: ArchiveLimits {
    ArchiveLimits(
      maxTotalBytes: configuration.limits.maxTotalBytes,
      maxCompressionRatio: configuration.limits.maxCompressionRatio,
      maxEntries: configuration.limits.maxEntries)
  }

  private var pipelineNames: Set<String> { Set(configuration.pipelines.map(\.name)) }

  /// Finishes abandoned claims, then takes every eligible file in the inbox.
  ///
  /// With `settleSeconds` (the watcher's rescans), a file must be unchanged for that long;
  /// without it (`ohana ingest`), any file no process holds open for writing is taken.
  public func ingestAll(settleSeconds: Double? = nil, below folder: String = "") throws -> IngestSummary {
    var summary = IngestSummary()
    // Recovered claims move into this process's folder, so `pending()` lists them too.
    _ = try claims.recoverAbandoned(staleAfter: configuration.claimTimeoutSeconds)
    for claimed in try claims.pending() {
      summary.add(try process(claimed))
    }
    let candidates = try InboxCandidate.scan(
      inbox: workspace.inbox, pipelines: pipelineNames, below: folder)
    for candidate in candidates where !shouldStop() {
      summary.add(try consider(candidate, settleSeconds: settleSeconds))
    }
    return summary
  }

  /// Takes the files named by inotify completion events (they are complete by definition,
  /// unless another writer still holds them open).
  public func ingest(completedPaths paths: [String]) throws -> IngestSummary {
    var summary = IngestSummary()
    let prefix = workspace.inbox + "/"
    for path in paths where path.hasPrefix(prefix) && !shouldStop() {
      let relative = String(path.dropFirst(prefix.count))
      guard !relative.split(separator: "/").contains(where: { InboxNames.isIgnored(String($0)) }),
        let info = try FileInfo.of(path)
      else { continue }
      let components = relative.split(separator: "/")
      if components.count == 3, pipelineNames.contains(String(components[0])),
        PipelineConfig.reservedSubfolders.contains(String(components[1]))
      {
        continue
      }
      if components.count > 1, components[0] == PipelineConfig.approvalsFolder { continue }
      summary.add(
        try consider(InboxCandidate(path: path, relativePath: relative, info: info), settleSeconds: nil))
    }
    return summary
  }

  private func consider(_ candidate: InboxCandidate, settleSeconds: Double?) throws -> IngestSummary {
    var summary = IngestSummary()
    if candidate.info.kind == .regular {
      if let settle = settleSeconds {
        let ready = candidate.info.modificationTime + settle
        if ready > Timestamp.now() {
          summary.waiting = 1
          summary.nextCheck = ready
          return summary
        }
      }
      if WriterCheck.check(path: candidate.path) == .writerPresent {
        summary.waiting = 1
        summary.nextCheck = Timestamp.now() + max(settleSeconds ?? 1, 0.5)
        return summary
      }
    }
    guard let claimed = try claims.claim(candidate.path, relativePath: candidate.relativePath) else {
      return summary
    }
    return try process(claimed)
  }

  /// Stores or rejects one claimed file. Throws only for failures of the machine, after putting
  /// the file back in the inbox where that is possible.
  func process(_ claimed: ClaimedFile) throws -> IngestSummary {
    do {
      var datasets = try collectDatasets(claimed)
      // Tables are checked before anything is recorded: a table that fails its schema or
      // expectations rejects the input.
      for index in datasets.stored.indices where datasets.stored[index].kind == .csv {
        let dataset = datasets.stored[index]
        datasets.stored[index].table = try tables.analyze(dataset.artifact.sha256, pipeline: dataset.pipeline)
      }
      return try record(datasets, for: claimed)
    } catch let rejection as InputRejection {
      return try reject(claimed, reason: rejection.reason)
    } catch let error as ArchiveError {
      return try reject(claimed, reason: error.description)
    } catch let error as GEDCOMError {
      return try reject(claimed, reason: error.description)
    } catch let error as IngestError {
      // Recorded already: the file stays claimed and the next run finishes it.
      throw error
    } catch {
      restore(claimed)
      throw IngestError.failed(source: claimed.relativePath, reason: "\(error)")
    }
  }

  // MARK: - Reading inputs into the store

  /// One dataset taken from an input (the file itself, or an archive member).
  struct Dataset {
    var name: String
    var kind: DatasetKind
    var pipeline: PipelineConfig
    var artifact: StoredArtifact
    var container: ContainerFormat
    var statistics: TextStatistics
    /// What the table check found, for a CSV dataset.
    var table: TableBuilder.Analysis? = nil
  }

  private func collectDatasets(_ claimed: ClaimedFile) throws -> (stored: [Dataset], skipped: [JSONValue]) {
    guard let info = try FileInfo.of(claimed.path) else {
      throw InputRejection("the file disappeared while it was being taken")
    }
    guard info.kind == .regular else {
      throw InputRejection("\(claimed.relativePath) is \(Self.describe(info.kind)); only regular files are accepted")
    }
    let hint = pipelineHint(claimed.relativePath)
    let container = try ContainerFormat.detect(path: claimed.path)
    switch container {
    case .plain:
      let prefix = try readPrefix(claimed.path)
      let kind = try detectKind(prefix, name: claimed.relativePath)
      let pipeline = try route(kind, hint: hint, name: claimed.relativePath)
      var statistics = TextStatistics(maxLineBytes: configuration.limits.maxLineBytes)
      let artifact = try store.adopt(fileAt: claimed.path) { chunk in try statistics.observe(chunk) }
      statistics.finish()
      return ([Dataset(name: claimed.relativePath, kind: kind, pipeline: pipeline, artifact: artifact, container: container, statistics: statistics)], [])
    case .gzip:
      let reader = try GzipReader(path: claimed.path, limits: limits)
      let name = Self.stripGzipSuffix(claimed.relativePath)
      let dataset = try storeStream(reader, name: name, hint: hint, container: container)
      return ([dataset], [])
    case .zip, .tar, .tarGzip:
      let reader = try ArchiveReader(path: claimed.path, limits: limits)
      var stored: [Dataset] = []
      var skipped: [JSONValue] = []
      while let entry = try reader.nextEntry() {
        let name = claimed.relativePath + "!/" + entry.name
        do {
          stored.append(try storeStream(reader, name: name, hint: hint, container: container))
        } catch let rejection as MemberSkipped {
          skipped.append(["name": .string(name), "reason": .string(rejection.reason)])
        }
      }
      guard !stored.isEmpty else {
        throw InputRejection("the archive holds no GEDCOM file or CSV table")
      }
      return (stored, skipped)
    }
  }

  /// An archive member that is not a dataset; the rest of the archive is still taken.
  struct MemberSkipped: Error {
    let reason: String
  }

  private func storeStream(
    _ source: some ByteSource, name: String, hint: PipelineConfig?, container: ContainerFormat
  ) throws -> Dataset {
    // Buffer the first bytes to decide the kind, then hash and store them with the rest.
    var prefix: [UInt8] = []
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: DatasetKind.sniffLength, alignment: 16)
    defer { chunk.deallocate() }
    while prefix.count < DatasetKind.sniffLength {
      let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: chunk[0..<(DatasetKind.sniffLength - prefix.count)]))
      if count == 0 { break }
      prefix.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
    }
    let kind: DatasetKind
    let pipeline: PipelineConfig
    if container == .gzip {
      kind = try detectKind(prefix, name: name)
      pipeline = try route(kind, hint: hint, name: name)
    } else {
      guard let detected = prefix.withUnsafeBytes({ DatasetKind.detect($0) }) else {
        throw MemberSkipped(reason: "neither a GEDCOM file nor a CSV table")
      }
      kind = detected
      do { pipeline = try route(kind, hint: hint, name: name) } catch let rejection as InputRejection {
        throw MemberSkipped(reason: rejection.reason)
      }
    }
    var statistics = TextStatistics(maxLineBytes: configuration.limits.maxLineBytes)
    var offset = 0
    let artifact = try store.store(
      reading: { buffer in
        if offset < prefix.count {
          let count = min(buffer.count, prefix.count - offset)
          prefix.withUnsafeBytes {
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + count]))
          }
          offset += count
          return count
        }
        return try source.read(into: buffer)
      },
      observe: { chunk in try statistics.observe(chunk) })
    statistics.finish()
    return Dataset(name: name, kind: kind, pipeline: pipeline, artifact: artifact, container: container, statistics: statistics)
  }

  private func readPrefix(_ path: String) throws -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else { throw FileSystemError("open", path: path) }
    defer { close(descriptor) }
    var prefix = [UInt8](repeating: 0, count: DatasetKind.sniffLength)
    let count = prefix.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
    guard count >= 0 else { throw FileSystemError("read", path: path) }
    return Array(prefix[0..<count])
  }

  private func detectKind(_ prefix: [UInt8], name: String) throws -> DatasetKind {
    guard !prefix.isEmpty else { throw InputRejection("\(name) is empty") }
    guard let kind = prefix.withUnsafeBytes({ DatasetKind.detect($0) }) else {
      throw InputRejection("\(name) is neither a GEDCOM file nor a CSV table (nor a gzip, zip or tar archive of them)")
    }
    return kind
  }

  /// The pipeline named by the first folder of `relativePath`, if any.
  private func pipelineHint(_ relativePath: String) -> PipelineConfig? {
    let components = relativePath.split(separator: "/")
    guard components.count > 1 else { return nil }
    return configuration.pipeline(named: String(components[0]))
  }

  private func route(_ kind: DatasetKind, hint: PipelineConfig?, name: String) throws -> PipelineConfig {
    if let hint {
      guard hint.kind == kind.pipelineKind else {
        throw InputRejection("\(name) is \(kind == .gedcom ? "a GEDCOM file" : "a CSV table"), but pipeline \(hint.name) takes \(hint.kind == .gedcom ? "GEDCOM files" : "CSV tables")")
      }
      return hint
    }
    guard let pipeline = configuration.defaultPipeline(for: kind.pipelineKind) else {
      throw InputRejection("no pipeline in ohana.yaml takes \(kind == .gedcom ? "GEDCOM files" : "CSV tables")")
    }
    return pipeline
  }

  // MARK: - Recording outcomes

  /// Records the datasets in the registry, writes the receipt and releases the claim. The
  /// manifest is the commit point and the audit record follows it; when a previous attempt
  /// stopped between the two, the missing audit record is added now.
  ///
  /// Once recording has begun the input must not go back to the inbox: it would be taken again
  /// under a new claim and could get a second receipt. A failure leaves it claimed, and the
  /// next run redoes this step under the same claim, which writes the same files again.
  private func record(
    _ collected: (stored: [Dataset], skipped: [JSONValue]), for claimed: ClaimedFile
  ) throws -> IngestSummary {
    do {
      return try recordAndRelease(collected, for: claimed)
    } catch {
      throw IngestError.unfinished(source: claimed.relativePath, reason: "\(error)")
    }
  }

  private func recordAndRelease(
    _ collected: (stored: [Dataset], skipped: [JSONValue]), for claimed: ClaimedFile
  ) throws -> IngestSummary {
    var summary = IngestSummary()
    summary.accepted = 1
    var entries: [String: [JSONValue]] = [:]
    for dataset in collected.stored {
      let analysis = try dataset.kind == .gedcom ? graphs.analyze(dataset.artifact.sha256, pipeline: dataset.pipeline.name) : nil
      let relative = "datasets/\(dataset.pipeline.name)/\(dataset.artifact.sha256).json"
      let isNewName = try registry.withLock { () throws -> Bool in
        let existing = try registry.manifest(relative)
        var sources = Set(existing?["sources"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let details: JSONValue = ["pipeline": .string(dataset.pipeline.name), "source": .string(dataset.name)]
        guard sources.insert(dataset.name).inserted else {
          if try !registry.audit.contains(subject: dataset.artifact.sha256, details: details) {
            let action = sources.count == 1 ? "dataset.accepted" : "dataset.source-added"
            try registry.audit.append(action: action, subject: dataset.artifact.sha256, details: details)
          }
          return false
        }
        let manifest = manifest(for: dataset, sources: sources, analysis: analysis, existing: existing)
        try registry.write(manifest, to: relative)
        try registry.audit.append(
          action: existing == nil ? "dataset.accepted" : "dataset.source-added",
          subject: dataset.artifact.sha256, details: details)
        return true
      }
      let duplicate = dataset.artifact.wasAlreadyStored
      if duplicate { summary.duplicates += 1 }
      if isNewName { summary.datasets += 1 }
      var entry: [String: JSONValue] = [
        "name": .string(dataset.name), "sha256": .string(dataset.artifact.sha256),
        "size": .int(dataset.artifact.size), "kind": .string(dataset.kind.rawValue),
        "duplicate": .bool(duplicate), "manifest": .string("registry/" + relative),
      ]
      if let analysis { entry["reports"] = analysis.reports }
      if let table = dataset.table { entry["reports"] = table.reports }
      entries[dataset.pipeline.name, default: []].append(.object(entry))
    }
    for (pipeline, datasets) in entries.sorted(by: { $0.key < $1.key }) {
      var receipt: [String: JSONValue] = [
        "source": .string(claimed.relativePath), "pipeline": .string(pipeline),
        "datasets": .array(datasets), "time": .string(Timestamp.nowISO8601()),
      ]
      if datasets.count == 1, let sha = datasets[0]["sha256"] { receipt["sha256"] = sha }
      if !collected.skipped.isEmpty { receipt["skipped"] = .array(collected.skipped) }
      let folder = workspace.outboxFolder(pipeline: pipeline, "accepted")
      try Directory.create(folder)
      let name = outputName(claimed.relativePath, pipeline: pipeline) + "." + claimed.token + ".json"
      try DurableFile.write(CanonicalJSON.bytes(.object(receipt)), to: Path.join(folder, name))
    }
    try claims.release(claimed)
    return summary
  }

  private func manifest(
    for dataset: Dataset, sources: Set<String>, analysis: GraphBuilder.Analysis?, existing: JSONValue?
  ) -> JSONValue {
    var counts: [String: JSONValue] = ["lines": .integer(dataset.statistics.lines)]
    var format: [String: JSONValue] = ["container": .string(dataset.container.rawValue)]
    var manifest: [String: JSONValue] = [
      "schema": "ohana.dataset/1",
      "sha256": .string(dataset.artifact.sha256),
      "size": .int(dataset.artifact.size),
      "kind": .string(dataset.kind.rawValue),
      "pipeline": .string(dataset.pipeline.name),
      "sources": .array(sources.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { .string($0) }),
      "artifact": .string("artifacts/" + String(store.path(of: dataset.artifact.sha256).dropFirst(store.root.count + 1))),
      "ingested_at": existing?["ingested_at"] ?? .string(Timestamp.nowISO8601()),
      "tool": ["name": "ohana", "version": .string(OhanaVersion.current)],
    ]
    if let table = dataset.table {
      for (key, value) in table.counts { counts[key] = value }
      format["delimiter"] = .string(table.delimiter)
      manifest["table"] = table.table
      manifest["table_schema"] = table.schema
      manifest["validation"] = table.validation
    }
    if let analysis {
      for (key, value) in analysis.counts { counts[key] = value }
      format["encoding"] = analysis.encoding
      format["gedcom_version"] = analysis.version
      manifest["graph"] = analysis.graph
      manifest["diagnostics"] = analysis.diagnostics
    }
    manifest["counts"] = .object(counts)
    manifest["format"] = .object(format)
    return .object(manifest)
  }

  private func reject(_ claimed: ClaimedFile, reason: String) throws -> IngestSummary {
    let hint = pipelineHint(claimed.relativePath)
    let folder = workspace.outboxFolder(pipeline: hint?.name, "rejected")
    try Directory.create(folder)
    var name = outputName(claimed.relativePath, pipeline: hint?.name)
    if try FileInfo.of(Path.join(folder, name)) != nil { name += "." + claimed.token }
    let destination = Path.join(folder, name)
    let error: JSONValue = [
      "source": .string(claimed.relativePath), "error": .string(reason),
      "pipeline": .nullable(hint?.name), "time": .string(Timestamp.nowISO8601()),
      "file": .string("outbox/" + String(destination.dropFirst(workspace.outbox.count + 1))),
    ]
    // The explanation is written first, so a file in rejected/ always has its reason beside it.
    try DurableFile.write(CanonicalJSON.bytes(error), to: destination + ".error.json")
    if rename(claimed.path, destination) != 0 { throw FileSystemError("rename", path: destination) }
    try Directory.sync(folder)
    try Directory.sync(claims.folder)
    log("rejected \(claimed.relativePath): \(reason)")
    var summary = IngestSummary()
    summary.rejected = 1
    return summary
  }

  /// After a failure of the machine, puts the claimed file back where the user left it; if
  /// that is not possible it stays claimed and the next run takes it back.
  private func restore(_ claimed: ClaimedFile) {
    let original = Path.join(workspace.inbox, claimed.relativePath)
    if (try? FileInfo.of(original)) ?? nil == nil, rename(claimed.path, original) == 0 {
      try? Directory.sync(Path.parent(of: original))
    }
  }

  /// The input's name for files in a pipeline's outbox: relative to the pipeline's own inbox
  /// folder, flattened to one path component.
  private func outputName(_ relativePath: String, pipeline: String?) -> String {
    if let pipeline, relativePath.hasPrefix(pipeline + "/") {
      return InboxNames.flatten(String(relativePath.dropFirst(pipeline.count + 1)))
    }
    return InboxNames.flatten(relativePath)
  }

  static func stripGzipSuffix(_ name: String) -> String {
    for suffix in [".gz", ".gzip", ".GZ"] where name.hasSuffix(suffix) && name.count > suffix.count {
      return String(name.dropLast(suffix.count))
    }
    return name
  }

  static func describe(_ kind: FileInfo.Kind) -> String {
    switch kind {
    case .symbolicLink: return "a symbolic link"
    case .fifo: return "a FIFO"
    case .characterDevice, .blockDevice: return "a device"
    case .socket: return "a socket"
    case .directory: return "a folder"
    case .regular: return "a regular file"
    case .unknown: return "a special file"
    }
  }
}

/// A failure of the machine while ingesting (disk full, I/O error): the command stops.
public enum IngestError: Error, CustomStringConvertible, Sendable {
  case failed(source: String, reason: String)
  /// Recording the input failed part way; it stays claimed and the next run finishes it.
  case unfinished(source: String, reason: String)

  public var description: String {
    switch self {
    case .failed(let source, let reason): return "could not ingest \(source) (it was left in the inbox): \(reason)"
    case .unfinished(let source, let reason):
      return "could not finish recording \(source) (it stays claimed; the next run completes it): \(reason)"
    }
  }
}
