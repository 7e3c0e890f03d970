import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

@testable import OhanaMonitor

/// The columns of heart-uci-4sites.csv by type (`id` and the site column `dataset` left out).
let heartNumeric = ["age", "trestbps", "chol", "thalch", "oldpeak", "ca", "num"]
let heartCategorical = ["sex", "cp", "fbs", "restecg", "exang", "slope", "thal"]

/// The rows of one or more sites as drift samples (empty fields are missing).
func heartSamples(_ rows: [[String: String]]) -> [String: ColumnSample] {
  var samples: [String: ColumnSample] = [:]
  for name in heartNumeric { samples[name] = .numeric(rows.map { Double($0[name] ?? "") ?? .nan }) }
  for name in heartCategorical {
    samples[name] = .categorical(rows.map { $0[name].flatMap { $0.isEmpty ? nil : $0 } })
  }
  return samples
}

func heartRows() throws -> [[String: String]]? {
  guard SharedData.isAvailable else { return nil }
  let text = try String(contentsOfFile: SharedData.path("tabular/heart-uci-4sites.csv"), encoding: .utf8)
  var lines = text.split(whereSeparator: \.isNewline).map(String.init)
  // The file has no quoted fields.
  let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
  return lines.map { line in
    Dictionary(
      uniqueKeysWithValues: zip(
        header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
  }
}

// Per-column methods and scores from Evidently 0.4.40's default stattests
// (`registry.get_stattest(ref, cur, type, None)` on each column after `dropna()`), printed with
// repr(); the file read with `pd.read_csv(path, keep_default_na=False, na_values=[''])`, the
// halves split by the same FNV-1a + SplitMix64 position computed in Python.
let clevelandVersusVA: [String: (DriftMethod, Double, Bool)] = [
  "age": (.ks, 7.022575216770316e-08, true), "trestbps": (.ks, 0.23843021670588943, false),
  "chol": (.ks, 2.2197073626912586e-08, true), "thalch": (.ks, 9.060262461309511e-25, true),
  "oldpeak": (.ks, 8.103483772374707e-05, true), "ca": (.chiSquare, 0.7060675575352795, false),
  "num": (.chiSquare, 2.3780141071691793e-14, true), "sex": (.zTest, 3.3306690738754696e-15, true),
  "cp": (.chiSquare, 1.2180332773042383e-06, true), "fbs": (.zTest, 1.1820543499574399e-07, true),
  "restecg": (.chiSquare, 0.0, true), "exang": (.zTest, 1.1494916130061483e-10, true),
  "slope": (.chiSquare, 5.150951857960146e-21, true), "thal": (.chiSquare, 2.5709081975838976e-08, true),
]
let clevelandHalves: [String: (DriftMethod, Double, Bool)] = [
  "age": (.ks, 0.21003405845412085, false), "trestbps": (.ks, 0.7835126769924017, false),
  "chol": (.ks, 0.229537725721151, false), "thalch": (.ks, 0.015168560697871182, true),
  "oldpeak": (.ks, 0.16053087135787344, false), "ca": (.chiSquare, 0.8090776450750046, false),
  "num": (.chiSquare, 0.14107794974422366, false), "sex": (.zTest, 0.4535231982515602, false),
  "cp": (.chiSquare, 0.053879846678224604, false), "fbs": (.zTest, 0.13801933176393422, false),
  "restecg": (.chiSquare, 0.10634903981440717, false), "exang": (.zTest, 0.14418516191536535, false),
  "slope": (.chiSquare, 0.1739700068831237, false), "thal": (.chiSquare, 0.13871472016593983, false),
]

func expectMatchesEvidently(_ report: DriftReport, _ expected: [String: (DriftMethod, Double, Bool)]) {
  #expect(report.columns.map(\.name).sorted() == expected.keys.sorted())
  for column in report.columns {
    guard let (method, score, drifted) = expected[column.name] else { continue }
    #expect(column.method == method, "\(column.name) method")
    #expect(column.drifted == drifted, "\(column.name) verdict")
    let actual = column.score ?? .nan
    // Evidently's z-test p-values are 2·(1 − Φ(|z|)), good to ~1e-16 absolute only.
    let absolute = method == .zTest ? 1e-14 : 0
    #expect(
      isClose(actual, score, relative: 1e-9, absolute: absolute), "\(column.name) score \(actual) vs \(score)"
    )
  }
}

@Test func clevelandAgainstVALongBeachDrifts() throws {
  guard let rows = try heartRows() else {
    print("skipping: shared data not found (set OHANA_DATA)")
    return
  }
  let report = try DriftAnalysis.analyze(
    reference: heartSamples(rows.filter { $0["dataset"] == "Cleveland" }),
    current: heartSamples(rows.filter { $0["dataset"] == "VA Long Beach" }))
  expectMatchesEvidently(report, clevelandVersusVA)
  #expect(report.datasetDrift)
  #expect(report.driftedColumns == 12 && report.testedColumns == 14)
}

@Test func clevelandHalvesDoNotDrift() throws {
  guard let rows = try heartRows() else {
    print("skipping: shared data not found (set OHANA_DATA)")
    return
  }
  let cleveland = rows.filter { $0["dataset"] == "Cleveland" }
  // A random split: the id's stable hash position under a salt (computed the same way in Python for the reference).
  let inSecond = { (row: [String: String]) in
    ExperimentAssignment.variant(id: row["id"]!, salt: "cleveland-halves", treatmentShare: 0.5) == .treatment
  }
  let first = cleveland.filter { !inSecond($0) }
  let second = cleveland.filter(inSecond)
  #expect(first.count == 166 && second.count == 138)
  let report = try DriftAnalysis.analyze(reference: heartSamples(first), current: heartSamples(second))
  expectMatchesEvidently(report, clevelandHalves)
  #expect(!report.datasetDrift)
  #expect(report.driftedColumns == 1)
}

@Test func largeReferencesUseDistances() throws {
  let reference: [String: ColumnSample] = [
    "x": .numeric(TestRandom.normals(seed: 21, count: 5000)),
    "few": .numeric((0..<5000).map { Double($0 % 3) }),
    "color": .categorical((0..<5000).map { ["red", "green", "blue"][$0 % 3] }),
  ]
  let current: [String: ColumnSample] = [
    "x": .numeric(TestRandom.normals(seed: 22, count: 3000, mean: 0.5)),
    "few": .numeric((0..<3000).map { Double($0 % 3) }),
    "color": .categorical((0..<3000).map { ["red", "red", "blue"][$0 % 3] }),
  ]
  let report = try DriftAnalysis.analyze(reference: reference, current: current)
  let byName = Dictionary(uniqueKeysWithValues: report.columns.map { ($0.name, $0) })
  #expect(byName["x"]?.method == .wasserstein && byName["x"]?.drifted == true)
  #expect(byName["few"]?.method == .jensenShannon && byName["few"]?.drifted == false)
  #expect(byName["color"]?.method == .jensenShannon && byName["color"]?.drifted == true)
  #expect(report.datasetDrift)
}

@Test func correctionsMatchStatsmodels() {
  // statsmodels 0.15.0 multipletests(p, method=...)[1].
  let p = [0.01, 0.04, 0.03, 0.2, 0.001, 0.04]
  let bh = PValueCorrection.benjaminiHochberg.adjust(p)
  let expectedBH = [0.030000000000000002, 0.048, 0.048, 0.2, 0.006, 0.048]
  for (actual, expected) in zip(bh, expectedBH) { #expect(isClose(actual, expected, relative: 1e-12)) }
  let bonferroni = PValueCorrection.bonferroni.adjust(p)
  let expectedBonferroni = [0.06, 0.24, 0.18, 1.0, 0.006, 0.24]
  for (actual, expected) in zip(bonferroni, expectedBonferroni) {
    #expect(isClose(actual, expected, relative: 1e-12))
  }
}

@Test func correctionChangesVerdictsOfMarginalColumns() throws {
  guard let rows = try heartRows() else {
    print("skipping: shared data not found (set OHANA_DATA)")
    return
  }
  let cleveland = rows.filter { $0["dataset"] == "Cleveland" }
  let first = cleveland.filter {
    ExperimentAssignment.position(id: $0["id"]!, salt: "cleveland-halves") >= 0.5
  }
  let second = cleveland.filter {
    ExperimentAssignment.position(id: $0["id"]!, salt: "cleveland-halves") < 0.5
  }
  let report = try DriftAnalysis.analyze(
    reference: heartSamples(first), current: heartSamples(second),
    options: DriftOptions(correction: .bonferroni))
  let thalch = try #require(report.columns.first { $0.name == "thalch" })
  // 0.0152 × 14 tests ≥ 0.05: no longer drifted once corrected.
  #expect(isClose(thalch.score!, 14 * 0.015168560697871182, relative: 1e-9))
  #expect(thalch.unadjustedPValue.map { isClose($0, 0.015168560697871182, relative: 1e-9) } == true)
  #expect(!thalch.drifted && report.driftedColumns == 0)
}

@Test func predictionDriftIsReportedApart() throws {
  let reference: [String: ColumnSample] = [
    "feature": .numeric(TestRandom.normals(seed: 31, count: 300)),
    "prediction": .numeric(TestRandom.normals(seed: 32, count: 300)),
  ]
  let current: [String: ColumnSample] = [
    "feature": .numeric(TestRandom.normals(seed: 33, count: 300)),
    "prediction": .numeric(TestRandom.normals(seed: 34, count: 300, mean: 1)),
  ]
  let report = try DriftAnalysis.analyze(
    reference: reference, current: current, options: DriftOptions(predictionColumn: "prediction"))
  #expect(report.columns.map(\.name) == ["feature"])
  #expect(report.prediction?.drifted == true)
  #expect(report.json["prediction"]?["column"] == "prediction")
}

@Test func badRequestsAreRefusedWithReasons() {
  #expect(throws: MonitorError("column b is in the current data but not in the reference data")) {
    try DriftAnalysis.analyze(
      reference: ["a": .numeric([1])], current: ["a": .numeric([1]), "b": .numeric([2])])
  }
  #expect(throws: MonitorError.self) {
    try DriftAnalysis.analyze(
      reference: ["c": .categorical(["x"])], current: ["c": .categorical(["y"])],
      options: DriftOptions(categoricalMethod: .ks))
  }
  #expect(throws: MonitorError.self) {
    try DriftAnalysis.analyze(reference: ["a": .numeric([1])], current: ["a": .categorical(["1"])])
  }
}

@Test func emptyColumnsAreSkippedNotCounted() throws {
  let report = try DriftAnalysis.analyze(
    reference: ["a": .numeric([1, 2, 3, 4, 5, 6]), "b": .categorical(["x", "y"])],
    current: ["a": .numeric([.nan, .nan]), "b": .categorical(["x", "y"])])
  let a = try #require(report.columns.first { $0.name == "a" })
  #expect(a.skipped == "no values in the current sample" && a.method == nil)
  #expect(report.testedColumns == 1)
  #expect(report.json["columns"]?["a"]?["skipped"] == "no values in the current sample")
}

@Test func codedAndTextCategoriesGiveTheSameVerdict() throws {
  let levels = ["a", "b", "c"]
  let referenceCodes: [Int32] = (0..<900).map { Int32($0 % 3) }
  let currentCodes: [Int32] = (0..<600).map { $0 % 4 == 0 ? -1 : Int32($0 % 2) }
  let coded = try DriftAnalysis.analyzeColumn(
    "k", .codes(referenceCodes, levels: levels), .codes(currentCodes, levels: levels))
  let text = try DriftAnalysis.analyzeColumn(
    "k", .categorical(referenceCodes.map { levels[Int($0)] }),
    .categorical(currentCodes.map { $0 < 0 ? nil : levels[Int($0)] }))
  #expect(coded.score == text.score && coded.method == .chiSquare)
  #expect(coded.current.missing == 150)
  // Different dictionaries are aligned by level name.
  let remapped = try DriftAnalysis.analyzeColumn(
    "k", .codes(referenceCodes.map { 2 - $0 }, levels: levels.reversed()),
    .codes(currentCodes, levels: levels))
  #expect(remapped.score == text.score)
}

@Test func reportsOfAMillionRowsStaySmall() throws {
  let rows = 1_000_000
  // Cheap well-spread values: a multiplicative hash of the row number.
  let spread = (0..<rows).map { Double(($0 &* 2_654_435_761) % 1_000_003) / 1_000_003 }
  let reference: [String: ColumnSample] = [
    "amount": .numeric(spread.map { $0 * 100 }),
    "channel": .codes((0..<rows).map { Int32($0 % 12) }, levels: (0..<12).map { "channel-\($0)" }),
  ]
  let current: [String: ColumnSample] = [
    "amount": .numeric(spread.map { $0 * 120 + 20 }),
    "channel": .codes((0..<rows).map { Int32($0 % 13) }, levels: (0..<13).map { "channel-\($0)" }),
  ]
  let report = try DriftAnalysis.analyze(reference: reference, current: current)
  let json = CanonicalJSON.bytes(report.json)
  let html = report.html(title: "Drift <1M rows>")
  #expect(
    json.count < 100_000 && html.utf8.count < 2_000_000, "json \(json.count) B, html \(html.utf8.count) B")
  #expect(html.contains("<svg") && html.contains("Drift &lt;1M rows&gt;"))
  #expect(report.columns.allSatisfy { $0.drifted })
  let parsed = try JSONParser.parse(json)
  #expect(parsed == report.json)
}
