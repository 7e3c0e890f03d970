import Foundation
import OhanaTestSupport
import Testing

@testable import OhanaMonitor

/// Everything the issue asks to export, as the lead's workflow would build it.
func ohanaMetrics() throws -> PrometheusExposition {
  var metrics = PrometheusExposition()
  for (stage, count) in [("accepted", 12.0), ("rejected", 2), ("inbox", 0)] {
    try metrics.gauge(
      "ohana_files", help: "Files per stage.", labels: ["pipeline": "tables", "stage": stage], value: count)
  }
  try metrics.counter(
    "ohana_rejections_total", help: "Files rejected since the tree was created.",
    labels: ["pipeline": "tables"],
    value: 2)
  try metrics.gauge(
    "ohana_last_successful_training_timestamp_seconds", help: "When a training run last succeeded.",
    labels: ["pipeline": "family-trees"], value: 1_700_000_000)
  for (version, stage, mrr) in [("1.2.0", "production", 0.61), ("1.3.0", "canary", 0.64)] {
    try metrics.gauge(
      "ohana_model_metric", help: "Evaluation metrics of registered models.",
      labels: ["pipeline": "family-trees", "version": version, "stage": stage, "metric": "mrr"], value: mrr)
  }
  try metrics.gauge(
    "ohana_drift_score", help: "Drift score per column (p-value or distance, see the method).",
    labels: ["pipeline": "tables", "column": "age \"years\"\\n", "method": "ks"], value: 7.0e-8)
  try metrics.gauge(
    "ohana_dataset_drift", help: "1 when the dataset drifted.", labels: ["pipeline": "tables"], value: 1)
  try metrics.gauge(
    "ohana_alert_state", help: "Alert state: 0 inactive, 1 pending, 2 firing.",
    labels: ["alert": "high error rate", "severity": "critical"], value: 2)
  var latency = try PrometheusHistogram()
  for value in [0.003, 0.02, 0.02, 0.3, 12] { latency.observe(value) }
  for variant in ["control", "treatment"] {
    try metrics.counter(
      "ohana_predictions_total", help: "Predictions served.",
      labels: ["pipeline": "tables", "variant": variant],
      value: variant == "control" ? 950 : 50)
    try metrics.histogram(
      "ohana_prediction_latency_seconds", help: "Prediction latency.\nIn seconds.",
      labels: ["variant": variant], latency)
  }
  return metrics
}

@Test func expositionIsDeterministicAndEscaped() throws {
  let text = try ohanaMetrics().text
  #expect(text.hasSuffix("\n"))
  #expect(text == (try ohanaMetrics().text))
  #expect(text.contains("# HELP ohana_prediction_latency_seconds Prediction latency.\\nIn seconds.\n"))
  #expect(text.contains("# TYPE ohana_prediction_latency_seconds histogram\n"))
  #expect(text.contains("column=\"age \\\"years\\\"\\\\n\""))
  // Cumulative buckets up to +Inf, then sum and count.
  let control = text.split(separator: "\n").filter {
    $0.contains("latency_seconds") && $0.contains("control")
  }
  #expect(
    control == [
      "ohana_prediction_latency_seconds_bucket{variant=\"control\",le=\"0.005\"} 1",
      "ohana_prediction_latency_seconds_bucket{variant=\"control\",le=\"0.01\"} 1",
      "ohana_prediction_latency_seconds_bucket{variant=\"control\",le=\"0.025\"} 3",
      "ohana_prediction_latency_seconds_bucket{variant=\"control\",le=\"0.05\"} 3",
      "ohana_prediction_latency_seconds_bucket{variant=\"control\",le=\"0.1\"} 3",
      "ohana_prediction_latency_seconds_bucket{variant=\"control\",le=\"0.25\"} 3",
      "ohana_prediction_latency_seconds_bucket{variant=\"control\",le=\"0.5\"} 4",
      "ohana_prediction_latency_seconds_bucket{variant=\"control\",le=\"1\"} 4",
      "ohana_prediction_latency_seconds_bucket{variant=\"control\",le=\"2.5\"} 4",
      "ohana_prediction_latency_seconds_bucket{variant=\"control\",le=\"5\"} 4",
      "ohana_prediction_latency_seconds_bucket{variant=\"control\",le=\"10\"} 4",
      "ohana_prediction_latency_seconds_bucket{variant=\"control\",le=\"+Inf\"} 5",
      "ohana_prediction_latency_seconds_sum{variant=\"control\"} 12.343",
      "ohana_prediction_latency_seconds_count{variant=\"control\"} 5",
    ])
  // Families sorted by name.
  let families = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE") }.map {
    $0.split(separator: " ")[2]
  }
  #expect(families == families.sorted())
}

@Test func promtoolAcceptsTheExposition() throws {
  guard let promtool = OhanaCommand.which("promtool") else {
    print("skipping: promtool not found (apt-get install prometheus)")
    return
  }
  let directory = try TemporaryDirectory()
  let file = try directory.write(try ohanaMetrics().text, to: "ohana.prom")
  // promtool reads the metrics on standard input.
  let result = try OhanaCommand.runProgram(
    "/bin/sh", ["-c", "\"$0\" check metrics < \"$1\"", promtool, file])
  #expect(result.status == 0, "promtool: \(result.stdout) \(result.stderr)")
}

@Test func invalidNamesAndDuplicatesAreRefused() throws {
  var metrics = PrometheusExposition()
  #expect(throws: MonitorError.self) { try metrics.gauge("2fast", help: "x", value: 1) }
  #expect(throws: MonitorError.self) {
    try metrics.gauge("ok", help: "x", labels: ["__reserved": "v"], value: 1)
  }
  #expect(throws: MonitorError.self) {
    try metrics.gauge("ok", help: "x", labels: ["bad-name": "v"], value: 1)
  }
  #expect(throws: MonitorError.self) { try metrics.counter("requests", help: "x", value: 1) }
  #expect(throws: MonitorError.self) { try metrics.counter("requests_total", help: "x", value: -1) }
  try metrics.gauge("ok", help: "x", labels: ["a": "1"], value: 1)
  #expect(throws: MonitorError.self) { try metrics.gauge("ok", help: "x", labels: ["a": "1"], value: 2) }
  #expect(throws: MonitorError.self) { try metrics.counter("ok", help: "x", value: 1) }
  #expect(throws: MonitorError.self) {
    try metrics.histogram("h", help: "x", labels: ["le": "1"], try PrometheusHistogram(upperBounds: [1]))
  }
  #expect(throws: MonitorError.self) { try PrometheusHistogram(upperBounds: [1, 1]) }
  #expect(PrometheusExposition.number(.nan) == "NaN" && PrometheusExposition.number(-.infinity) == "-Inf")
}

@Test func histogramsAccumulateAcrossRuns() throws {
  var histogram = try PrometheusHistogram(upperBounds: [0.1, 1])
  histogram.observe(0.05)
  var restored = try PrometheusHistogram(json: histogram.json)
  restored.observe(2)
  #expect(restored.cumulativeCounts == [1, 1, 2] && restored.sum == 2.05)
}

@Test func histogramsOfOneBatchAddIntoTheTotal() throws {
  var total = try PrometheusHistogram(upperBounds: [0.1, 1])
  total.observe(0.05)
  var batch = try PrometheusHistogram(upperBounds: [0.1, 1])
  for value in [0.5, 0.7, 3] { batch.observe(value) }
  try total.merge(batch)
  #expect(total.bucketCounts == [1, 2, 1] && total.sum == 4.25)
  #expect(throws: MonitorError.self) { try total.merge(PrometheusHistogram(upperBounds: [0.1, 2])) }
}
