import OhanaHTML
import OhanaJSON

/// What every training-run report page shares: its head (title, style, heading and the
/// provenance line), the parameters table that ends it, and how numbers are shown. The pages
/// are self-contained: inline style and SVG, no scripts, no network.
enum ReportPage {
  /// The page up to and including the provenance paragraph of `run` (a run record);
  /// `details`, HTML, is added at the end of that paragraph.
  static func head(_ run: JSONValue, details: String = "") -> String {
    let escape = HTMLText.escape
    let runID = escape(run["run_id"]?.stringValue ?? "")
    let pipeline = escape(run["pipeline"]?.stringValue ?? "")
    return """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>Run \(runID) of \(pipeline)</title>
      <style>
      body{font-family:system-ui,sans-serif;margin:2em;max-width:75em;color:#222}
      table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}
      th:first-child,td:first-child{text-align:left}th{background:#f4f4f4}.best{font-weight:bold}
      .charts{display:flex;flex-wrap:wrap;gap:1em}.fail{color:#b00}
      </style></head><body>
      <h1>Training run \(runID)</h1>
      <p>Pipeline <b>\(pipeline)</b>, trigger: \(escape(run["trigger"]?.stringValue ?? "")), started
      \(escape(run["started_at"]?.stringValue ?? "")), \(format(run["duration_seconds"]?.doubleValue ?? 0)) s,
      code \(escape(run["code_version"]?.stringValue ?? ""))\(details).</p>

      """
  }

  /// The run's parameters as a table, and the end of the page.
  static func tail(_ run: JSONValue) -> String {
    var page = "<h2>Parameters</h2>\n<table>\n"
    for (key, value) in (run["parameters"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
      page +=
        "<tr><td>\(HTMLText.escape(key))</td><td>\(HTMLText.escape(CanonicalJSON.encodeCompact(value)))</td></tr>\n"
    }
    return page + "</table>\n</body></html>\n"
  }

  /// "Promoted to production" or "stays in staging", with the gate's reason.
  static func promotion(_ run: JSONValue) -> String {
    "Promotion: <b>\(run["promoted"]?.boolValue == true ? "promoted to production" : "stays in staging")</b>:\n"
      + "\(HTMLText.escape(run["gate"]?["reason"]?.stringValue ?? ""))."
  }

  /// A metric rounded to four decimals.
  static func format(_ value: Double) -> String { String((value * 10_000).rounded() / 10_000) }
}
