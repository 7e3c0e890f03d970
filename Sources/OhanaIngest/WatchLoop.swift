import OhanaStore
import OhanaWatch

/// `ohana watch`: a full scan at start, then inotify events wake the scan early; a full rescan
/// after a queue overflow and every `rescan_seconds`, and a re-check when files found by a scan
/// are due to have settled. The folders stay the truth: an event only says where to look.
public struct WatchLoop {
  public let ingestor: Ingestor
  public let termination: TerminationSignal

  public init(ingestor: Ingestor, termination: TerminationSignal) {
    self.ingestor = ingestor
    self.termination = termination
  }

  /// Runs until SIGINT or SIGTERM; the file in hand is finished first. `report` is told what
  /// each pass did; `afterPass` (the later stages: training, predictions) runs after the first
  /// scan, after every pass that accepted a file and after every periodic rescan.
  public func run(
    report: (IngestSummary) -> Void, warn: (String) -> Void, afterPass: () throws -> Void = {}
  ) throws {
    let configuration = ingestor.configuration
    let inbox = ingestor.workspace.inbox
    let settle = configuration.settleSeconds
    let watcher = try DirectoryWatcher(
      root: inbox, termination: termination, ignoring: { InboxNames.isIgnored($0) })
    ingestor.shouldStop = { [termination] in termination.isRequested }
    var summary = try ingestor.ingestAll(settleSeconds: settle)
    report(summary)
    try afterPass()
    var nextRescan = Timestamp.now() + configuration.rescanSeconds
    var nextCheck = summary.nextCheck
    while !termination.isRequested {
      let deadline = min(nextRescan, nextCheck ?? nextRescan)
      let timeout = max(0.005, deadline - Timestamp.now())
      let batch = try watcher.next(timeout: .milliseconds(Int64((timeout * 1000).rounded(.up))))
      if batch.terminationRequested || termination.isRequested { break }
      for failure in batch.watchFailures {
        warn("\(failure) (that folder is covered by the periodic rescan only)")
      }
      summary = IngestSummary()
      if batch.overflowed {
        summary.add(try ingestor.ingestAll(settleSeconds: settle))
        nextRescan = Timestamp.now() + configuration.rescanSeconds
      } else {
        if !batch.completedFiles.isEmpty {
          summary.add(try ingestor.ingest(completedPaths: batch.completedFiles))
        }
        for folder in batch.newDirectories where folder.hasPrefix(inbox + "/") {
          let relative = String(folder.dropFirst(inbox.count + 1))
          summary.add(try ingestor.ingestAll(settleSeconds: settle, below: relative))
        }
      }
      let now = Timestamp.now()
      var rescanned = false
      if now >= nextRescan || (nextCheck.map { now >= $0 } ?? false) {
        summary.add(try ingestor.ingestAll(settleSeconds: settle))
        rescanned = now >= nextRescan
        nextRescan = now + configuration.rescanSeconds
        nextCheck = nil
      }
      if let time = summary.nextCheck { nextCheck = min(nextCheck ?? time, time) }
      if summary != IngestSummary() { report(summary) }
      if summary.accepted > 0 || rescanned { try afterPass() }
    }
  }
}
