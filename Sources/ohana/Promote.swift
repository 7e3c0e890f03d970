import ArgumentParser
import OhanaLifecycle
import OhanaStore
import OhanaTraining

struct Promote: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Move a model version to a stage by hand (staging, canary, production, deprecated, archived).")

  @OptionGroup var options: RootOptions
  @Argument(help: "The pipeline.") var pipeline: String
  @Argument(help: "The model version, e.g. 1.2.0.") var version: String
  @Option(help: "The stage to move it to.") var to: String
  @Option(help: "Share of traffic for a canary.") var traffic = 0.1
  @Option(help: "Why, for the history and the audit log.") var reason = "by hand"

  func run() {
    let workspace = options.workspace
    do {
      let config = try pipelineConfig(pipeline, in: workspace)
      guard let parsed = SemanticVersion(version) else { throw TrainingError.badVersion(version) }
      guard let stage = ModelStage(rawValue: to) else {
        throw ValidationError("--to must be one of \(ModelStage.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      let channel = try ModelRegistry(registry: workspace.registry).move(
        pipeline, parsed, to: stage, reason: reason, time: Timestamp.nowISO8601(), traffic: traffic)
      print("\(pipeline) \(parsed) is now \(stage.rawValue); production: \(channel.production?.description ?? "none")")
      if stage == .production, config.kind == .gedcom {
        try ParentageWorkflow(workspace: workspace, pipeline: config).refreshPredictions()
      }
    } catch { fail(error) }
  }
}

struct Rollback: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Put the previous production model back.")

  @OptionGroup var options: RootOptions
  @Argument(help: "The pipeline.") var pipeline: String
  @Option(help: "Why, for the history and the audit log.") var reason = "rollback by hand"

  func run() {
    let workspace = options.workspace
    do {
      let config = try pipelineConfig(pipeline, in: workspace)
      let result = try ModelRegistry(registry: workspace.registry).rollback(
        pipeline, reason: reason, time: Timestamp.nowISO8601())
      print("\(pipeline): production \(result.from?.description ?? "none") → \(result.to)")
      if config.kind == .gedcom { try ParentageWorkflow(workspace: workspace, pipeline: config).refreshPredictions() }
    } catch { fail(error) }
  }
}
