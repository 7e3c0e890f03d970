import OhanaHTML
import OhanaJSON

/// The HTML pages of the experiment, canary and performance reports: the verdict first, then the
/// numbers, and a chart; no scripts, no external resources, a few KB whatever the data.
enum MonitoringPage {
  static func experiment(_ report: JSONValue) -> String {
    let analysis = report["analysis"] ?? .null
    let id = report["experiment"]?["id"]?.stringValue ?? ""
    var body = "<p class=\"verdict\">\(text(analysis["decision"])) — \(text(analysis["reason"]))</p>\n"
    body += status(report)
    var rows: [(String, String)] = []
    for arm in ["control", "treatment"] {
      let version = report["experiment"]?[arm]?.stringValue ?? ""
      let outcome = analysis[arm]
      rows.append(
        (
          "\(arm) (model \(version))",
          "\(text(outcome?["successes"])) of \(text(outcome?["trials"])) (rate \(text(outcome?["rate"])))"
        ))
    }
    let interval = analysis["confidence_interval"]
    rows += [
      ("difference (treatment − control)", text(analysis["difference"])), ("z", text(analysis["z"])),
      ("p-value (two-sided)", text(analysis["p_value"])),
      (
        "confidence interval",
        "[\(text(interval?[0])), \(text(interval?[1]))] at 1 − \(text(analysis["alpha"]))"
      ),
      ("trials needed per arm", text(analysis["minimum_trials_per_arm"])),
      ("split to the treatment", text(report["experiment"]?["split"])),
      ("feedback rows without a prediction", text(report["feedback_rows_unmatched"])),
    ]
    body += table(rows)
    body += SVGChart.bars(
      ["control", "treatment"].map { ($0, analysis[$0]?["rate"]?.doubleValue ?? 0) },
      title: "Success rate per arm")
    return page(title: "Experiment \(id)", body: body)
  }

  static func canary(_ report: JSONValue) -> String {
    let observation = report["observation"] ?? .null
    var body = "<p class=\"verdict\">\(text(report["decision"])): "
    body += (report["reasons"]?.arrayValue ?? []).map { HTMLText.escape($0.stringValue ?? "") }.joined(
      separator: "; ")
    body += "</p>\n" + status(report)
    var rows: [(String, String)] = [
      ("traffic share", text(report["traffic"])), ("feedback rows", text(observation["requests"])),
      ("right", text(observation["successes"])), ("wrong", text(observation["errors"])),
      ("p95 scoring time of a batch (ms)", text(observation["p95_latency_ms"])),
    ]
    for (name, value) in (report["thresholds"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
      rows.append(("threshold \(name)", value == .null ? "not set" : text(value)))
    }
    body += table(rows)
    return page(title: "Canary \(report["version"]?.stringValue ?? "")", body: body)
  }

  static func performance(_ report: JSONValue) -> String {
    var body = "<p class=\"verdict\">"
    body += report["degraded"]?.boolValue == true ? "Degraded" : "No degradation"
    body +=
      " (windows of \(text(report["window_rows"])) feedback rows, tolerance \(text(report["tolerance"])))</p>\n"
    let adwin = report["adwin"] ?? .null
    body += table([
      ("feedback files", text(report["feedback"]?["files"])),
      ("rows joined", text(report["feedback"]?["rows_joined"])),
      ("rows without a prediction", text(report["feedback"]?["rows_unmatched"])),
      ("ADWIN changes detected", text(adwin["detections"])), ("ADWIN window (rows)", text(adwin["window"])),
      ("ADWIN success rate", text(adwin["mean"])),
    ])
    for (version, entry) in (report["versions"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
      body += "<h2>Model \(HTMLText.escape(version))</h2>\n"
      let baseline = (entry["baseline"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
      body +=
        "<p>Validation: " + baseline.map { "\($0.key) \(text($0.value))" }.joined(separator: ", ") + "</p>\n"
      let windows = entry["windows"]?.arrayValue ?? []
      var rows: [(String, String)] = []
      for (index, window) in windows.enumerated() {
        let degraded = (window["degraded"]?.arrayValue ?? []).compactMap { $0["metric"]?.stringValue }
        rows.append(
          (
            "window \(index + 1)",
            ["accuracy", "f1", "auc", "brier", "ece"].map { "\($0) \(text(window[$0]))" }.joined(
              separator: ", ")
              + (degraded.isEmpty ? "" : " — degraded: " + degraded.joined(separator: ", "))
          ))
      }
      if rows.isEmpty {
        rows.append(("windows", "none complete yet (\(text(entry["rows_in_next_window"]))) rows)"))
      }
      body += table(rows)
      let series = ["accuracy", "auc"].map { metric in
        SVGChart.Series(
          name: metric,
          points: windows.enumerated().compactMap { index, window in
            window[metric]?.doubleValue.map { (Double(index + 1), $0) }
          })
      }
      if windows.count > 1 {
        body += SVGChart.lines(
          series, title: "Feedback windows of model \(version)", xLabel: "window", yLabel: "metric")
      }
    }
    return page(title: "Performance from feedback: \(report["pipeline"]?.stringValue ?? "")", body: body)
  }

  private static func status(_ report: JSONValue) -> String {
    var line = "<p>Status: \(text(report["status"]))"
    if let approval = report["approval"]?.stringValue {
      line += " — outbox/approvals/\(HTMLText.escape(approval)).json"
    }
    if let result = report["result"]?.stringValue { line += " — \(HTMLText.escape(result))" }
    return line + "</p>\n"
  }

  private static func table(_ rows: [(String, String)]) -> String {
    "<table><tbody>\n"
      + rows.map { "<tr><th>\(HTMLText.escape($0.0))</th><td>\($0.1)</td></tr>\n" }.joined()
      + "</tbody></table>\n"
  }

  /// A value as escaped text: numbers to 4 decimals, null as a dash.
  private static func text(_ value: JSONValue?) -> String {
    switch value {
    case .int(let number)?: return String(number)
    case .double(let number)?: return number.isFinite ? String((number * 10_000).rounded() / 10_000) : "—"
    case .string(let string)?: return HTMLText.escape(string)
    case .bool(let flag)?: return flag ? "yes" : "no"
    default: return "—"
    }
  }

  private static func page(title: String, body: String) -> String {
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(HTMLText.escape(title))</title>"
      + "<style>body{font-family:sans-serif;margin:2em;max-width:72em}table{border-collapse:collapse;margin:1em 0}"
      + "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}.verdict{font-size:1.2em;font-weight:bold}"
      + "</style></head><body>\n<h1>\(HTMLText.escape(title))</h1>\n" + body + "</body></html>\n"
  }
}
