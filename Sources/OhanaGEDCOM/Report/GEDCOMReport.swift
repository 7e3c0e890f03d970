import OhanaHTML
import OhanaJSON

/// What a parsed file looks like, for people and for programs: the `inspect` JSON, one JSON
/// object per person, and a self-contained HTML page.
public enum GEDCOMReport {
  /// The most diagnostics a report lists one by one; the counts always cover all.
  public static let listedDiagnosticsLimit = 10_000

  /// The shape `ohana inspect --json` prints and the dataset report stores.
  public static func inspectJSON(_ document: GEDCOMDocument) -> JSONValue {
    var bySeverity: [String: JSONValue] = [:]
    var byCode: [String: Int] = [:]
    for severity in Diagnostic.Severity.allCases { bySeverity[severity.rawValue] = 0 }
    for diagnostic in document.diagnostics {
      bySeverity[diagnostic.severity.rawValue] = .integer(
        (bySeverity[diagnostic.severity.rawValue]?.intValue ?? 0) + 1)
      byCode[diagnostic.code, default: 0] += 1
    }
    let listed = document.diagnostics.prefix(listedDiagnosticsLimit).map { diagnostic -> JSONValue in
      [
        "line": .integer(diagnostic.line), "severity": .string(diagnostic.severity.rawValue),
        "code": .string(diagnostic.code), "message": .string(diagnostic.message),
      ]
    }
    let withoutParents = document.peopleWithoutParents
    return [
      "individuals": .integer(document.individuals.count),
      "families": .integer(document.families.count),
      "sources": .integer(document.sources.count),
      "notes": .integer(document.notes.count),
      "records": .integer(document.recordNodes.count),
      "lines": .integer(document.lineCount),
      "people_without_parents": .integer(withoutParents),
      "version": .string(document.version),
      "declared_version": .nullable(document.declaredVersion),
      "encoding": .string(document.encoding.encoding.rawValue),
      "declared_encoding": .nullable(document.encoding.declared),
      "line_ending": .string(document.lineEnding),
      "source_program": .nullable(document.sourceProgram),
      "parser": .string(GEDCOMParser.version),
      "diagnostic_counts": .object(bySeverity),
      "diagnostic_codes": .object(byCode.mapValues { .integer($0) }),
      "diagnostics": .array(listed),
      "diagnostics_not_listed": .integer(document.diagnostics.count - listed.count),
    ]
  }

  /// One object per individual: `xref`, `name` (slashes removed), `given`, `surname`, `sex`,
  /// `birth` and `death` (the `BIRT`/`DEAT` date as written, or null).
  public static func peopleJSON(_ document: GEDCOMDocument) -> [JSONValue] {
    document.individuals.map { person in
      [
        "xref": .string(person.xref), "name": .nullable(person.name?.full),
        "given": .nullable(person.name?.given), "surname": .nullable(person.name?.surname),
        "sex": .string(person.sex.rawValue),
        "birth": .nullable(person.firstEvent("BIRT")?.date?.text),
        "death": .nullable(person.firstEvent("DEAT")?.date?.text),
        "line": .integer(person.line),
      ]
    }
  }

  /// A page a person can read: the file's facts, diagnostic counts and each diagnostic.
  public static func html(_ document: GEDCOMDocument, title: String) -> String {
    let report = inspectJSON(document)
    var page = """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
      <style>
      body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
      table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
      th{background:#f4f4f4}.error{color:#b00020}.warning{color:#8a5a00}.info{color:#555}
      </style></head><body>
      <h1>\(escape(title))</h1>
      <table>
      """
    let facts: [(String, String)] = [
      ("GEDCOM version", "\(document.version) (declared: \(document.declaredVersion ?? "none"))"),
      (
        "Encoding",
        "\(document.encoding.encoding.rawValue) (declared: \(document.encoding.declared ?? "none"))"
      ),
      ("Written by", document.sourceProgram ?? "unknown"),
      ("Lines", "\(document.lineCount) (\(document.lineEnding))"),
      ("Individuals", "\(document.individuals.count)"),
      ("Families", "\(document.families.count)"),
      ("People without parents", "\(report["people_without_parents"]?.intValue ?? 0)"),
      ("Sources / notes", "\(document.sources.count) / \(document.notes.count)"),
    ]
    for (name, value) in facts { page += "<tr><th>\(escape(name))</th><td>\(escape(value))</td></tr>\n" }
    page += "</table>\n<h2>Diagnostics</h2>\n<table><tr><th>rule</th><th>count</th></tr>\n"
    let codes = report["diagnostic_codes"]?.objectValue ?? [:]
    for code in codes.keys.sorted() {
      page += "<tr><td>\(escape(code))</td><td>\(codes[code]?.intValue ?? 0)</td></tr>\n"
    }
    page += "</table>\n<table><tr><th>line</th><th>severity</th><th>message</th></tr>\n"
    for diagnostic in document.diagnostics.prefix(listedDiagnosticsLimit) {
      let severity = diagnostic.severity.rawValue
      page += "<tr class=\"\(severity)\"><td>\(diagnostic.line)</td><td>\(severity)</td>"
      page += "<td>\(escape(diagnostic.message))</td></tr>\n"
    }
    page += "</table>\n"
    if document.diagnostics.count > listedDiagnosticsLimit {
      page +=
        "<p>\(document.diagnostics.count - listedDiagnosticsLimit) more diagnostics are not listed.</p>\n"
    }
    return page + "</body></html>\n"
  }

  private static func escape(_ text: String) -> String { HTMLText.escape(text) }

}
