import Foundation
import OhanaMonitor

/// Each drift statistic on 1M against 1M values, median of `runs`, on the data of the peers'
/// script (`../shared/bench/drift_csv_peers.py`): a ~ N(0, 1) against b ~ N(0.05, 1.1), and
/// codes uniform in 0..<20 against 0..<21. Every timing starts from the raw arrays (missing
/// values filtered, sorting or selection, counting), as the peers' timings do.
func benchDrift(runs: Int) throws {
  var random = BenchRandom(state: 42)
  let count = 1_000_000
  let a = (0..<count).map { _ in random.normal() }
  let b = (0..<count).map { _ in 0.05 + 1.1 * random.normal() }
  let codesA = (0..<count).map { _ in Int32(random.next() % 20) }
  let codesB = (0..<count).map { _ in Int32(random.next() % 21) }
  let levels = (0..<21).map { "level\($0)" }
  print("drift statistics, 1M vs 1M values, median of \(runs) runs")
  func time(_ name: String, _ body: () throws -> Double) rethrows {
    var times: [Double] = []
    var value = 0.0
    for _ in 0..<runs { times.append(try seconds { value = try body() }) }
    print(
      name.padding(toLength: 46, withPad: " ", startingAt: 0)
        + String(format: "%9.4f s   (value %.6g)", median(times), value))
  }
  try time("KS two-sample (p-value)") {
    try NumericDrift.ks(reference: NumericSample(a), current: NumericSample(b)).pValue
  }
  try time("Wasserstein, normalized") {
    try NumericDrift.wassersteinNormalized(reference: NumericSample(a), current: NumericSample(b))
  }
  try time("PSI, 10 quantile bins") { try NumericDrift.psi(reference: a, current: b) }
  try time("KL divergence (Evidently's bins)") {
    try NumericDrift.klDivergence(reference: NumericSample(a), current: NumericSample(b))
  }
  try time("chi-square, 20 levels (p-value)") {
    let counts = try CategoryCounts(referenceCodes: codesA, currentCodes: codesB, levels: levels)
    return try CategoricalDrift.chiSquare(referenceCounts: counts.reference, currentCounts: counts.current)
      .pValue
  }
  try time("Jensen-Shannon, 20 levels") {
    let counts = try CategoryCounts(referenceCodes: codesA, currentCodes: codesB, levels: levels)
    return try CategoricalDrift.jensenShannonDistance(
      referenceCounts: counts.reference, currentCounts: counts.current)
  }
  try time("whole report: 2 columns, every statistic, HTML") {
    let report = try DriftAnalysis.analyze(
      reference: ["x": .numeric(a), "c": .codes(codesA, levels: levels)],
      current: ["x": .numeric(b), "c": .codes(codesB, levels: levels)])
    return Double(report.html(title: "bench").utf8.count)
  }
  print("goal: each statistic at most half the peer's time (the scipy/numpy lines of run_tabular_peers.sh)")
  print(String(format: "peak resident memory %.0f MiB", peakResidentMiB()))
}

/// SplitMix64 with Box–Muller normals: the same values on every run and machine.
struct BenchRandom {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func unit() -> Double { (Double(next() >> 11) + 0.5) * 0x1.0p-53 }

  mutating func normal() -> Double { (-2 * log(unit())).squareRoot() * cos(2 * .pi * unit()) }
}
