import OhanaConfig
import OhanaIngest
import OhanaJSON
import OhanaStore

/// Every recorded feedback row of a tabular pipeline joined by id to the prediction it is about,
/// in the order the outcomes happened (their `time`, else when their file was received).
///
/// A row is a success when the file says `outcome = 1`, or when its `label` is the class the
/// prediction chose. Rows whose id has no scored prediction are counted as unmatched.
struct FeedbackLedger {
  /// One feedback row joined to its prediction.
  struct Entry: Sendable {
    /// The feedback file it came from.
    var feedback: String
    var time: Double
    var variant: String
    var version: String
    var probability: Double
    var predictedPositive: Bool
    /// Whether the prediction was right.
    var success: Bool
    /// Whether the true class is the positive one.
    var label: Bool
  }

  /// One recorded feedback file.
  struct File: Sendable {
    var sha256: String
    var receivedAt: Double
  }

  var files: [File] = []
  var entries: [Entry] = []
  var unmatched = 0

  /// Reads every feedback record of `pipeline` and joins its rows to `batches`; `positiveClass`
  /// reads `label` columns.
  init(workspace: Workspace, pipeline: PipelineConfig, batches: ScoredBatches, positiveClass: String?) throws
  {
    let registry = workspace.registry
    var files: [(file: File, manifest: JSONValue)] = []
    for path in try registry.manifests(under: "feedback/\(pipeline.name)") {
      guard let manifest = try registry.manifest(path), let sha = manifest["sha256"]?.stringValue else {
        continue
      }
      let received = manifest["received_at"]?.stringValue.flatMap(Timestamp.parseISO8601) ?? 0
      files.append((File(sha256: sha, receivedAt: received), manifest))
    }
    files.sort { ($0.file.receivedAt, $0.file.sha256) < ($1.file.receivedAt, $1.file.sha256) }
    self.files = files.map(\.file)
    guard !files.isEmpty, let idColumn = pipeline.tabular.idColumn else { return }
    let feedback = try files.map {
      try FeedbackFile(bytes: workspace.store.read($0.file.sha256), idColumn: idColumn).rows
    }
    // Only the ids feedback is about are looked up in the (many more) scored rows.
    let predictions = try batches.rows(of: Set(feedback.joined().map(\.id)), idColumn: idColumn)
    var ordered: [(entry: Entry, order: Int)] = []
    for ((file, _), rows) in zip(files, feedback) {
      for row in rows {
        guard let scored = predictions[row.id] else {
          unmatched += 1
          continue
        }
        let success = row.outcome ?? ((row.label == positiveClass) == scored.positive)
        let entry = Entry(
          feedback: file.sha256, time: row.time ?? file.receivedAt, variant: scored.variant,
          version: scored.version, probability: scored.probability, predictedPositive: scored.positive,
          success: success, label: success == scored.positive)
        ordered.append((entry, ordered.count))
      }
    }
    entries = ordered.sorted { ($0.entry.time, $0.order) < ($1.entry.time, $1.order) }.map(\.entry)
  }

  /// The entries of one variant served by one version.
  func entries(variant: String, version: String) -> [Entry] {
    entries.filter { $0.variant == variant && $0.version == version }
  }
}
