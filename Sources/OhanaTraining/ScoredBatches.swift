import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaStore
import OhanaTabular

/// The scored batches of a tabular pipeline, read back from `outbox/<pipeline>/predictions/`:
/// every batch whose provenance is written (so its outputs are complete), oldest first, and on
/// request the scored rows of given ids, for joining feedback.
struct ScoredBatches {
  /// One scored batch.
  struct Batch: Sendable {
    /// The output name (`<stem>.csv`, `<stem>.provenance.json`).
    var stem: String
    var provenance: JSONValue
    /// When it was scored (seconds since 1970).
    var scoredAt: Double
    /// The SHA-256 of the provenance file: a batch scored again is a new batch.
    var sha256: String
  }

  /// A scored row, as the output CSV has it.
  struct Row: Sendable, Equatable {
    var variant: String
    var version: String
    var probability: Double
    var positive: Bool
  }

  let folder: String
  let batches: [Batch]
  /// Where the batches' ``ScoredRowsFile``s are kept, and the join's (see ``rows(of:idColumn:)``).
  let derivedFolder: String
  let stateFolder: String
  let pipeline: String

  /// Reads every batch's provenance.
  init(workspace: Workspace, pipeline: String) throws {
    folder = workspace.outboxFolder(pipeline: pipeline, "predictions")
    derivedFolder = ScoredRowsFile.folder(stateFolder: workspace.stateFolder, pipeline: pipeline)
    stateFolder = workspace.stateFolder
    self.pipeline = pipeline
    var batches: [Batch] = []
    if (try FileInfo.of(folder)) != nil {
      for name in try Directory.entries(of: folder)
      where name.hasSuffix(".provenance.json") && !name.hasPrefix(".") {
        let bytes = try DurableFile.read(Path.join(folder, name))
        guard let provenance = try? JSONParser.parse(bytes), provenance["input_sha256"] != nil,
          provenance["rows"]?["scored"] != nil
        else { continue }
        batches.append(
          Batch(
            stem: String(name.dropLast(".provenance.json".count)), provenance: provenance,
            scoredAt: provenance["scored_at"]?.stringValue.flatMap(Timestamp.parseISO8601) ?? 0,
            sha256: SHA256Hasher.hash(bytes)))
      }
    }
    self.batches = batches.sorted { ($0.scoredAt, $0.stem) < ($1.scoredAt, $1.stem) }
  }

  /// Milliseconds each batch took to score, oldest first: the whole batch, or only the rows of
  /// `variant` when it is served by `version`.
  func latencies(variant: String? = nil, version: String? = nil) -> [Double] {
    batches.compactMap { batch in
      guard let variant else { return batch.provenance["latency_ms"]?.doubleValue }
      guard let entry = batch.provenance["variants"]?[variant],
        version == nil || entry["model_version"]?.stringValue == version
      else { return nil }
      return entry["latency_ms"]?.doubleValue
    }
  }

  /// The 95th percentile by nearest rank (the smallest value at or above 95% of them); nil when empty.
  static func percentile95(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    return sorted[max(0, Int((0.95 * Double(sorted.count)).rounded(.up)) - 1)]
  }

  /// The latest scoring of each of `ids` (an id scored in several batches keeps its latest).
  ///
  /// Work in proportion to what is new: the pipeline's join file holds the answer for the same
  /// ids over a list of batches; when those batches are still the first ones here, unchanged,
  /// only the batches after them are read. Otherwise (new feedback ids, a batch scored again or
  /// removed) every batch is read, each from its ``ScoredRowsFile`` (made from its output CSV the
  /// first time). The join file is then rewritten, and the files of batches gone are removed.
  func rows(of ids: Set<String>, idColumn: String) throws -> [String: Row] {
    var keys: [ScoredRowsFile.Key?] = []
    for batch in batches {
      let csv = try FileInfo.of(Path.join(folder, batch.stem + ".csv"))
      keys.append(
        csv.map {
          ScoredRowsFile.Key(
            provenanceSHA256: batch.sha256, idColumn: idColumn,
            production: batch.provenance["model_version"]?.stringValue ?? "", csv: $0)
        })
    }
    // Each batch as the join saw it (without its CSV, it had no rows).
    let seen: [JSONValue] = keys.map { $0.map { .object($0.fields) } ?? .string("no output CSV") }
    var digest = SHA256Hasher()
    for id in ids.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      digest.update(Array("\(id.utf8.count):\(id)".utf8))
    }
    let asked: [String: JSONValue] = [
      "id_column": .string(idColumn), "ids_sha256": .string(digest.finalize()),
    ]

    let joinPath = ScoredRowsFile.joinPath(stateFolder: stateFolder, pipeline: pipeline)
    var rows: [String: Row] = [:]
    var joined: Int?
    if let join = ScoredRowsFile.read(joinPath), let done = join.stated["batches"]?.arrayValue,
      join.stated.filter({ $0.key != "batches" }) == asked, seen.starts(with: done)
    {
      rows = Dictionary(zip(join.rows.ids, join.rows.rows), uniquingKeysWith: { _, last in last })
      joined = done.count
    }
    for (batch, key) in zip(batches, keys).dropFirst(joined ?? 0) {
      guard let key else { continue }
      let scored = try ScoredRowsFile.load(
        csvPath: Path.join(folder, batch.stem + ".csv"), key: key, folder: derivedFolder)
      for (id, row) in zip(scored.ids, scored.rows) where ids.contains(id) { rows[id] = row }
    }
    if joined != batches.count {
      let sorted = rows.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      let file = ScoredRowsFile(ids: sorted, rows: sorted.map { rows[$0]! })
      var stated = asked
      stated["batches"] = .array(seen)
      try Directory.create(derivedFolder)
      try DurableFile.write(file.encoded(stating: stated), to: joinPath)
    }
    try ScoredRowsFile.prune(folder: derivedFolder, keeping: Set(batches.map(\.sha256)))
    return rows
  }
}
