import Foundation
import OhanaConfig
import OhanaIngest
import OhanaJSON
import OhanaParentage
import OhanaStore
import OhanaTestSupport
import Testing

@testable import OhanaTraining

/// The setup both training workflows share: run ids (committed in `registry/runs/`) must hash
/// exactly the identity each workflow hashed before the context existed, and settings apply
/// the configuration, then `--set` overrides.
struct PipelineContextTests {
  static func pipeline(_ name: String, in root: String) throws -> PipelineConfig {
    let text = try String(contentsOfFile: root + "/ohana.yaml", encoding: .utf8)
    return try #require(try OhanaConfiguration.parse(text).pipelines.first { $0.name == name })
  }

  @Test func tabularRunIDHashesTheSameIdentityAsBefore() throws {
    let tree = try MonitoringTree.make()
    let workflow = try TabularWorkflow(
      workspace: Workspace(root: tree.root), pipeline: Self.pipeline("tables", in: tree.root))
    let plan = try workflow.plan(overrides: ["folds=4"])
    let identity: JSONValue = [
      "pipeline": "tables", "datasets": .array(plan.datasets.map { .string($0.sha256) }),
      "settings": plan.settings.json, "code": .string(CodeVersion.current), "schema": plan.schema.json,
      "id_column": "patient_id",
    ]
    #expect(plan.runID == String(SHA256Hasher.hash(CanonicalJSON.bytes(identity)).prefix(16)))
    // ohana.yaml says logistic with 3 folds; the override wins over it.
    #expect(plan.settings.folds == 4)
    #expect(plan.settings.families.map(\.rawValue) == ["logistic"])
    #expect(plan.settings.metric == "f1")
    #expect(!plan.alreadyRecorded)
    #expect(plan.description.hasPrefix("run \(plan.runID)\nfamilies: logistic; 4-fold cross-validation"))
  }

  @Test func parentageRunIDHashesTheSameIdentityAsBefore() throws {
    let tree = try TrainingWorkflowTests.treeWithDatasets(1)
    let workflow = try ParentageWorkflow(
      workspace: Workspace(root: tree.path), pipeline: Self.pipeline("family-trees", in: tree.path))
    let plan = try workflow.plan(overrides: ["seed=7"])
    let identity: JSONValue = [
      "pipeline": "family-trees", "datasets": .array(plan.datasets.map { .string($0.sha256) }),
      "settings": plan.settings.json, "code": .string(CodeVersion.current),
      "feature_schema_version": .integer(PairFeatures.schemaVersion),
    ]
    #expect(plan.runID == String(SHA256Hasher.hash(CanonicalJSON.bytes(identity)).prefix(16)))
    #expect(plan.settings.seed == 7)
    #expect(plan.settings.metric == "mrr")
    #expect(plan.description.contains("\n  dataset \(plan.datasets[0].sha256.prefix(12)) "))
  }

  @Test func aWorkflowRefusesAPipelineOfTheOtherKind() throws {
    let tree = try MonitoringTree.make()
    let tables = try Self.pipeline("tables", in: tree.root)
    #expect(throws: TrainingError.wrongKind(pipeline: "tables", expected: "gedcom")) {
      try ParentageWorkflow(workspace: Workspace(root: tree.root), pipeline: tables)
    }
  }
}
