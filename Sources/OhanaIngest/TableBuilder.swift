import OhanaConfig
import OhanaFiles
import OhanaHTML
import OhanaJSON
import OhanaStore
import OhanaTabular

/// Reads a stored CSV dataset into the columnar table artifact, checks it against the pipeline's
/// schema and expectations, and says what its manifest records — or rejects it.
///
/// Expectations are checked before the schema, so a rejected dataset never adds a schema
/// version. The schema decision and its file are made under the registry lock, so two ingests
/// at once cannot both write version 1.1 with different contents.
struct TableBuilder {
  let workspace: Workspace
  let store: ContentStore

  /// What the dataset manifest records of a table.
  struct Analysis {
    var table: JSONValue
    var counts: [String: JSONValue]
    var delimiter: String
    var schema: JSONValue
    var validation: JSONValue
    var reports: JSONValue
  }

  func analyze(_ sha256: String, pipeline: PipelineConfig) throws -> Analysis {
    let settings = pipeline.tabular
    var options = CSVOptions()
    if let tokens = settings.missingValues { options.missingTokens = Set(tokens) }
    let table: CSVTable
    do { table = try CSVTable.parse(contentsOf: store.path(of: sha256), options: options) } catch {
      throw InputRejection("not a readable CSV table: \(error)")
    }
    guard table.rowCount > 0 else { throw InputRejection("the table has a header but no readable rows") }
    // An incompatible shape is the clearest reason to give, before any expectation about it.
    if !settings.allowMajorSchemaChange,
      let current = try SchemaCatalog(registry: workspace.registry, pipeline: pipeline.name).current(),
      case .incompatible(let reasons) = current.check(table)
    {
      throw Self.incompatible(current: current, pipeline: pipeline.name, reasons: reasons)
    }
    let suite: ExpectationSuite
    do { suite = try ExpectationSuite(json: .array(settings.expectations)) } catch {
      throw InputRejection("ohana.yaml, pipeline \(pipeline.name), expectations: \(error)")
    }
    let validation = suite.validate(table)
    let stem = "validation-" + String(sha256.prefix(12))
    let reportsFolder = workspace.outboxFolder(pipeline: pipeline.name, "reports")
    let report: JSONValue = [
      "dataset_sha256": .string(sha256), "pipeline": .string(pipeline.name), "validation": validation.json,
      "rows": .integer(table.rowCount), "malformed_rows": .array(table.problems.prefix(Self.problemSample).map {
        ["line": .integer($0.line), "reason": .string($0.reason)]
      }),
      "malformed_row_count": .integer(table.problems.count),
    ]
    try Directory.create(reportsFolder)
    try DurableFile.write(CanonicalJSON.bytes(report), to: Path.join(reportsFolder, stem + ".json"))
    try DurableFile.write(Self.html(report, title: "Dataset \(sha256.prefix(12))"), to: Path.join(reportsFolder, stem + ".html"))
    let reportPaths: JSONValue = [
      "json": .string("outbox/\(pipeline.name)/reports/\(stem).json"),
      "html": .string("outbox/\(pipeline.name)/reports/\(stem).html"),
    ]
    if !validation.success, settings.onValidationFailure == .reject {
      throw InputRejection(
        "expectations failed (\(Self.failedExpectations(validation.json))); details in \(reportPaths["json"]?.stringValue ?? "")")
    }
    let schema = try decideSchema(table, pipeline: pipeline)
    let artifact = try store.store(bytes: table.encoded())
    return Analysis(
      table: ["sha256": .string(artifact.sha256), "format_version": .integer(CSVTable.formatVersion)],
      counts: [
        "rows": .integer(table.rowCount), "columns": .integer(table.columns.count),
        "malformed_rows": .integer(table.problems.count),
      ],
      delimiter: String(UnicodeScalar(table.delimiter)),
      schema: ["version": .string(schema.version), "path": .string("registry/" + SchemaCatalog(registry: workspace.registry, pipeline: pipeline.name).relativePath(schema.version))],
      validation: [
        "success": .bool(validation.success), "statistics": validation.json["statistics"] ?? .null,
      ],
      reports: reportPaths)
  }

  /// Problems listed in a report; the count says how many there were in all.
  static let problemSample = 20

  /// The schema version the table belongs to, writing a new version when it starts one.
  private func decideSchema(_ table: CSVTable, pipeline: PipelineConfig) throws -> TableSchema {
    let registry = workspace.registry
    let catalog = SchemaCatalog(registry: registry, pipeline: pipeline.name)
    return try registry.withLock { () throws -> TableSchema in
      func record(_ schema: TableSchema, action: String, changes: [String]) throws -> TableSchema {
        try registry.write(schema.json, to: catalog.relativePath(schema.version))
        try registry.audit.append(
          action: action, subject: "\(pipeline.name)@\(schema.version)",
          details: ["pipeline": .string(pipeline.name), "changes": .array(changes.map { .string($0) })])
        return schema
      }
      guard let current = try catalog.current() else {
        var schema: TableSchema
        do { schema = try TableSchema.infer(from: table, target: pipeline.target) } catch {
          throw InputRejection("cannot infer the pipeline's schema from this first dataset: \(error)")
        }
        schema.version = "1.0"
        return try record(schema, action: "schema.created", changes: [])
      }
      switch current.check(table) {
      case .same:
        return current
      case .compatible(var evolved, let changes):
        evolved.version = SchemaCatalog.next(after: current.version, major: false)
        return try record(evolved, action: "schema.minor", changes: changes)
      case .incompatible(let reasons):
        guard pipeline.tabular.allowMajorSchemaChange else {
          throw Self.incompatible(current: current, pipeline: pipeline.name, reasons: reasons)
        }
        var schema: TableSchema
        do { schema = try TableSchema.infer(from: table, target: pipeline.target) } catch {
          throw InputRejection("cannot infer a new schema from this dataset: \(error)")
        }
        schema.version = SchemaCatalog.next(after: current.version, major: true)
        return try record(schema, action: "schema.major", changes: reasons)
      }
    }
  }

  static func incompatible(current: TableSchema, pipeline: String, reasons: [String]) -> InputRejection {
    InputRejection(
      "does not match schema \(current.version) of pipeline \(pipeline): " + reasons.joined(separator: "; ")
        + " (set allow_major_schema_change: true in ohana.yaml to start a new major version)")
  }

  /// The failed expectations of a validation result, in words.
  static func failedExpectations(_ validation: JSONValue) -> String {
    let failed = (validation["results"]?.arrayValue ?? []).filter { $0["success"]?.boolValue == false }
    return failed.prefix(5).map { result in
      let expectation = result["expectation"]
      let column = expectation?["column"]?.stringValue.map { " on \($0)" } ?? ""
      let unexpected = result["result"]?["unexpected_count"]?.intValue.map { ", \($0) unexpected" } ?? ""
      return (expectation?["expect"]?.stringValue ?? "?") + column + unexpected
    }.joined(separator: "; ") + (failed.count > 5 ? "; and \(failed.count - 5) more" : "")
  }

  /// A readable page of a validation report.
  static func html(_ report: JSONValue, title: String) -> [UInt8] {
    let validation = report["validation"] ?? .null
    var rows = ""
    for result in validation["results"]?.arrayValue ?? [] {
      let success = result["success"]?.boolValue ?? false
      let details = result["result"] ?? .null
      let sample = (details["partial_unexpected_list"]?.arrayValue ?? []).prefix(10).map {
        $0.stringValue ?? String(decoding: CanonicalJSON.bytes($0), as: UTF8.self).trimmingTrailingNewline
      }.joined(separator: ", ")
      rows += "<tr class=\"\(success ? "ok" : "bad")\"><td>\(success ? "passed" : "FAILED")</td>"
        + "<td><code>\(HTMLText.escape(String(decoding: CanonicalJSON.bytes(result["expectation"] ?? .null), as: UTF8.self)))</code></td>"
        + "<td>\(details["unexpected_count"]?.intValue.map(String.init) ?? "")</td>"
        + "<td>\(HTMLText.escape(details["observed_value"].map { String(decoding: CanonicalJSON.bytes($0), as: UTF8.self) } ?? ""))</td>"
        + "<td>\(HTMLText.escape(sample))</td></tr>\n"
    }
    var problems = ""
    for problem in report["malformed_rows"]?.arrayValue ?? [] {
      problems += "<li>line \(problem["line"]?.intValue ?? 0): \(HTMLText.escape(problem["reason"]?.stringValue ?? ""))</li>\n"
    }
    let statistics = validation["statistics"] ?? .null
    let page = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>\(HTMLText.escape(title))</title>
      <style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 8px;border-bottom:1px solid #ddd;vertical-align:top}
      tr.bad td:first-child{color:#b00;font-weight:bold}tr.ok td:first-child{color:#070}</style></head><body>
      <h1>\(HTMLText.escape(title))</h1>
      <p>\(report["rows"]?.intValue ?? 0) rows; \(report["malformed_row_count"]?.intValue ?? 0) malformed rows left out.
      Expectations: \(statistics["successful_expectations"]?.intValue ?? 0) of \(statistics["evaluated_expectations"]?.intValue ?? 0) met
      — \(validation["success"]?.boolValue == true ? "success" : "<strong>failure</strong>").</p>
      <table><tr><th>result</th><th>expectation</th><th>unexpected</th><th>observed</th><th>sample of unexpected values</th></tr>
      \(rows)</table>
      \(problems.isEmpty ? "" : "<h2>Malformed rows</h2><ul>\n\(problems)</ul>")
      </body></html>

      """
    return Array(page.utf8)
  }
}

extension String {
  fileprivate var trimmingTrailingNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
