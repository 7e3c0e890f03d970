import ArgumentParser
import OhanaConfig
import OhanaIngest
import OhanaTraining

/// The pipeline named on the command line, checked against `ohana.yaml`.
func pipelineConfig(_ name: String, in workspace: Workspace) throws -> PipelineConfig {
  guard let pipeline = try workspace.loadConfiguration().pipeline(named: name) else {
    throw TrainingError.unknownPipeline(name)
  }
  return pipeline
}

struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train every model family on a pipeline's datasets, record the run, register and gate the best.",
    discussion: """
      The run is recorded in registry/runs/<pipeline>/, the best model in registry/models/<pipeline>/ \
      (staging); it is promoted to production when it beats production by min_improvement. Training the \
      same datasets with the same settings again finds the run recorded and does nothing.
      """)

  @OptionGroup var options: RootOptions
  @Argument(help: "The pipeline (a gedcom pipeline of ohana.yaml).") var pipeline: String
  @Flag(help: "Print what would be trained on what, and write nothing.") var dryRun = false
  @Option(name: .customLong("set"), help: "A training setting, key=value (repeatable).") var settings: [String] = []

  func run() {
    let workspace = options.workspace
    do {
      let workflow = try ParentageWorkflow(
        workspace: workspace, pipeline: try pipelineConfig(pipeline, in: workspace), log: { printError("ohana: \($0)") })
      if dryRun {
        print(try workflow.plan(overrides: settings).description)
        return
      }
      let outcome = try workflow.train(overrides: settings)
      if outcome.skipped {
        print("run \(outcome.runID) was already recorded (model \(outcome.version ?? "?")); nothing to do")
      } else {
        print("run \(outcome.runID): model \(outcome.version ?? "?") \(outcome.promoted ? "promoted to production" : "in staging") — \(outcome.gate)")
        if let report = outcome.report { print("report: \(workspace.root)/\(report)") }
      }
    } catch { fail(error) }
  }
}

struct Tick: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Do whatever is due once (training by threshold or schedule, predictions), then exit.",
    discussion: "For cron and make. What is due is computed from the files: a second tick does nothing.")

  @OptionGroup var options: RootOptions

  func run() {
    let workspace = options.workspace
    do {
      let scheduler = Scheduler(
        workspace: workspace, configuration: try workspace.loadConfiguration(), log: { printError("ohana: \($0)") })
      let actions = try scheduler.tick()
      print(actions.isEmpty ? "nothing is due" : actions.joined(separator: "\n"))
    } catch { fail(error) }
  }
}

struct Predict: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Rank candidate parents for everyone without parents in a GEDCOM file, with the production model.",
    discussion: "Writes outbox/<pipeline>/predictions/<name>.parents.json and .csv.")

  @OptionGroup var options: RootOptions
  @Argument(help: "The pipeline.") var pipeline: String
  @Argument(help: "The GEDCOM file.") var file: String

  func run() {
    let workspace = options.workspace
    do {
      let workflow = try ParentageWorkflow(workspace: workspace, pipeline: try pipelineConfig(pipeline, in: workspace))
      for path in try workflow.predict(file: RootOptions.absolute(file)) { print(path) }
    } catch { fail(error) }
  }
}
