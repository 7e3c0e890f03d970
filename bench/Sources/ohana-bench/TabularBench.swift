import Foundation
import OhanaClassifiers
import OhanaLearn
import OhanaTabular

/// CSV parse with type inference, and the table artifact's encode and decode, median of `runs`.
func benchCSV(path: String, runs: Int) throws {
  let size = fileSize(path)
  var parse: [Double] = []
  var parseCPU: [Double] = []
  var encode: [Double] = []
  var decode: [Double] = []
  var summary = ""
  for _ in 0..<runs {
    var parsed: CSVTable?
    let cpuBefore = processCPUSeconds()
    parse.append(try seconds { parsed = try CSVTable.parse(contentsOf: path) })
    parseCPU.append(processCPUSeconds() - cpuBefore)
    guard let table = parsed else { exit(1) }
    var bytes: [UInt8] = []
    encode.append(seconds { bytes = table.encoded() })
    var loaded: CSVTable?
    decode.append(try seconds { loaded = try CSVTable(decoding: bytes) })
    precondition(loaded == table)
    let types = Dictionary(grouping: table.columns, by: \.type).map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
    summary = "\(table.rowCount) rows, \(table.columns.count) columns (\(types.joined(separator: ", "))), "
      + "\(table.problems.count) problems, artifact \(bytes.count) bytes"
  }
  let megabytes = size / 1e6
  print("file: \(path) (\(String(format: "%.1f", megabytes)) MB), median of \(runs) runs; \(summary)")
  for (stage, times) in [("csv parse", parse), ("table encode", encode), ("table decode", decode)] {
    let time = median(times)
    print(String(format: "%-14@ %8.3f s %9.1f MB/s", stage as NSString, time, megabytes / time))
  }
  // CPU time, both threads together: steadier than the wall clock on a loaded machine.
  let cpu = median(parseCPU)
  print(String(format: "csv parse CPU  %8.3f s %9.1f MB per CPU second", cpu, megabytes / cpu))
  print(String(format: "artifact load is %.1fx faster than parsing", median(parse) / median(decode)))
  print(String(format: "peak resident memory %.0f MiB", peakResidentMiB()))
}

/// CPU seconds used by every thread of the process so far.
func processCPUSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Each family's fit time and test AUC on a seeded 80/20 stratified split, as the peers'
/// script does (100 trees for the forest and the boosted trees, no early stopping).
func benchClassifiers(path: String, target: String) throws {
  let table = try CSVTable.parse(contentsOf: path)
  let schema = try TableSchema.infer(from: table, target: target)
  let probe = FeatureEncoder(schema: schema, mode: .native, training: table)
  let maybeLabels = probe.labels(table)
  let kept = maybeLabels.indices.filter { maybeLabels[$0] != nil }
  let rows = table.selecting(rows: kept)
  let labels = kept.map { maybeLabels[$0]! }
  let split = StratifiedKFold.holdOut(labels: labels, fraction: 0.2, seed: 0)
  let training = rows.selecting(rows: split.training)
  let test = rows.selecting(rows: split.validation)
  let trainingLabels = split.training.map { labels[$0] }
  let testLabels = split.validation.map { labels[$0] }
  print("file: \(path): \(rows.rowCount) rows, \(table.columns.count - 1) input columns, "
    + "\(labels.filter { $0 }.count) positive; 80/20 stratified split")
  var settings = ClassifierSettings()
  settings.gbtIterations = 100
  settings.forestTrees = 100
  // OHANA_BENCH_FAMILIES=random_forest,gbt times only those families.
  let chosen = ProcessInfo.processInfo.environment["OHANA_BENCH_FAMILIES"].map {
    $0.split(separator: ",").map(String.init)
  }
  for family in ClassifierFamily.allCases where chosen?.contains(family.rawValue) ?? true {
    let encoder = FeatureEncoder(schema: schema, mode: family.encoding, training: training)
    var matrix: FeatureMatrix?
    let encodeTime = seconds { matrix = encoder.matrix(training) }
    var fitted: FittedClassifier?
    let cpuBefore = processCPUSeconds()
    let fitTime = try seconds {
      fitted = try FittedClassifier.fit(
        family, x: matrix!, labels: trainingLabels, categorical: encoder.categoricalColumns, settings: settings,
        validation: nil, earlyStopping: false
      ).model
    }
    let fitCPU = processCPUSeconds() - cpuBefore
    var probabilities: [Double] = []
    let predictTime = seconds { probabilities = fitted!.probabilities(encoder.matrix(test)) }
    print(String(
      format: "%-14@ fit %8.3f s (cpu %.3f s, encode %.3f s)  predict %10.0f rows/s  AUC %.4f  %d features",
      family.rawValue as NSString, fitTime, fitCPU, encodeTime, Double(test.rowCount) / predictTime,
      Metrics.auc(scores: probabilities, labels: testLabels), matrix!.columnCount))
  }
  print(String(format: "peak resident memory %.0f MiB", peakResidentMiB()))
}
