// ohana-bench: in-process timings of the GEDCOM stages, for `make bench` (not part of CI).
//
//   ohana-bench gedcom FILE [RUNS]
//
// Prints, per stage, the median of RUNS runs: parse (read, decode, tree, typed views, checks),
// graph build, graph encode, graph decode (what a graph-cache hit costs), with MB/s of the file
// and the peak resident memory of the process.
import Foundation
import OhanaGEDCOM

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// VmHWM of /proc/self/status: the peak resident set, in MiB.
func peakResidentMiB() -> Double {
  let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
  let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
  return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, arguments[1] == "gedcom" else {
  FileHandle.standardError.write(Data("usage: ohana-bench gedcom FILE [RUNS]\n".utf8))
  exit(2)
}
let path = arguments[2]
let runs = arguments.count > 3 ? max(1, Int(arguments[3]) ?? 3) : 3
let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
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
