import Foundation
import OhanaGEDCOM

/// Parse, graph build, graph encode and graph decode of a GEDCOM file, median of `runs`.
func benchGEDCOM(path: String, runs: Int) throws {
  let size = fileSize(path)
  var parse: [Double] = []
  var build: [Double] = []
  var encode: [Double] = []
  var decode: [Double] = []
  var summary = ""
  for _ in 0..<runs {
    var document: GEDCOMDocument?
    parse.append(try seconds { document = try GEDCOMParser.parse(contentsOf: path) })
    guard let document else { exit(1) }
    var built: FamilyGraph?
    build.append(seconds { built = FamilyGraph.build(from: document) })
    guard let graph = built else { exit(1) }
    var bytes: [UInt8] = []
    encode.append(seconds { bytes = graph.encoded() })
    var loaded: FamilyGraph?
    decode.append(try seconds { loaded = try FamilyGraph(decoding: bytes) })
    precondition(loaded == graph)
    summary = "\(document.individuals.count) individuals, \(document.families.count) families, "
      + "\(document.diagnostics.count) diagnostics, graph artifact \(bytes.count) bytes"
  }
  let megabytes = size / 1e6
  print("file: \(path) (\(String(format: "%.1f", megabytes)) MB), median of \(runs) runs; \(summary)")
  for (stage, times) in [("parse", parse), ("graph build", build), ("graph encode", encode), ("graph decode", decode)] {
    let time = median(times)
    print(String(format: "%-14@ %8.3f s %9.1f MB/s", stage as NSString, time, megabytes / time))
  }
  let parseAndGraph = median(parse) + median(build)
  print(String(format: "parse + graph  %8.3f s %9.1f MB/s", parseAndGraph, megabytes / parseAndGraph))
  print(String(format: "cached graph load is %.1fx faster than parse + graph", parseAndGraph / median(decode)))
  print(String(format: "peak resident memory %.0f MiB (%.2fx the file)", peakResidentMiB(), peakResidentMiB() * 1048576 / size))
}
