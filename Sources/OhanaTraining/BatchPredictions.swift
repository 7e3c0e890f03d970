#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation
import OhanaClassifiers
import OhanaFiles
import OhanaIngest
import OhanaJSON
import OhanaLifecycle
import OhanaStore
import OhanaTabular
import OhanaWatch

/// Batch predictions of a tabular pipeline: CSV files dropped into `inbox/<pipeline>/predict/`
/// (or given to `ohana predict`) scored by the production model.
///
/// For `<name>.csv` it writes `outbox/<pipeline>/predictions/<name>.csv` (every input row with
/// its prediction and probability), `<name>.rejects.csv` when rows fail the schema (with the
/// reason; no row is dropped silently) and `<name>.provenance.json` last. The input is then
/// kept in the content store and removed from the inbox. A run killed in between finds the
/// provenance for the same input and model and only finishes the removal, so nothing is
/// scored twice.
public struct BatchPredictions {
  public let workflow: TabularWorkflow

  public init(workflow: TabularWorkflow) { self.workflow = workflow }

  var workspace: Workspace { workflow.workspace }
  var pipeline: String { workflow.pipeline.name }
  var inboxFolder: String { Path.join(workspace.inbox, pipeline, "predict") }
  var outputFolder: String { workspace.outboxFolder(pipeline: pipeline, "predictions") }

  /// The production model, its version and artifact.
  public func productionModel() throws -> (version: String, artifact: String, model: TabularModel) {
    let models = ModelRegistry(registry: workspace.registry)
    guard let version = try models.channel(pipeline).production, let manifest = try models.model(pipeline, version),
      let sha = manifest["artifact"]?["sha256"]?.stringValue
    else { throw TrainingError.noProductionModel(pipeline: pipeline) }
    return (version.description, sha, try TabularModel(decoding: workspace.store.read(sha)))
  }

  /// Scores every finished file in the pipeline's `predict/` folder; returns the files written.
  /// Files wait there while no production model exists.
  public func scoreInbox() throws -> [String] {
    guard (try FileInfo.of(inboxFolder)) != nil else { return [] }
    let names = try Directory.entries(of: inboxFolder).filter { !InboxNames.isIgnored($0) }.sorted()
    guard !names.isEmpty else { return [] }
    guard try ModelRegistry(registry: workspace.registry).channel(pipeline).production != nil else {
      workflow.log("\(pipeline): \(names.count) file(s) in predict/ wait for a production model")
      return []
    }
    let production = try productionModel()
    var written: [String] = []
    for name in names {
      let path = Path.join(inboxFolder, name)
      guard let info = try FileInfo.of(path), info.kind == .regular, WriterCheck.check(path: path) != .writerPresent
      else { continue }
      guard name.lowercased().hasSuffix(".csv") else {
        try refuse(path, name: name, reason: "only .csv files can be scored; \(name) is not one")
        continue
      }
      do {
        written += try score(file: path, production: production)
      } catch let error as TrainingError {
        try refuse(path, name: name, reason: error.description)
        continue
      }
      try keepAndRemove(path)
    }
    return written
  }

  /// Scores one CSV file (`ohana predict`), leaving the file where it is.
  public func score(file: String) throws -> [String] {
    try score(file: file, production: productionModel())
  }

  private func score(file: String, production: (version: String, artifact: String, model: TabularModel)) throws
    -> [String]
  {
    let bytes = try DurableFile.read(file)
    let inputSHA = SHA256Hasher.hash(bytes)
    let stem = Self.stem(of: Path.name(of: file))
    let provenancePath = Path.join(outputFolder, stem + ".provenance.json")
    if let existing = try? JSONParser.parse(DurableFile.read(provenancePath)),
      existing["input_sha256"]?.stringValue == inputSHA, existing["model_version"]?.stringValue == production.version
    {
      return []
    }
    let model = production.model
    guard let schema = try SchemaCatalog(registry: workspace.registry, pipeline: pipeline).schema(model.schemaVersion)
    else { throw TrainingError.noSchema(pipeline: pipeline) }
    var options = CSVOptions()
    if let tokens = workflow.pipeline.tabular.missingValues { options.missingTokens = Set(tokens) }
    let started = DispatchTime.now().uptimeNanoseconds
    let table: CSVTable
    do { table = try CSVTable.parse(bytes: bytes, schema: schema, options: options) } catch {
      throw TrainingError.unreadableInput(path: Path.name(of: file), reason: "\(error)")
    }
    let probabilities = model.probabilities(table)
    let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
    // The rows as written, for the output: the schema's reading maps unknown categories (a new
    // patient id) to missing, which must not blank them in what people read.
    let asWritten = try? CSVTable.parse(bytes: bytes, options: options)
    var rowOfLine: [Int32: Int] = [:]
    for (row, line) in (asWritten?.lines ?? []).enumerated() { rowOfLine[line] = row }
    try Directory.create(outputFolder)
    var written: [String] = []
    let columns = (asWritten?.columns ?? table.columns).filter { $0.name != model.target }
    var text = CSVWriter.row(["line", "prediction", "probability"] + columns.map(\.name))
    var positives = 0
    for row in 0..<table.rowCount {
      let probability = probabilities[row]
      let positive = probability >= model.threshold
      if positive { positives += 1 }
      let source = asWritten == nil ? row : rowOfLine[table.lines[row]]
      text += CSVWriter.row(
        [String(table.lines[row]), positive ? "1" : "0", String(format: "%.6f", probability)]
          + columns.map { column in source.flatMap { column.text(at: $0) } ?? "" })
    }
    let outputPath = Path.join(outputFolder, stem + ".csv")
    try DurableFile.write(text, to: outputPath)
    written.append(outputPath)
    let rejectsPath = Path.join(outputFolder, stem + ".rejects.csv")
    if !table.problems.isEmpty {
      var rejects = CSVWriter.row(["line", "reason", "row"])
      for problem in table.problems { rejects += CSVWriter.row([String(problem.line), problem.reason, problem.raw]) }
      try DurableFile.write(rejects, to: rejectsPath)
      written.append(rejectsPath)
    } else if (try FileInfo.of(rejectsPath)) != nil {
      // An older rejects file of an earlier input with this name would now be wrong.
      guard unlink(rejectsPath) == 0 else { throw FileSystemError("unlink", path: rejectsPath) }
    }
    let provenance: JSONValue = [
      "pipeline": .string(pipeline), "input": .string(Path.name(of: file)), "input_sha256": .string(inputSHA),
      "model_version": .string(production.version), "model_artifact_sha256": .string(production.artifact),
      "model_family": .string(model.family.rawValue), "table_schema": .string(model.schemaVersion),
      "threshold": .double(model.threshold), "code_version": .string(CodeVersion.current),
      "rows": [
        "input": .integer(table.rowCount + table.problems.count), "scored": .integer(table.rowCount),
        "rejected": .integer(table.problems.count), "predicted_positive": .integer(positives),
      ],
      "latency_ms": .double((milliseconds * 1000).rounded() / 1000),
      "latency_ms_per_1000_rows": .double(table.rowCount > 0 ? milliseconds * 1000 / Double(table.rowCount) : 0),
      "scored_at": .string(Timestamp.nowISO8601()),
      "outputs": .array(written.map { .string("outbox/" + String($0.dropFirst(workspace.outbox.count + 1))) }),
    ]
    // Written last: its presence says the outputs beside it are complete.
    try DurableFile.write(CanonicalJSON.bytes(provenance), to: provenancePath)
    written.append(provenancePath)
    workflow.log("\(pipeline): scored \(table.rowCount) rows of \(Path.name(of: file))"
      + (table.problems.isEmpty ? "" : ", \(table.problems.count) rejected") + " with model \(production.version)")
    return written
  }

  /// Keeps a scored input in the content store and takes it out of the inbox.
  private func keepAndRemove(_ path: String) throws {
    _ = try workspace.store.store(bytes: DurableFile.read(path))
    guard unlink(path) == 0 || errno == ENOENT else { throw FileSystemError("unlink", path: path) }
    try Directory.sync(inboxFolder)
  }

  /// Moves a file that cannot be scored to `outbox/<pipeline>/rejected/`, its reason beside it.
  private func refuse(_ path: String, name: String, reason: String) throws {
    let folder = workspace.outboxFolder(pipeline: pipeline, "rejected")
    try Directory.create(folder)
    let destination = Path.join(folder, "predict~" + name)
    let error: JSONValue = [
      "source": .string("\(pipeline)/predict/\(name)"), "error": .string(reason), "pipeline": .string(pipeline),
      "time": .string(Timestamp.nowISO8601()),
    ]
    try DurableFile.write(CanonicalJSON.bytes(error), to: destination + ".error.json")
    guard rename(path, destination) == 0 else { throw FileSystemError("rename", path: destination) }
    try Directory.sync(folder)
    try Directory.sync(inboxFolder)
    workflow.log("rejected \(pipeline)/predict/\(name): \(reason)")
  }

  /// An output name from an input name, without `.csv`.
  static func stem(of name: String) -> String {
    name.lowercased().hasSuffix(".csv") ? String(name.dropLast(4)) : name
  }
}
