// ohana-bench: in-process timings for `make bench` (not part of CI).
//
//   ohana-bench gedcom FILE [RUNS]     parse, graph build, graph encode/decode of a GEDCOM file
//   ohana-bench csv FILE [RUNS]        CSV parse with type inference, table artifact encode/decode
//   ohana-bench classifiers FILE TARGET
//                                      fit time and AUC of each family on an 80/20 stratified split
//   ohana-bench drift RUNS             each drift statistic on 1M vs 1M values
//
// Times are medians of RUNS runs, with MB/s of the file and the peak resident memory, under the
// memory policy the `ohana` executable runs with.
import Foundation
import OhanaFiles

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

func fileSize(_ path: String) -> Double {
  Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
}

MemoryPolicy.applyForBatchWork()
let arguments = CommandLine.arguments
let usage = "usage: ohana-bench gedcom FILE [RUNS] | csv FILE [RUNS] | classifiers FILE TARGET | drift RUNS\n"
func runs(at index: Int) -> Int { arguments.count > index ? max(1, Int(arguments[index]) ?? 3) : 3 }
do {
  switch (arguments.count > 2 ? arguments[1] : "", arguments.count) {
  case ("gedcom", _): try benchGEDCOM(path: arguments[2], runs: runs(at: 3))
  case ("csv", _): try benchCSV(path: arguments[2], runs: runs(at: 3))
  case ("drift", _): try benchDrift(runs: runs(at: 2))
  case ("classifiers", 4...):
    try benchClassifiers(path: arguments[2], target: arguments[3])
  default:
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
  }
} catch {
  FileHandle.standardError.write(Data("ohana-bench: \(error)\n".utf8))
  exit(1)
}
