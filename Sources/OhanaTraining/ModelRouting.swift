import OhanaConfig
import OhanaJSON
import OhanaLifecycle
import OhanaMonitor
import OhanaStore

/// Which model version scores each row of a tabular pipeline's batch: production, the channel's
/// canary (`registry/channels/<pipeline>.json`), or an arm of the pipeline's active experiment.
///
/// A row goes by its id (the pipeline's `id_column`) through a stable hash, so the same id
/// always lands in the same place: first the canary's share (salt `canary-<version>`), then the
/// experiment's arms (salt: the experiment id). Rows without an id cannot be assigned and go to
/// the experiment's control, or to production.
struct ModelRouting: Sendable {
  /// A variant and the version that serves it.
  struct Route: Hashable, Sendable {
    var variant: String
    var version: SemanticVersion
  }

  let production: SemanticVersion
  let canary: (version: SemanticVersion, traffic: Double)?
  /// The first configured experiment not decided yet whose two versions are registered.
  let experiment:
    (settings: MonitoringSettings.Experiment, control: SemanticVersion, treatment: SemanticVersion)?

  /// Where a decided experiment's record lives in the registry.
  static func decisionPath(pipeline: String, experiment: String) -> String {
    "experiments/\(pipeline)/\(experiment).json"
  }

  /// The routing of `pipeline` now; nil without a production model.
  init?(registry: Registry, pipeline: PipelineConfig) throws {
    let models = ModelRegistry(registry: registry)
    let channel = try models.channel(pipeline.name)
    guard let production = channel.production else { return nil }
    self.production = production
    canary = channel.canary.flatMap { $0.traffic > 0 ? $0 : nil }
    experiment = try Self.activeExperiment(registry: registry, pipeline: pipeline)
  }

  /// The experiment that splits rows now: the first undecided one whose versions are registered
  /// and not archived (later ones wait their turn).
  static func activeExperiment(registry: Registry, pipeline: PipelineConfig) throws
    -> (settings: MonitoringSettings.Experiment, control: SemanticVersion, treatment: SemanticVersion)?
  {
    let models = ModelRegistry(registry: registry)
    for settings in pipeline.monitoring.experiments {
      guard try registry.manifest(decisionPath(pipeline: pipeline.name, experiment: settings.id)) == nil,
        let control = SemanticVersion(settings.control), let treatment = SemanticVersion(settings.treatment)
      else { continue }
      let usable = try [control, treatment].allSatisfy { version in
        guard let manifest = try models.model(pipeline.name, version) else { return false }
        return manifest["stage"]?.stringValue != ModelStage.archived.rawValue
      }
      if usable { return (settings, control, treatment) }
    }
    return nil
  }

  /// Where rows without an id go.
  var fallback: Route {
    experiment.map { Route(variant: Variant.control.rawValue, version: $0.control) }
      ?? Route(variant: "production", version: production)
  }

  /// The route of a row with this id (nil or empty: ``fallback``).
  func route(id: String?) -> Route {
    guard let id, !id.isEmpty else { return fallback }
    if let canary,
      ExperimentAssignment.routesToCanary(
        id: id, salt: Self.canarySalt(canary.version), traffic: canary.traffic)
    {
      return Route(variant: "canary", version: canary.version)
    }
    if let experiment {
      let arm = ExperimentAssignment.variant(
        id: id, salt: experiment.settings.id, treatmentShare: experiment.settings.split)
      return Route(
        variant: arm.rawValue, version: arm == .treatment ? experiment.treatment : experiment.control)
    }
    return Route(variant: "production", version: production)
  }

  static func canarySalt(_ version: SemanticVersion) -> String { "canary-\(version)" }

  /// The routing as recorded in provenance: scoring the same input under another routing is new work.
  var json: JSONValue {
    [
      "production": .string(production.description),
      "canary": canary.map {
        [
          "version": .string($0.version.description), "traffic": .double($0.traffic),
          "salt": .string(Self.canarySalt($0.version)),
        ]
      } ?? .null,
      "experiment": experiment.map {
        [
          "id": .string($0.settings.id), "control": .string($0.control.description),
          "treatment": .string($0.treatment.description), "split": .double($0.settings.split),
          "salt": .string($0.settings.id),
        ]
      } ?? .null,
    ]
  }

  /// Every route rows can take, production first.
  var routes: [Route] {
    var all = [Route(variant: "production", version: production)]
    if let canary { all.append(Route(variant: "canary", version: canary.version)) }
    if let experiment {
      all.append(Route(variant: Variant.control.rawValue, version: experiment.control))
      all.append(Route(variant: Variant.treatment.rawValue, version: experiment.treatment))
    }
    return all
  }
}
