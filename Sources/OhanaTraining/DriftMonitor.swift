import OhanaClassifiers
import OhanaConfig
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaMonitor
import OhanaStore
import OhanaTabular

/// Drift reports of a tabular pipeline, `outbox/<pipeline>/reports/drift-<name>.json` and `.html`:
/// every dataset the production model was not trained on (`drift-dataset-<name>-<sha>`) and every
/// scored prediction batch (`drift-predictions-<name>`), against the training data of the model
/// (production for a dataset, the model that scored a batch), column by column as
/// ``DriftAnalysis`` decides, with the model's probabilities on both as the prediction column.
///
/// A report names its reference model and the content it analyzed; one that is up to date is not
/// redone, so a second tick writes nothing. The JSON is written after the HTML: its presence
/// says the report is complete.
struct DriftMonitor {
  let workspace: Workspace
  let pipeline: PipelineConfig
  let log: (String) -> Void

  /// The prediction column of the reports: the reference model's probability of the positive class.
  static let predictionColumn = "(predicted probability)"

  /// The training data of one model, ready to compare with.
  struct Reference {
    var version: SemanticVersion
    var datasets: [String]
    var model: TabularModel
    var schema: TableSchema
    var samples: [String: ColumnSample]
  }

  /// Something to compare with a reference.
  private struct Target {
    var name: String
    var kind: String
    var sha256: String
    var observedAt: String
    var version: SemanticVersion
    /// The rows as read (for the features) and as the model reads them (for its probabilities).
    var load: (Reference) throws -> (features: CSVTable, scored: CSVTable)
  }

  /// Writes every missing or outdated report, recording it in `reports`; returns one line per
  /// report written.
  func run(batches: ScoredBatches, reports: inout DriftReports) throws -> [String] {
    guard pipeline.monitoring.drift.enabled,
      let production = try ModelRegistry(registry: workspace.registry).channel(pipeline.name).production
    else { return [] }
    var references: [SemanticVersion: Reference] = [:]
    var lines: [String] = []
    for target in try targets(production: production, batches: batches) {
      let file = DriftReportFile(workspace: workspace, pipeline: pipeline, name: target.name)
      if file.isCurrent(in: reports, version: target.version.description, sha256: target.sha256) { continue }
      if references[target.version] == nil {
        guard let reference = try reference(target.version) else { continue }
        references[target.version] = reference
      }
      let reference = references[target.version]!
      let (features, scored) = try target.load(reference)
      var current = Self.samples(features, schema: reference.schema, exclude: excluded(reference))
      current[Self.predictionColumn] = .numeric(reference.model.probabilities(scored))
      let report = try DriftAnalysis.analyze(
        reference: reference.samples, current: current,
        options: DriftOptions(correction: file.correction, predictionColumn: Self.predictionColumn))
      lines.append(
        try file.write(
          report, title: "Drift of \(target.name) against model \(reference.version)'s training data",
          kind: target.kind, sha256: target.sha256, observedAt: target.observedAt,
          version: reference.version.description, datasets: reference.datasets, into: &reports))
    }
    return lines
  }

  /// New datasets against production, then every batch against the model that scored it.
  private func targets(production: SemanticVersion, batches: ScoredBatches) throws -> [Target] {
    let models = ModelRegistry(registry: workspace.registry)
    let store = workspace.store
    var targets: [Target] = []
    let trainedOn = Set(
      try models.model(pipeline.name, production)?["datasets"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    let manifests = workspace.registry
    for entry in try DatasetCatalog(registry: manifests, pipeline: pipeline.name).entries
    where !trainedOn.contains(entry.sha256) && entry.tableSHA256 != nil {
      let manifest = try manifests.manifest("datasets/\(pipeline.name)/\(entry.sha256).json")
      let stem = BatchPredictions.stem(of: Path.name(of: entry.name))
      targets.append(
        Target(
          name: "dataset-" + InboxNames.flatten(stem) + "-" + entry.sha256.prefix(8), kind: "dataset",
          sha256: entry.sha256, observedAt: manifest?["ingested_at"]?.stringValue ?? "", version: production,
          load: { _ in
            let table = try DatasetCatalog.table(of: entry, store: store)
            return (table, table)
          }))
    }
    var options = CSVOptions()
    if let tokens = pipeline.tabular.missingValues { options.missingTokens = Set(tokens) }
    for batch in batches.batches {
      guard let sha = batch.provenance["input_sha256"]?.stringValue, store.contains(sha),
        let version = batch.provenance["model_version"]?.stringValue.flatMap(SemanticVersion.init)
      else { continue }
      targets.append(
        Target(
          name: "predictions-" + batch.stem, kind: "predictions", sha256: sha,
          observedAt: batch.provenance["scored_at"]?.stringValue ?? "", version: version,
          load: { reference in
            let bytes = try store.read(sha)
            return (
              try CSVTable.parse(bytes: bytes, options: options),
              try CSVTable.parse(bytes: bytes, schema: reference.schema, options: options)
            )
          }))
    }
    return targets
  }

  /// The training data of `version` with its probabilities; nil when the model or its data is gone.
  private func reference(_ version: SemanticVersion) throws -> Reference? {
    guard let manifest = try ModelRegistry(registry: workspace.registry).model(pipeline.name, version),
      let artifact = manifest["artifact"]?["sha256"]?.stringValue,
      let shas = manifest["datasets"]?.arrayValue?.compactMap(\.stringValue)
    else { return nil }
    let model = try TabularModel(decoding: workspace.store.read(artifact))
    let entries = try DatasetCatalog(registry: workspace.registry, pipeline: pipeline.name).entries.filter {
      shas.contains($0.sha256)
    }
    guard !entries.isEmpty,
      let schema = try SchemaCatalog(registry: workspace.registry, pipeline: pipeline.name).schema(
        model.schemaVersion)
    else {
      log(
        "\(pipeline.name): the training data of model \(version) is not in the registry; no drift reports against it"
      )
      return nil
    }
    let table = try TabularWorkflow.table(of: entries, store: workspace.store)
    var reference = Reference(
      version: version, datasets: shas.sorted(), model: model, schema: schema, samples: [:])
    reference.samples = Self.samples(table, schema: schema, exclude: excluded(reference))
    reference.samples[Self.predictionColumn] = .numeric(model.probabilities(table))
    return reference
  }

  /// Columns that are not features: the target and the id.
  private func excluded(_ reference: Reference) -> Set<String> {
    Set([reference.model.target, reference.schema.target, pipeline.tabular.idColumn].compactMap { $0 })
  }

  /// The schema's feature columns of `table`, each read as the schema types it (numbers or
  /// categories), whatever type reading the file inferred; absent columns are all missing.
  static func samples(_ table: CSVTable, schema: TableSchema, exclude: Set<String>) -> [String: ColumnSample]
  {
    var samples: [String: ColumnSample] = [:]
    for field in schema.fields where !exclude.contains(field.name) {
      let rows = table.rowCount
      guard let column = table.column(named: field.name) else {
        samples[field.name] =
          field.type.isNumeric
          ? .numeric([Double](repeating: .nan, count: rows))
          : .categorical([String?](repeating: nil, count: rows))
        continue
      }
      switch (field.type.isNumeric, column.type.isNumeric) {
      case (true, true): samples[field.name] = .numeric(column.numbers)
      case (false, false): samples[field.name] = .codes(column.codes, levels: column.levels)
      case (true, false):
        samples[field.name] = .numeric(
          column.codes.map { $0 < 0 ? .nan : Double(column.levels[Int($0)]) ?? .nan })
      case (false, true): samples[field.name] = .categorical((0..<rows).map { column.text(at: $0) })
      }
    }
    return samples
  }
}
