import Foundation
import OhanaJSON
import Testing

@testable import OhanaTraining

/// Both run reports start with the same page head and draw learning curves with
/// ``LearningCurves``; the pages stay self-contained (inline style and SVG, nothing fetched).
struct ReportPageTests {
  static let run: JSONValue = [
    "run_id": "0123456789abcdef", "pipeline": "family-trees", "trigger": "by hand",
    "started_at": "2026-11-25T10:00:00Z", "duration_seconds": 12.345_67, "code_version": "abc123",
    "metric": "mrr", "best": "logistic", "model_version": "1.0.0", "promoted": false,
    "gate": ["promote": false, "reason": "mrr 0.5 vs production 0.6 <worse>"],
    "families": [
      "heuristic": ["metrics": ["mrr": 0.4], "scores": ["mrr": 0.4], "history": []],
      "logistic": [
        "metrics": ["mrr": 0.5, "hits_at_1": 0.25], "scores": ["mrr": 0.5], "duration_seconds": 2,
        "history": [
          ["iteration": 1, "training_loss": 0.7, "validation_loss": 0.72, "validation_metric": 0.61],
          ["iteration": 2, "training_loss": 0.6, "validation_loss": 0.66, "validation_metric": 0.68],
        ],
      ],
    ],
    "parameters": ["seed": 0, "families": ["heuristic", "logistic"]],
  ]

  /// No script, link, import or address: only the SVG namespace names a URL, and it is never fetched.
  static func expectSelfContained(_ page: String) {
    let text = page.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    for fetched in ["<script", "src=", "href=", "@import", "url(", "http:", "https:", "<link"] {
      #expect(!text.contains(fetched), "the page contains \(fetched)")
    }
  }

  @Test func familyTreeReportUsesTheSharedHeadAndLearningCurves() throws {
    let page = RunReport.html(Self.run, datasets: [])
    #expect(page.hasPrefix(ReportPage.head(Self.run)))
    #expect(page.hasSuffix(ReportPage.tail(Self.run)))
    let families = try #require(Self.run["families"]?.objectValue)
    let curves = LearningCurves.html(families)
    #expect(page.contains("<h2>Learning curves</h2>\n" + curves))
    // Only the family with more than one iteration gets charts: a loss and a validation chart.
    #expect(curves.contains("logistic: loss") && curves.contains("logistic: validation"))
    #expect(!curves.contains("heuristic:"))
    #expect(curves.components(separatedBy: "<svg").count - 1 == 2)
    Self.expectSelfContained(page)
  }

  @Test func headEscapesAndRoundsWhatItShows() {
    var fields = Self.run.objectValue ?? [:]
    fields["pipeline"] = "a<b"
    let head = ReportPage.head(.object(fields), details: "; 3 rows")
    #expect(head.contains("<title>Run 0123456789abcdef of a&lt;b</title>"))
    // 12.34567 s shown to four decimals, then the caller's details before the period.
    #expect(head.contains("12.3457 s,\ncode abc123; 3 rows.</p>\n"))
    #expect(
      ReportPage.promotion(Self.run).contains(
        "stays in staging</b>:\nmrr 0.5 vs production 0.6 &lt;worse&gt;."))
    #expect(
      ReportPage.tail(Self.run).contains(
        "<tr><td>families</td><td>[&quot;heuristic&quot;,&quot;logistic&quot;]</td></tr>"))
    Self.expectSelfContained(head)
  }
}
