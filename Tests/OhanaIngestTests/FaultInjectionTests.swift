import Foundation
import OhanaTestSupport
import Testing

/// System calls made to fail one at a time with `strace -e inject=` (works unprivileged): the
/// command fails with a clear message, the input is kept, and nothing half-written is visible.
@Suite(.serialized, .enabled(if: OhanaCommand.which("strace") != nil, "strace is not installed"))
struct FaultInjectionTests {
  struct Fault: Sendable, CustomStringConvertible {
    let syscalls: String
    let error: String
    var description: String { "\(syscalls)=\(error)" }
  }

  static let faults = [
    Fault(syscalls: "fsync", error: "EIO"),
    Fault(syscalls: "write,pwrite64", error: "ENOSPC"),
    Fault(syscalls: "rename,renameat,renameat2,link,linkat", error: "EXDEV"),
  ]

  @Test(arguments: faults)
  func eachCallFailingInTurnLosesNothing(_ fault: Fault) throws {
    let strace = try #require(OhanaCommand.which("strace"))
    var sawFailure = false
    for occurrence in 1...40 {
      let tree = try Fixtures.tree()
      try tree.write(Fixtures.gedcom("Fault"), to: "inbox/tree.ged")
      try tree.write(Fixtures.csv(9), to: "inbox/tables/table.csv")
      let run = try OhanaCommand.runProgram(
        strace,
        ["-f", "-qq", "-o", "/dev/null", "-e", "trace=\(fault.syscalls)",
         "-e", "inject=\(fault.syscalls):error=\(fault.error):when=\(occurrence)",
         OhanaCommand.executable, "ingest", "--root", tree.path])
      if run.status != 0 {
        sawFailure = true
        // One clear line on stderr naming what failed.
        #expect(run.stderr.hasPrefix("ohana: "), "\(fault) #\(occurrence): \(run.stderr)")
      }
      // Each input is accounted for: done, or still there to be done.
      let (accepted, rejected) = try Fixtures.outcomes(tree.path)
      #expect(rejected.isEmpty, "\(fault) #\(occurrence) rejected a good input: \(run.stderr)")
      let remaining = Fixtures.files(tree.file("inbox"), suffix: ".ged") + Fixtures.files(tree.file("inbox/tables"), suffix: ".csv")
      let claimed = Fixtures.files(tree.file("inbox/.ohana/claims")).flatMap { Fixtures.files(tree.file("inbox/.ohana/claims/" + $0)) }
      #expect(accepted.count + remaining.count + claimed.count >= 2, "\(fault) #\(occurrence) lost an input")
      // Nothing half-written: the registry is consistent, and a clean run finishes the job.
      let finish = try OhanaCommand.run(["ingest", "--root", tree.path])
      #expect(finish.status == 0, "\(fault) #\(occurrence): \(finish.stderr)")
      let outcomes = try Fixtures.outcomes(tree.path)
      #expect(outcomes.accepted == ["tables/table.csv", "tree.ged"], "\(fault) #\(occurrence)")
      #expect(outcomes.rejected.isEmpty)
      let verify = try OhanaCommand.run(["verify", "--root", tree.path])
      #expect(verify.status == 0, "\(fault) #\(occurrence): \(verify.stdout)")
      if run.status == 0 && occurrence > 1 { break }
    }
    #expect(sawFailure, "no injected \(fault) made ingest fail")
  }
}
