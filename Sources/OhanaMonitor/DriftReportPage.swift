import Foundation
import OhanaHTML

/// The HTML page of a drift report: no scripts, no external resources.
enum DriftReportPage {
  static func render(_ report: DriftReport, title: String) -> String {
    var html =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(escape(title))</title>"
    html += "<style>body{font-family:sans-serif;margin:2em;max-width:72em}table{border-collapse:collapse}"
    html +=
      "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}.drift{color:#b00020;font-weight:bold}"
    html += ".ok{color:#1b7a3a}section{margin-top:2em}</style></head><body>\n"
    html += "<h1>\(escape(title))</h1>\n"
    let verdict =
      report.datasetDrift
      ? "<span class=\"drift\">drift detected</span>" : "<span class=\"ok\">no drift</span>"
    html +=
      "<p>Dataset: \(verdict) — \(report.driftedColumns) of \(report.testedColumns) tested columns drifted "
    html += "(share \(number(report.shareDrifted)); the dataset drifts at \(number(report.driftShare))). "
    html += "Reference rows: \(report.referenceRows), current rows: \(report.currentRows)."
    if report.correction != .none { html += " P-values corrected: \(escape(report.correction.rawValue))." }
    html += "</p>\n"
    if let prediction = report.prediction {
      html += "<p>Prediction <code>\(escape(prediction.name))</code>: \(verdictText(prediction))</p>\n"
    }
    html += "<table><thead><tr><th>column</th><th>type</th><th>method</th><th>score</th><th>threshold</th>"
    html += "<th>verdict</th><th>PSI</th></tr></thead><tbody>\n"
    for column in report.columns + (report.prediction.map { [$0] } ?? []) {
      html += "<tr><td><a href=\"#\(anchor(column.name))\">\(escape(column.name))</a></td>"
      html += "<td>\(column.isNumeric ? "numeric" : "categorical")</td>"
      html += "<td>\(escape(column.method?.rawValue ?? "—"))</td><td>\(column.score.map(number) ?? "—")</td>"
      html += "<td>\(column.threshold.map(number) ?? "—")</td><td>\(verdictText(column))</td>"
      let psi = column.scores[.psi].map { "\(number($0)) (\(column.psiBand?.rawValue ?? ""))" } ?? "—"
      html += "<td>\(psi)</td></tr>\n"
    }
    html += "</tbody></table>\n"
    for column in report.columns + (report.prediction.map { [$0] } ?? []) {
      html += section(column)
    }
    return html + "</body></html>\n"
  }

  private static func section(_ column: DriftColumnResult) -> String {
    var html =
      "<section id=\"\(anchor(column.name))\"><h2>\(escape(column.name))</h2>\n<p>\(verdictText(column))"
    if let skipped = column.skipped { html += ": \(escape(skipped))" }
    html += "</p>\n<table><thead><tr><th></th><th>reference</th><th>current</th></tr></thead><tbody>\n"
    let rows: [(String, (ColumnSummary) -> String?)] = [
      ("values", { String($0.count) }), ("missing", { String($0.missing) }),
      ("distinct", { String($0.distinct) }),
      ("mean", { $0.mean.map(number) }), ("std", { $0.standardDeviation.map(number) }),
      ("min", { $0.minimum.map(number) }), ("max", { $0.maximum.map(number) }),
    ]
    for (name, value) in rows {
      guard let reference = value(column.reference), let current = value(column.current) else { continue }
      html += "<tr><th>\(name)</th><td>\(reference)</td><td>\(current)</td></tr>\n"
    }
    html += "</tbody></table>\n"
    if !column.scores.isEmpty {
      let listed = column.scores.keys.sorted { $0.rawValue < $1.rawValue }.map { method in
        "\(method.rawValue) \(number(column.scores[method]!))\(method.isPValue ? " (p)" : "")"
      }
      html += "<p>Statistics: \(escape(listed.joined(separator: ", ")))</p>\n"
    }
    if let histogram = column.histogram { html += chart(histogram, title: column.name) + "\n" }
    return html + "</section>\n"
  }

  private static func verdictText(_ column: DriftColumnResult) -> String {
    if column.skipped != nil { return "not tested" }
    return column.drifted ? "<span class=\"drift\">drifted</span>" : "<span class=\"ok\">stable</span>"
  }

  /// Reference and current shares side by side per bin.
  static func chart(_ histogram: ColumnHistogram, title: String) -> String {
    let width = 640.0
    let height = 220.0
    let left = 72.0  // room for the first rotated label
    let right = 12.0
    let top = 30.0
    let bottom = 56.0
    let bins = histogram.labels.count
    let highest = max((histogram.reference + histogram.current).max() ?? 0, 1e-9)
    let slot = (width - left - right) / Double(max(bins, 1))
    let bar = min(max(1, slot * 0.4), 28)
    func y(_ share: Double) -> Double { height - bottom - share / highest * (height - top - bottom) }
    var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" "
    svg +=
      "viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" role=\"img\" aria-label=\"\(escape(title)) distribution\">"
    svg += "<text x=\"8\" y=\"16\" font-size=\"12\">share of values — "
    svg += "<tspan fill=\"#1b6ca8\">■ reference</tspan> <tspan fill=\"#d1495b\">■ current</tspan></text>"
    let axisBottom = height - bottom
    svg += "<path d=\"M\(fmt(left)) \(fmt(top)) V\(fmt(axisBottom)) H\(fmt(width - right))\" "
    svg += "stroke=\"#555\" fill=\"none\"/>"
    // The scale: the highest share at the top, 0 at the axis.
    for (label, position) in [(number(highest), top + 4), ("0", axisBottom)] {
      svg +=
        "<text x=\"\(fmt(left - 4))\" y=\"\(fmt(position))\" text-anchor=\"end\" font-size=\"10\">\(label)</text>"
    }
    // Label every bin when they fit, else about ten of them.
    let labelEvery = max(1, Int((Double(bins) / 10).rounded(.up)))
    for index in 0..<bins {
      let x = left + slot * Double(index) + slot / 2
      for (share, offset, color) in [
        (histogram.reference[index], -bar, "#1b6ca8"), (histogram.current[index], 0, "#d1495b"),
      ] {
        let top = y(share)
        svg += "<rect x=\"\(fmt(x + offset))\" y=\"\(fmt(top))\" width=\"\(fmt(bar))\" "
        svg +=
          "height=\"\(fmt(height - bottom - top))\" fill=\"\(color)\"><title>\(number(share))</title></rect>"
      }
      if index % labelEvery == 0 {
        let label = String(histogram.labels[index].prefix(18))
        let baseline = height - bottom + 12
        svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(baseline))\" font-size=\"9\" text-anchor=\"end\" "
        svg += "transform=\"rotate(-30 \(fmt(x)) \(fmt(baseline)))\">\(escape(label))</text>"
      }
    }
    return svg + "</svg>"
  }

  private static func escape(_ text: String) -> String { HTMLText.escape(text) }

  private static func fmt(_ value: Double) -> String { String((value * 10).rounded() / 10) }

  /// Four significant digits for people (the JSON keeps every digit).
  private static func number(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "—" : (value > 0 ? "∞" : "−∞") }
    if value == 0 { return "0" }
    if abs(value) >= 1e-4 && abs(value) < 1e6 { return String(format: "%.4g", value) }
    return String(format: "%.3e", value)
  }

  /// An id for the column's section: letters and digits kept, the rest as hex codes.
  private static func anchor(_ name: String) -> String {
    "column-"
      + name.unicodeScalars.map { scalar in
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
          ? String(scalar) : "_\(String(scalar.value, radix: 16))"
      }.joined()
  }
}
