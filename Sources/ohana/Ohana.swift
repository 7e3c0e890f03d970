import ArgumentParser
import OhanaFiles

/// `ohana`: a machine-learning operations system whose interface is the file system.
@main
struct Ohana: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ohana",
    abstract: "Turn files dropped into inbox/ into stored, versioned datasets and reports.",
    version: "0.1.0",
    subcommands: [
      Init.self, Ingest.self, Watch.self, Tick.self, Train.self, Promote.self, Rollback.self, Approve.self,
      Reject.self, Predict.self, Verify.self, Status.self, Inspect.self, Synth.self,
    ])

  /// Sets the process's memory policy before any command runs, then runs the command.
  static func main() {
    MemoryPolicy.applyForBatchWork()
    main(nil)
  }
}
