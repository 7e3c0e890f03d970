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
  @Argument(help: "The pipeline (of ohana.yaml).") var pipeline: String
  @Flag(help: "Print what would be trained on what, and write nothing.") var dryRun = false
  @Option(name: .customLong("set"), help: "A training setting, key=value (repeatable).") var settings: [String] = []

  func run() {
    let workspace = options.workspace
    do {
      let config = try pipelineConfig(pipeline, in: workspace)
      let log: (String) -> Void = { printError("ohana: \($0)") }
      let outcome: TrainingRunOutcome
      switch config.kind {
      case .gedcom:
        let workflow = try ParentageWorkflow(workspace: workspace, pipeline: config, log: log)
        if dryRun { return print(try workflow.plan(overrides: settings).description) }
        outcome = try workflow.train(overrides: settings)
      case .tabular:
        let workflow = try TabularWorkflow(workspace: workspace, pipeline: config, log: log)
        if dryRun { return print(try workflow.plan(overrides: settings).description) }
        outcome = try workflow.train(overrides: settings)
      }
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
    abstract: "Score a file with a pipeline's production model.",
    discussion: """
      A GEDCOM file (family-tree pipeline): ranked candidate parents for everyone without parents, in       outbox/<pipeline>/predictions/<name>.parents.json and .csv. A CSV file (tabular pipeline): every row's       prediction and probability in outbox/<pipeline>/predictions/<name>.csv, rows that fail the schema in       <name>.rejects.csv, and <name>.provenance.json. Files copied into inbox/<pipeline>/predict/ are scored       the same way by tick and watch.
      """)

  @OptionGroup var options: RootOptions
  @Argument(help: "The pipeline.") var pipeline: String
  @Argument(help: "The GEDCOM or CSV file.") var file: String

  func run() {
    let workspace = options.workspace
    do {
      let config = try pipelineConfig(pipeline, in: workspace)
      let log: (String) -> Void = { printError("ohana: \($0)") }
      let written: [String]
      switch config.kind {
      case .gedcom:
        written = try ParentageWorkflow(workspace: workspace, pipeline: config, log: log)
          .predict(file: RootOptions.absolute(file))
      case .tabular:
        written = try BatchPredictions(workflow: TabularWorkflow(workspace: workspace, pipeline: config, log: log))
          .score(file: RootOptions.absolute(file))
      }
      for path in written { print(path) }
    } catch { fail(error) }
  }
}
