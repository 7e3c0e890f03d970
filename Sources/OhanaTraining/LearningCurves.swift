import OhanaHTML
import OhanaJSON

/// The learning-curve charts of a run's model families, from their per-iteration history.
enum LearningCurves {
  /// Loss and validation-metric charts for each family with more than one recorded iteration.
  static func html(_ families: [String: JSONValue], metricLabel: String = "AUC") -> String {
    var page = "<div class=\"charts\">\n"
    for family in families.keys.sorted() {
      let history = families[family]?["history"]?.arrayValue ?? []
      guard history.count > 1 else { continue }
      func series(_ key: String, _ label: String) -> SVGChart.Series? {
        let points = history.compactMap { record -> (x: Double, y: Double)? in
          guard let x = record["iteration"]?.doubleValue, let y = record[key]?.doubleValue else { return nil }
          return (x, y)
        }
        return points.isEmpty ? nil : SVGChart.Series(name: label, points: points)
      }
      let losses = [series("training_loss", "training loss"), series("validation_loss", "validation loss")]
        .compactMap { $0 }
      page +=
        SVGChart.lines(losses, title: "\(family): loss", xLabel: "iteration / epoch", yLabel: "loss") + "\n"
      if let validation = series("validation_metric", "validation \(metricLabel)") {
        page +=
          SVGChart.lines(
            [validation], title: "\(family): validation", xLabel: "iteration / epoch", yLabel: metricLabel)
          + "\n"
      }
    }
    return page + "</div>\n"
  }
}
