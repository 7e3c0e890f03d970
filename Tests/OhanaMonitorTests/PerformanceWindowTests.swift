import Testing

@testable import OhanaMonitor

// Reference values: scikit-learn 1.x `accuracy_score`, `f1_score`, `roc_auc_score` and
// `brier_score_loss`, and the calibration error computed with numpy (10 equal-width bins,
// Σ n_b/N |positive rate − mean probability|, bin = min(int(p·10), 9)), on this stream:
// one record every 10 s, probabilities in steps of 0.05 (ties), well calibrated for 300
// records, then 0.35 too low.
func feedbackStream() -> [FeedbackRecord] {
  var random = TestRandom(seed: 201)
  return (0..<600).map { index in
    let probability = (random.unit() * 20).rounded(.down) / 20
    let drift = index < 300 ? 0.0 : 0.35
    let label = random.unit() < min(1.0, probability + drift) * 0.999
    return FeedbackRecord(time: Double(index) * 10, probability: probability, label: label)
  }
}

@Test func windowMetricsMatchScikitLearn() throws {
  let windows = try PerformanceWindow.windows(feedbackStream(), width: 2000)
  #expect(windows.map(\.start) == [0, 2000, 4000] && windows.allSatisfy { $0.count == 200 })
  let expected: [(accuracy: Double, f1: Double, auc: Double, brier: Double, ece: Double)] = [
    (0.76, 0.7446808510638298, 0.832680132649985, 0.1669125, 0.04274999999999997),
    (0.82, 0.8317757009345794, 0.8685789848438612, 0.1569, 0.10899999999999999),
    (0.685, 0.7509881422924901, 0.823584229390681, 0.233275, 0.302),
  ]
  for (window, reference) in zip(windows, expected) {
    #expect(isClose(window.accuracy, reference.accuracy, relative: 1e-12))
    #expect(isClose(window.f1, reference.f1, relative: 1e-12))
    #expect(isClose(window.auc, reference.auc, relative: 1e-12))
    #expect(isClose(window.brier, reference.brier, relative: 1e-12))
    #expect(isClose(window.calibrationError, reference.ece, relative: 1e-12))
  }
}

@Test func degradationIsFlaggedBeyondTheTolerance() throws {
  let windows = try PerformanceWindow.windows(feedbackStream(), width: 2000)
  // Validation metrics of the model, as the registry would hold them.
  let baseline: [PerformanceMetric: Double] = [
    .accuracy: 0.78, .auc: 0.85, .brier: 0.17, .calibrationError: 0.05,
  ]
  let first = windows[0].degradations(baseline: baseline, tolerance: 0.05)
  #expect(first.allSatisfy { !$0.degraded })
  let last = windows[2].degradations(baseline: baseline, tolerance: 0.05)
  let degraded = Set(last.filter(\.degraded).map(\.metric))
  #expect(degraded == [.accuracy, .brier, .calibrationError])
  #expect(windows[2].json["count"] == 200)
}

@Test func oneClassWindowsHaveNoAUC() {
  let window = PerformanceWindow(
    records: [FeedbackRecord(time: 0, probability: 0.9, label: true)], start: 0, end: 60)
  #expect(window.auc.isNaN && window.accuracy == 1)
  #expect(window.degradations(baseline: [.auc: 0.8], tolerance: 0.01).first?.degraded == false)
}
