import OhanaClassifiers
import OhanaHTML
import OhanaJSON
import OhanaLearn

/// The HTML page of a tabular training run: the metrics of every family, ROC and calibration
/// curves, feature importances and the confusion matrix of the chosen model, learning curves,
/// and both gates — inline SVG, no scripts, no network.
enum TabularRunReport {
  static func html(
    _ run: JSONValue, outcome: ClassifierTrainer.Outcome, datasets: [DatasetCatalog.Entry]
  ) -> String {
    let escape = HTMLText.escape
    let metric = run["metric"]?.stringValue ?? "f1"
    let best = outcome.best
    let details =
      "; \(outcome.labels.count) rows of \(datasets.count) dataset(s), schema "
      + escape(run["table_schema"]?.stringValue ?? "")
      + (outcome.rowsWithoutTarget > 0 ? "; \(outcome.rowsWithoutTarget) rows without a target left out" : "")
    var page =
      ReportPage.head(run, details: details) + """
        <p>Best model: <b>\(escape(best.rawValue))</b> by cross-validated \(escape(metric)), registered as version
        <b>\(escape(run["model_version"]?.stringValue ?? ""))</b>, decision threshold
        \(ReportPage.format(outcome.model.threshold)) (tuned on the validation folds).</p>
        <p>Validation gate: \(gateText(run["validation_gate"] ?? .null)).
        \(ReportPage.promotion(run))</p>
        <h2>Model comparison (out-of-fold predictions)</h2>
        <table><tr><th>model</th>
        """
    for name in ClassifierMetrics.names { page += "<th>\(escape(name))</th>" }
    page += "<th>AUC across folds</th><th>seconds</th></tr>\n"
    var rows: [(String, ClassifierMetrics, String, Double)] = outcome.results.sorted { $0.key < $1.key }.map {
      ($0.key.rawValue, $0.value.metrics, spread($0.value.foldAUC), $0.value.durationSeconds)
    }
    rows.append(("majority-class baseline", outcome.baseline, "", 0))
    for (name, metrics, folds, seconds) in rows {
      page += "<tr class=\"\(name == best.rawValue ? "best" : "")\"><td>\(escape(name))</td>"
      for metricName in ClassifierMetrics.names {
        page += "<td>\(metrics.score(of: metricName).map(ReportPage.format) ?? "–")</td>"
      }
      page += "<td>\(folds)</td><td>\(seconds > 0 ? ReportPage.format(seconds) : "")</td></tr>\n"
    }
    page += "</table>\n<div class=\"charts\">\n"
    let labels = outcome.labels
    page +=
      SVGChart.lines(
        outcome.results.sorted { $0.key < $1.key }.map { family, result in
          SVGChart.Series(
            name: family.rawValue,
            points: Metrics.rocCurve(scores: result.outOfFold, labels: labels, maxPoints: 100).map {
              ($0.fpr, $0.tpr)
            })
        } + [SVGChart.Series(name: "chance", points: [(0, 0), (1, 1)])],
        title: "ROC curves (out of fold)", xLabel: "false positive rate", yLabel: "true positive rate") + "\n"
    if let result = outcome.results[best] {
      let curve = Metrics.calibrationCurve(probabilities: result.outOfFold, labels: labels, bins: 10)
      page +=
        SVGChart.lines(
          [
            SVGChart.Series(name: best.rawValue, points: curve.map { ($0.meanPredicted, $0.observed) }),
            SVGChart.Series(name: "perfect", points: [(0, 0), (1, 1)]),
          ], title: "Calibration of \(best.rawValue)", xLabel: "mean predicted probability",
          yLabel: "observed positive rate") + "\n"
    }
    page +=
      SVGChart.bars(
        outcome.model.importances.prefix(15).map { (label: $0.column, value: $0.importance) },
        title: "Feature importance (\(best.rawValue))") + "\n</div>\n"
    let confusion = outcome.results[best]?.metrics.confusion
    let threshold = ReportPage.format(outcome.model.threshold)
    let (truePositives, falseNegatives) = (confusion?.truePositives ?? 0, confusion?.falseNegatives ?? 0)
    let (falsePositives, trueNegatives) = (confusion?.falsePositives ?? 0, confusion?.trueNegatives ?? 0)
    page += """
      <h2>Confusion matrix of \(escape(best.rawValue)) (out of fold, threshold \(threshold))</h2>
      <table><tr><th></th><th>predicted positive</th><th>predicted negative</th></tr>
      <tr><td>actually positive</td><td>\(truePositives)</td><td>\(falseNegatives)</td></tr>
      <tr><td>actually negative</td><td>\(falsePositives)</td><td>\(trueNegatives)</td></tr>
      </table>
      <h2>Learning curves (first fold)</h2>

      """
    page += LearningCurves.html(run["families"]?.objectValue ?? [:])
    page += "<h2>Datasets</h2>\n<table><tr><th>dataset</th><th>rows</th><th>schema</th></tr>\n"
    for entry in datasets {
      page +=
        "<tr><td>\(escape(entry.name)) (\(entry.sha256.prefix(12)))</td><td>\(entry.rows)</td>"
        + "<td>\(escape(entry.schemaVersion ?? ""))</td></tr>\n"
    }
    return page + "</table>\n" + ReportPage.tail(run)
  }

  private static func gateText(_ gate: JSONValue) -> String {
    if gate["passed"]?.boolValue == true { return "<b>passed</b>" }
    let reasons = (gate["reasons"]?.arrayValue ?? []).compactMap(\.stringValue).map(HTMLText.escape)
    return "<b class=\"fail\">failed</b>: " + reasons.joined(separator: "; ")
  }

  private static func spread(_ values: [Double]) -> String {
    guard let low = values.min(), let high = values.max() else { return "" }
    return "\(ReportPage.format(low)) – \(ReportPage.format(high))"
  }
}
