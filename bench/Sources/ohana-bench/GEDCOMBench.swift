import Foundation
import OhanaGEDCOM

/// Parse, graph build, graph encode and graph decode of a GEDCOM file, median of `runs`, with
/// the CPU time each stage used (all threads) beside its wall time, and the peak resident memory
/// of parse + graph measured on its own in each run.
func benchGEDCOM(path: String, runs: Int) throws {
  let size = fileSize(path)
  var stages: [(name: String, wall: [Double], cpu: [Double])] = [
    ("parse", [], []), ("graph build", [], []), ("graph encode", [], []), ("graph decode", [], []),
  ]
  var peaks: [Double] = []
  var summary = ""
  func timed(_ stage: Int, _ body: () throws -> Void) rethrows {
    let cpu = cpuSeconds()
    stages[stage].wall.append(try seconds(body))
    stages[stage].cpu.append(cpuSeconds() - cpu)
  }
  for _ in 0..<runs {
    var graph: FamilyGraph?
    // The peak is reset first, so that it covers parse and graph alone: the document is let go
    // before the graph is encoded, as the bytes a cache stores come from the graph only.
    resetPeakResident()
    do {
      var parsed: GEDCOMDocument?
      // As ingest reads a stored dataset.
      try timed(0) { parsed = try GEDCOMParser.parse(immutableFile: path) }
      guard let document = parsed else { exit(1) }
      timed(1) { graph = FamilyGraph.build(from: document) }
      peaks.append(peakResidentMiB())
      summary =
        "\(document.individuals.count) individuals, \(document.families.count) families, "
        + "\(document.diagnostics.count) diagnostics"
    }
    guard let graph else { exit(1) }
    var bytes: [UInt8] = []
    timed(2) { bytes = graph.encoded() }
    var loaded: FamilyGraph?
    try timed(3) { loaded = try FamilyGraph(decoding: bytes) }
    precondition(loaded == graph)
    summary += ", graph artifact \(bytes.count) bytes"
  }
  let megabytes = size / 1e6
  let load =
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first ?? "?"
  print("file: \(path) (\(String(format: "%.1f", megabytes)) MB), median of \(runs) runs; \(summary)")
  print("\(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(load) at the end")
  print("stage              wall       MB/s        cpu")
  for stage in stages {
    let time = median(stage.wall)
    print(
      String(
        format: "%-14@ %8.3f s %9.1f %8.3f s", stage.name as NSString, time, megabytes / time,
        median(stage.cpu)))
  }
  let parseAndGraph = median(stages[0].wall) + median(stages[1].wall)
  let parseAndGraphCPU = median(stages[0].cpu) + median(stages[1].cpu)
  print(
    String(
      format: "parse + graph  %8.3f s %9.1f %8.3f s (cpu/wall %.2f)", parseAndGraph,
      megabytes / parseAndGraph,
      parseAndGraphCPU, parseAndGraphCPU / parseAndGraph))
  // The first run is a fresh process's, as every `ohana ingest` is: its memory is new to it.
  let firstRun = stages[0].wall[0] + stages[1].wall[0]
  print(String(format: "parse + graph, first run  %8.3f s %9.1f", firstRun, megabytes / firstRun))
  print(
    String(
      format: "cached graph load is %.1fx faster than parse + graph", parseAndGraph / median(stages[3].wall)))
  // The first run is a fresh process, as `ohana ingest` and `ohana inspect` are; later runs
  // show whether memory the run before freed stays resident (the parser has the allocator
  // hand large blocks back at once).
  let fileMiB = size / 1_048_576
  let laterPeak = peaks.max() ?? 0
  print(
    String(
      format: "peak resident memory of parse + graph: first run %.0f MiB (%.2fx the file), later runs up to "
        + "%.0f MiB (%.2fx)", peaks[0], peaks[0] / fileMiB, laterPeak, laterPeak / fileMiB))
}

/// CPU time of the whole process (every thread, user and system) so far, in seconds.
private func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
  return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

/// Restarts VmHWM from the current resident set (Linux: writing 5 to /proc/self/clear_refs),
/// after handing the memory the previous run freed back to the system, so that each run starts
/// from the same resident set.
private func resetPeakResident() {
  // glibc's malloc_trim, which Swift's Glibc module does not export.
  typealias Trim = @convention(c) (Int) -> Int32
  if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
    _ = unsafeBitCast(symbol, to: Trim.self)(0)
  }
  if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
    handle.write(Data("5".utf8))
    try? handle.close()
  }
}
