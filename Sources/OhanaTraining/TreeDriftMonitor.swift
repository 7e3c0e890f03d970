import OhanaConfig
import OhanaFiles
import OhanaGEDCOM
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaMonitor
import OhanaStore
import OhanaTabular

/// Drift reports of a family-tree pipeline, `outbox/<pipeline>/reports/drift-tree-<name>-<sha>.json`
/// and `.html`: every tree the production model was not trained on, against the trees it was,
/// person by person (``TreeProfile``) — and, where the production model's predictions exist for
/// both, the probability of each person's first candidate as the prediction column, so a model
/// less sure of a new tree shows.
struct TreeDriftMonitor {
  let workspace: Workspace
  let pipeline: PipelineConfig
  let log: (String) -> Void

  /// The prediction column: the production model's probability of a person's first candidate.
  static let predictionColumn = "(first candidate probability)"

  /// Writes every missing or outdated report, recording it in `reports`; returns one line per
  /// report written.
  func run(reports: inout DriftReports) throws -> [String] {
    let models = ModelRegistry(registry: workspace.registry)
    guard pipeline.monitoring.drift.enabled, let production = try models.channel(pipeline.name).production,
      let manifest = try models.model(pipeline.name, production)
    else { return [] }
    let version = production.description
    let trainedOn = Set(manifest["datasets"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    let entries = try DatasetCatalog(registry: workspace.registry, pipeline: pipeline.name).entries
    let references = entries.filter { trainedOn.contains($0.sha256) }
    guard !references.isEmpty else {
      if entries.contains(where: { !trainedOn.contains($0.sha256) }) {
        log(
          "\(pipeline.name): the training trees of model \(version) are not in the registry; no drift reports"
        )
      }
      return []
    }
    var reference: Profile?
    var lines: [String] = []
    for entry in entries where !trainedOn.contains(entry.sha256) {
      let stem = ParentageWorkflow.stem(of: entry, pipeline: pipeline.name)
      let file = DriftReportFile(
        workspace: workspace, pipeline: pipeline, name: "tree-\(stem)-\(entry.sha256.prefix(8))")
      if file.isCurrent(in: reports, version: version, sha256: entry.sha256) { continue }
      if reference == nil { reference = try profile(references, version: version) }
      let current = try profile([entry], version: version)
      var (compared, observed) = (reference!.columns, current.columns)
      var options = DriftOptions(correction: file.correction)
      if let before = reference!.firstProbabilities, let now = current.firstProbabilities, !before.isEmpty,
        !now.isEmpty
      {
        compared[Self.predictionColumn] = .numeric(before)
        observed[Self.predictionColumn] = .numeric(now)
        options.predictionColumn = Self.predictionColumn
      }
      let report = try DriftAnalysis.analyze(reference: compared, current: observed, options: options)
      let manifest = try workspace.registry.manifest("datasets/\(pipeline.name)/\(entry.sha256).json")
      lines.append(
        try file.write(
          report, title: "Drift of \(stem) against the trees model \(version) was trained on", kind: "tree",
          sha256: entry.sha256, observedAt: manifest?["ingested_at"]?.stringValue ?? "", version: version,
          datasets: references.map(\.sha256).sorted(), into: &reports))
    }
    return lines
  }

  /// Trees as drift analysis compares them.
  private struct Profile {
    var columns: [String: ColumnSample]
    /// Each predicted person's first-candidate probability, when the production model's
    /// predictions of every tree are on file.
    var firstProbabilities: [Double]?
  }

  private func profile(_ entries: [DatasetCatalog.Entry], version: String) throws -> Profile {
    let graphs = try entries.map { try DatasetCatalog.graph(of: $0, store: workspace.store) }
    var probabilities: [Double]? = []
    for entry in entries {
      guard let first = try firstCandidateProbabilities(entry, version: version) else {
        probabilities = nil
        break
      }
      probabilities! += first
    }
    return Profile(columns: TreeProfile(graphs: graphs).columns, firstProbabilities: probabilities)
  }

  /// The probability of each predicted person's first candidate in the predictions of `entry`
  /// by model `version`; nil when those predictions are not on file.
  private func firstCandidateProbabilities(_ entry: DatasetCatalog.Entry, version: String) throws -> [Double]?
  {
    let files = TreePredictionFiles(
      workspace: workspace, pipeline: pipeline.name,
      stem: ParentageWorkflow.stem(of: entry, pipeline: pipeline.name))
    guard files.areCurrent(version: version, datasetSHA256: entry.sha256) else { return nil }
    let table = try CSVTable.parse(contentsOf: files.csv)
    guard let ranks = table.column(named: "rank"), let probabilities = table.column(named: "probability"),
      ranks.type.isNumeric, probabilities.type.isNumeric
    else { return table.rowCount == 0 ? [] : nil }
    return (0..<table.rowCount).filter { ranks.numbers[$0] == 1 }.map { probabilities.numbers[$0] }
  }
}
