import OhanaHTML
import OhanaJSON

/// The HTML page of a training run: the model comparison, learning curves and the promotion
/// decision, with inline SVG charts (no scripts, no network).
public enum RunReport {
  public static func html(_ run: JSONValue, datasets: [DatasetCatalog.Entry]) -> String {
    let escape = HTMLText.escape
    let metric = run["metric"]?.stringValue ?? "mrr"
    let families = run["families"]?.objectValue ?? [:]
    let names = families.keys.sorted()
    // Per-dataset metrics are stored in their JSON form, whose keys spell the gate's names out.
    let metricKey =
      ["hits1": "hits_at_1", "hits5": "hits_at_5", "recall": "candidate_recall"][metric] ?? metric
    var page =
      ReportPage.head(run) + """
        <p>Best model: <b>\(escape(run["best"]?.stringValue ?? ""))</b> by \(escape(metric)), registered as version
        <b>\(escape(run["model_version"]?.stringValue ?? ""))</b>.
        \(ReportPage.promotion(run))</p>
        <h2>Model comparison (masked links)</h2>
        <table><tr><th>model</th>
        """
    let metricNames = [
      "hits_at_1", "hits_at_5", "mrr", "auc", "brier", "candidate_recall", "mean_candidates",
    ]
    for name in metricNames { page += "<th>\(escape(name))</th>" }
    page += "<th>seconds</th></tr>\n"
    for family in names {
      let result = families[family] ?? .null
      let isBest = family == run["best"]?.stringValue
      page += "<tr class=\"\(isBest ? "best" : "")\"><td>\(escape(family))</td>"
      for name in metricNames {
        page += "<td>\(result["metrics"]?[name]?.doubleValue.map(ReportPage.format) ?? "–")</td>"
      }
      page += "<td>\(ReportPage.format(result["duration_seconds"]?.doubleValue ?? 0))</td></tr>\n"
    }
    page += "</table>\n"
    page += SVGChart.bars(
      names.map { (label: $0, value: families[$0]?["scores"]?[metric]?.doubleValue ?? 0) },
      title: "\(metric) by model")
    page += "\n<h2>Learning curves</h2>\n" + LearningCurves.html(families)
    page += "<h2>Per dataset</h2>\n<table><tr><th>dataset</th>"
    for family in names { page += "<th>\(escape(family)) \(escape(metric))</th>" }
    page += "</tr>\n"
    for entry in datasets {
      page += "<tr><td>\(escape(entry.name)) (\(entry.sha256.prefix(12)))</td>"
      for family in names {
        let value = families[family]?["per_dataset"]?[entry.name]?[metricKey]?.doubleValue
        page += "<td>\(value.map(ReportPage.format) ?? "–")</td>"
      }
      page += "</tr>\n"
    }
    page += "</table>\n"
    if let crossFile = run["cross_file"] { page += crossFileSection(crossFile, families: names) }
    return page + ReportPage.tail(run)
  }

  /// The cross-file table: per held-out tree, each family's Hits@1 and MRR when trained on
  /// the other trees only.
  static func crossFileSection(_ crossFile: JSONValue, families: [String]) -> String {
    let escape = HTMLText.escape
    var section = """
      <h2>Cross-file evaluation</h2>
      <p>Each tree below was held out: the models were trained on the other trees only, then ranked the
      candidates of the tree's masked people (at most \(crossFile["max_test_people"]?.intValue ?? 0) per tree,
      at most \(crossFile["max_held_out_trees"]?.intValue ?? 0) trees, the largest; at most
      \(crossFile["max_training_people"]?.intValue ?? 0) training people per round). Hits@1 / MRR.</p>
      <table><tr><th>held-out tree</th><th>trained on</th><th>people</th>
      """
    for family in families { section += "<th>\(escape(family))</th>" }
    section += "</tr>\n"
    for round in crossFile["rounds"]?.arrayValue ?? [] {
      let metrics = round["metrics"]
      let people = families.lazy.compactMap { metrics?[$0]?["queries"]?.intValue }.first ?? 0
      section += "<tr><td>\(escape(round["held_out"]?.stringValue ?? ""))</td>"
      let trainedOn = round["trained_on"]?.arrayValue?.count ?? 0
      section += "<td>\(trainedOn) tree\(trainedOn == 1 ? "" : "s")</td><td>\(people)</td>"
      for family in families {
        if let hits = metrics?[family]?["hits_at_1"]?.doubleValue,
          let mrr = metrics?[family]?["mrr"]?.doubleValue
        {
          section += "<td>\(ReportPage.format(hits)) / \(ReportPage.format(mrr))</td>"
        } else {
          section += "<td>–</td>"
        }
      }
      section += "</tr>\n"
    }
    return section + "</table>\n"
  }
}
