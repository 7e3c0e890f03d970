import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaStore
import OhanaTabular

/// The scored batches of a tabular pipeline, read back from `outbox/<pipeline>/predictions/`:
/// every batch whose provenance is written (so its outputs are complete), oldest first, and on
/// request the scored rows by id for joining feedback.
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
  struct Row: Sendable {
    var variant: String
    var version: String
    var probability: Double
    var positive: Bool
  }

  let folder: String
  let batches: [Batch]

  /// Reads every batch's provenance.
  init(workspace: Workspace, pipeline: String) throws {
    folder = workspace.outboxFolder(pipeline: pipeline, "predictions")
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

  /// Every scored row with an id, by id; an id scored in several batches keeps its latest scoring.
  func rowsByID(idColumn: String) throws -> [String: Row] {
    var rows: [String: Row] = [:]
    for batch in batches {
      let path = Path.join(folder, batch.stem + ".csv")
      guard (try FileInfo.of(path)) != nil else { continue }
      let table = try CSVTable.parse(contentsOf: path)
      guard let ids = table.column(named: idColumn), let probabilities = table.column(named: "probability"),
        let predictions = table.column(named: "prediction")
      else { continue }
      // Outputs name their variant and version in the last two columns; older ones served production.
      let names = table.columnNames.suffix(2)
      let variants = names == ["variant", "model_version"] ? table.columns[table.columns.count - 2] : nil
      let versions = variants == nil ? nil : table.columns.last
      let production = batch.provenance["model_version"]?.stringValue ?? ""
      for row in 0..<table.rowCount {
        guard let id = ids.text(at: row), !id.isEmpty, probabilities.type.isNumeric,
          predictions.type.isNumeric
        else { continue }
        rows[id] = Row(
          variant: variants?.text(at: row) ?? "production",
          version: versions?.text(at: row) ?? production, probability: probabilities.numbers[row],
          positive: predictions.numbers[row] == 1)
      }
    }
    return rows
  }
}
