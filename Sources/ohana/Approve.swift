import ArgumentParser
import OhanaConfig
import OhanaIngest
import OhanaTraining

struct Approve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Approve a pending action of outbox/approvals/ (a promotion, a rollback); without ID, list them.",
    discussion: """
      Moving outbox/approvals/ID.json into inbox/approvals/ approves it too (tick and watch take it). \
      The action is carried out once, audited, and recorded in outbox/approvals/done/ID.json.
      """)

  @OptionGroup var options: RootOptions
  @Argument(help: "The approval id (the file name without .json).") var id: String?

  func run() {
    let workspace = options.workspace
    do {
      let approvals = Approvals(workspace: workspace, log: { printError("ohana: \($0)") })
      guard let id else {
        let pending = try approvals.pending()
        if pending.isEmpty { print("no approval is pending") }
        for request in pending { print("\(request.id): \(request.what) — \(request.why)") }
        return
      }
      print(try approvals.approve(id: id, by: "ohana approve", now: Scheduler.currentTime()))
      try refreshFamilyTreePredictions(workspace)
    } catch { fail(error) }
  }
}

struct Reject: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Reject a pending action of outbox/approvals/: nothing is done, and the decision is recorded.")

  @OptionGroup var options: RootOptions
  @Argument(help: "The approval id (the file name without .json).") var id: String
  @Option(help: "Why, for the record and the audit log.") var reason = "rejected by hand"

  func run() {
    let workspace = options.workspace
    do {
      let approvals = Approvals(workspace: workspace, log: { printError("ohana: \($0)") })
      print(try approvals.reject(id: id, reason: reason, by: "ohana reject", now: Scheduler.currentTime()))
    } catch { fail(error) }
  }
}

/// Family-tree predictions follow production, which an approval may just have changed.
private func refreshFamilyTreePredictions(_ workspace: Workspace) throws {
  for pipeline in try workspace.loadConfiguration().pipelines where pipeline.kind == .gedcom {
    try ParentageWorkflow(workspace: workspace, pipeline: pipeline).refreshPredictions()
  }
}
