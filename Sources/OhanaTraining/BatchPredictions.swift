import Foundation
import OhanaClassifiers
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaMonitor
import OhanaStore
import OhanaTabular

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Batch predictions of a tabular pipeline: CSV files dropped into `inbox/<pipeline>/predict/`
/// (or given to `ohana predict`) scored by the production model — or, when the channel has a
/// canary or the configuration an active experiment, by the variant each row's id is assigned
/// to (see ``ModelRouting``).
///
/// For `<name>.csv` it writes `outbox/<pipeline>/predictions/<name>.csv` (every input row with
/// its prediction and probability, then its `variant` and `model_version`), `<name>.rejects.csv`
/// when rows fail the schema (with the reason; no row is dropped silently) and
/// `<name>.provenance.json` last, with the rows and latency of each variant. The input is kept in
/// the content store; an inbox file is then removed. A run killed in between finds the
/// provenance for the same input and routing and only finishes the removal, so nothing is
/// scored twice.
public struct BatchPredictions {
  public let workflow: TabularWorkflow

  public init(workflow: TabularWorkflow) { self.workflow = workflow }

  /// Upper bounds of the probability histogram recorded per variant (for the metrics file).
  static let probabilityBounds = (1...10).map { Double($0) / 10 }

  var workspace: Workspace { workflow.workspace }
  var pipeline: String { workflow.pipeline.name }
  var outputFolder: String { workspace.outboxFolder(pipeline: pipeline, "predictions") }

  /// A registered model version loaded from the store.
  struct LoadedModel {
    var artifact: String
    var model: TabularModel
  }

  /// Models loaded once per call, by version.
  struct ModelCache {
    let workspace: Workspace
    let pipeline: String
    private var loaded: [SemanticVersion: LoadedModel] = [:]

    init(workspace: Workspace, pipeline: String) {
      self.workspace = workspace
      self.pipeline = pipeline
    }

    mutating func model(_ version: SemanticVersion) throws -> LoadedModel {
      if let model = loaded[version] { return model }
      guard let manifest = try ModelRegistry(registry: workspace.registry).model(pipeline, version),
        let sha = manifest["artifact"]?["sha256"]?.stringValue
      else { throw LifecycleError.unknownVersion(pipeline: pipeline, version: version.description) }
      let model = LoadedModel(artifact: sha, model: try TabularModel(decoding: workspace.store.read(sha)))
      loaded[version] = model
      return model
    }
  }

  /// The production model, its version and artifact.
  public func productionModel() throws -> (version: String, artifact: String, model: TabularModel) {
    guard let version = try ModelRegistry(registry: workspace.registry).channel(pipeline).production else {
      throw TrainingError.noProductionModel(pipeline: pipeline)
    }
    var models = ModelCache(workspace: workspace, pipeline: pipeline)
    let loaded = try models.model(version)
    return (version.description, loaded.artifact, loaded.model)
  }

  /// Scores every finished file in the pipeline's `predict/` folder; returns the files written.
  /// Files wait there while no production model exists.
  public func scoreInbox() throws -> [String] {
    let folder = InboxFolder(
      workspace: workspace, label: pipeline + "/predict", pipeline: pipeline, log: workflow.log)
    let names = try folder.readyFiles()
    guard !names.isEmpty else { return [] }
    guard let routing = try ModelRouting(registry: workspace.registry, pipeline: workflow.pipeline) else {
      workflow.log("\(pipeline): \(names.count) file(s) in predict/ wait for a production model")
      return []
    }
    var models = ModelCache(workspace: workspace, pipeline: pipeline)
    var written: [String] = []
    for name in names {
      guard name.lowercased().hasSuffix(".csv") else {
        try folder.refuse(name, reason: "only .csv files can be scored; \(name) is not one")
        continue
      }
      do {
        written += try score(file: Path.join(folder.path, name), routing: routing, models: &models)
      } catch let error as TrainingError {
        try folder.refuse(name, reason: error.description)
        continue
      }
      try folder.remove(name)
    }
    return written
  }

  /// Scores one CSV file (`ohana predict`), leaving the file where it is.
  public func score(file: String) throws -> [String] {
    guard let routing = try ModelRouting(registry: workspace.registry, pipeline: workflow.pipeline) else {
      throw TrainingError.noProductionModel(pipeline: pipeline)
    }
    var models = ModelCache(workspace: workspace, pipeline: pipeline)
    return try score(file: file, routing: routing, models: &models)
  }

  private func score(file: String, routing: ModelRouting, models: inout ModelCache) throws -> [String] {
    let bytes = try DurableFile.read(file)
    let inputSHA = SHA256Hasher.hash(bytes)
    let stem = Self.stem(of: Path.name(of: file))
    let provenancePath = Path.join(outputFolder, stem + ".provenance.json")
    if let existing = try? JSONParser.parse(DurableFile.read(provenancePath)),
      existing["input_sha256"]?.stringValue == inputSHA, existing["routing"] == routing.json
    {
      return []
    }
    let production = try models.model(routing.production)
    guard
      let schema = try SchemaCatalog(registry: workspace.registry, pipeline: pipeline).schema(
        production.model.schemaVersion)
    else { throw TrainingError.noSchema(pipeline: pipeline) }
    let started = DispatchTime.now().uptimeNanoseconds
    let batch = try read(bytes, schema: schema, file: file)
    let table = batch.scored
    let source: (Int) -> Int? = { batch.rowAsWritten[$0] }
    let idName = workflow.pipeline.tabular.idColumn
    let idColumn = idName.flatMap { batch.asWritten.column(named: $0) }
    let routes = (0..<table.rowCount).map { row in
      routing.route(id: idColumn.flatMap { column in source(row).flatMap { column.text(at: $0) } })
    }
    let scored = try scoreByRoute(table, routes: routes, routing: routing, models: &models)
    let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6

    try Directory.create(outputFolder)
    var written: [String] = []
    let columns = batch.asWritten.columns.filter { $0.name != production.model.target }
    var text = CSVWriter.row(
      ["line", "prediction", "probability"] + columns.map(\.name) + ["variant", "model_version"])
    for row in 0..<table.rowCount {
      text += CSVWriter.row(
        [
          String(table.lines[row]), scored.positive[row] ? "1" : "0",
          String(format: "%.6f", scored.probabilities[row]),
        ]
          + columns.map { column in source(row).flatMap { column.text(at: $0) } ?? "" }
          + [routes[row].variant, routes[row].version.description])
    }
    let outputPath = Path.join(outputFolder, stem + ".csv")
    try DurableFile.write(text, to: outputPath)
    written.append(outputPath)
    let rejectsPath = Path.join(outputFolder, stem + ".rejects.csv")
    if !table.problems.isEmpty {
      var rejects = CSVWriter.row(["line", "reason", "row"])
      for problem in table.problems {
        rejects += CSVWriter.row([String(problem.line), problem.reason, problem.raw])
      }
      try DurableFile.write(rejects, to: rejectsPath)
      written.append(rejectsPath)
    } else if (try FileInfo.of(rejectsPath)) != nil {
      // An older rejects file of an earlier input with this name would now be wrong.
      guard unlink(rejectsPath) == 0 else { throw FileSystemError("unlink", path: rejectsPath) }
    }
    // Kept in the store, so drift analysis can read the batch again whatever happens to the file.
    let input = try workspace.store.store(bytes: bytes)
    let withoutID =
      idColumn == nil
      ? table.rowCount
      : (0..<table.rowCount).count(where: { row in
        (source(row).flatMap { idColumn?.text(at: $0) } ?? "").isEmpty
      })
    var provenance: [String: JSONValue] = [
      "pipeline": .string(pipeline), "input": .string(Path.name(of: file)), "input_sha256": .string(inputSHA),
      "input_artifact": .string(workflow.context.artifactPath(input.sha256)),
      "model_version": .string(routing.production.description),
      "model_artifact_sha256": .string(production.artifact),
      "model_family": .string(production.model.family.rawValue),
      "table_schema": .string(production.model.schemaVersion),
      "threshold": .double(production.model.threshold), "code_version": .string(CodeVersion.current),
      "rows": [
        "input": .integer(table.rowCount + table.problems.count), "scored": .integer(table.rowCount),
        "rejected": .integer(table.problems.count),
        "predicted_positive": .integer(scored.positive.count(where: { $0 })),
        "without_id": .integer(withoutID),
      ],
      "latency_ms": .double(Self.rounded(milliseconds)),
      "latency_ms_per_1000_rows": .double(
        table.rowCount > 0 ? milliseconds * 1000 / Double(table.rowCount) : 0),
      "scored_at": .string(Timestamp.nowISO8601()), "routing": routing.json, "id_column": .nullable(idName),
      "variants": .object(scored.variants),
    ]
    if withoutID > 0 {
      let fallback = routing.fallback
      provenance["rows_without_id"] = .string(
        "\(withoutID) row(s) had no \(idName ?? "id column") value: they were scored by \(fallback.variant) "
          + "(model \(fallback.version)) and cannot be joined with feedback")
    }
    provenance["outputs"] = .array(
      (written + [provenancePath]).map {
        .string("outbox/" + String($0.dropFirst(workspace.outbox.count + 1)))
      })
    // Written last: its presence says the outputs beside it are complete.
    try DurableFile.write(CanonicalJSON.bytes(.object(provenance)), to: provenancePath)
    written.append(provenancePath)
    let variants = scored.variants.keys.sorted().map {
      "\($0) \(scored.variants[$0]?["rows"]?.intValue ?? 0)"
    }
    workflow.log(
      "\(pipeline): scored \(table.rowCount) rows of \(Path.name(of: file))"
        + (table.problems.isEmpty ? "" : ", \(table.problems.count) rejected")
        + " with model \(routing.production)"
        + (variants.count > 1 ? " (\(variants.joined(separator: ", ")))" : ""))
    return written
  }

  /// A batch's rows: as scored (read against the schema) and as written (for the output and
  /// the ids), with the row as written of each scored row.
  struct Batch {
    var scored: CSVTable
    var asWritten: CSVTable
    var rowAsWritten: [Int?]
  }

  /// Reads a batch once, as written, and scores those rows when every schema field's column
  /// fits its field (see ``fits(_:_:)``): read against the schema they would give the same
  /// rows and features, except that the schema's reading maps categories it does not know (a
  /// new site) to missing, which must not blank them in the output. Only a batch with a value
  /// its field cannot take, or without a schema column, is read against the schema too, for
  /// its rejected rows and their reasons (or the error).
  func read(_ bytes: [UInt8], schema: TableSchema, file: String) throws -> Batch {
    var options = CSVOptions()
    if let tokens = workflow.pipeline.tabular.missingValues { options.missingTokens = Set(tokens) }
    let asWritten = try? CSVTable.parse(bytes: bytes, options: options)
    if let asWritten,
      schema.fields.allSatisfy({ field in
        asWritten.column(named: field.name).map { Self.fits($0, field) } ?? (field.name == schema.target)
      })
    {
      return Batch(scored: asWritten, asWritten: asWritten, rowAsWritten: Array(0..<asWritten.rowCount))
    }
    let scored: CSVTable
    do { scored = try CSVTable.parse(bytes: bytes, schema: schema, options: options) } catch {
      throw TrainingError.unreadableInput(path: Path.name(of: file), reason: "\(error)")
    }
    guard let asWritten else {
      return Batch(scored: scored, asWritten: scored, rowAsWritten: Array(0..<scored.rowCount))
    }
    var rowOfLine: [Int32: Int] = [:]
    for (row, line) in asWritten.lines.enumerated() { rowOfLine[line] = row }
    return Batch(scored: scored, asWritten: asWritten, rowAsWritten: scored.lines.map { rowOfLine[$0] })
  }

  /// Whether a column read with inferred types encodes as the schema's reading of it would:
  /// no value at all; an open categorical domain (read as written either way); the field's
  /// own type; categories for a categorical field; integers for a float field; 0 and 1 for a
  /// boolean field. Inference takes the narrowest type every value fits, so each value of such
  /// a column also fits the field.
  static func fits(_ column: TableColumn, _ field: TableSchema.Field) -> Bool {
    if column.missingCount == column.count || column.type == field.type { return true }
    switch field.type {
    case .categorical: return field.levels.isEmpty
    case .float: return column.type == .integer
    case .boolean:
      return column.type == .integer && column.numbers.allSatisfy { $0.isNaN || $0 == 0 || $0 == 1 }
    case .integer, .date: return false
    }
  }

  /// Each route's rows scored by its model: probabilities and predictions in row order, and per
  /// variant its rows, positives, scoring time and probability histogram.
  private func scoreByRoute(
    _ table: CSVTable, routes: [ModelRouting.Route], routing: ModelRouting, models: inout ModelCache
  ) throws -> (probabilities: [Double], positive: [Bool], variants: [String: JSONValue]) {
    var probabilities = [Double](repeating: .nan, count: table.rowCount)
    var positive = [Bool](repeating: false, count: table.rowCount)
    var variants: [String: JSONValue] = [:]
    var rowsOf: [ModelRouting.Route: [Int]] = [:]
    for (row, route) in routes.enumerated() { rowsOf[route, default: []].append(row) }
    for route in routing.routes + [routing.fallback] {
      guard variants[route.variant] == nil, let rows = rowsOf[route], !rows.isEmpty else { continue }
      let loaded = try models.model(route.version)
      let started = DispatchTime.now().uptimeNanoseconds
      let subset = rows.count == table.rowCount ? table : table.selecting(rows: rows)
      let scores = loaded.model.probabilities(subset)
      let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
      var histogram = try PrometheusHistogram(upperBounds: Self.probabilityBounds)
      var positives = 0
      for (row, probability) in zip(rows, scores) {
        probabilities[row] = probability
        positive[row] = probability >= loaded.model.threshold
        if positive[row] { positives += 1 }
        histogram.observe(probability)
      }
      variants[route.variant] = [
        "model_version": .string(route.version.description),
        "model_artifact_sha256": .string(loaded.artifact),
        "rows": .integer(rows.count), "predicted_positive": .integer(positives),
        "latency_ms": .double(Self.rounded(milliseconds)), "probabilities": histogram.json,
      ]
    }
    return (probabilities, positive, variants)
  }

  /// Milliseconds to the microsecond.
  static func rounded(_ milliseconds: Double) -> Double { (milliseconds * 1000).rounded() / 1000 }

  /// An output name from an input name, without `.csv`.
  static func stem(of name: String) -> String {
    name.lowercased().hasSuffix(".csv") ? String(name.dropLast(4)) : name
  }
}
