import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

/// A family-tree pipeline whose promotions need a person: training asks, `ohana approve` does it.
@Suite(.serialized)
struct ParentageApprovalTests {
  @Test func promotionWaitsForApprovalThenHappensOnce() throws {
    let tree = try TrainingWorkflowTests.treeWithDatasets(1)
    let config = try String(contentsOfFile: tree.file("ohana.yaml"), encoding: .utf8)
      .replacingOccurrences(
        of: "    top_k: 5                  # candidate families listed per person\n",
        with: "    top_k: 5                  # candidate families listed per person\n"
          + "    monitoring: {approvals: {promotion: true}}\n")
    #expect(config.contains("approvals: {promotion: true}"))
    try config.write(toFile: tree.file("ohana.yaml"), atomically: true, encoding: .utf8)
    let train = try OhanaCommand.run(["train", "family-trees", "--root", tree.path] + TrainingWorkflowTests.quick)
    #expect(train.status == 0, "\(train.stderr)")
    let channel = try TrainingWorkflowTests.json(tree.file("registry/channels/family-trees.json"))
    #expect(channel["production"] == .null, "nothing is promoted before a person approves")
    let run = try TrainingWorkflowTests.json(
      tree.file("registry/runs/family-trees/" + TrainingWorkflowTests.files(tree.file("registry/runs/family-trees"))[0]))
    let id = try #require(run["approval"]?.stringValue, "the run names its approval request")
    #expect(FileManager.default.fileExists(atPath: tree.file("outbox/approvals/\(id).json")))
    let approve = try OhanaCommand.run(["approve", id, "--root", tree.path])
    #expect(approve.status == 0, "\(approve.stderr)")
    let promoted = try TrainingWorkflowTests.json(tree.file("registry/channels/family-trees.json"))
    #expect(promoted["production"] == "1.0.0")
    // Approving again changes nothing: the promotion is carried out once.
    _ = try OhanaCommand.run(["approve", id, "--root", tree.path])
    let log = try String(contentsOfFile: tree.file("registry/audit/log.jsonl"), encoding: .utf8)
    let promotions = log.split(separator: "\n").filter { $0.contains("\"model.stage\"") && $0.contains("\"to\":\"production\"") }
    #expect(promotions.count == 1, "\(promotions)")
    #expect(try OhanaCommand.run(["verify", "--root", tree.path]).status == 0)
  }
}
