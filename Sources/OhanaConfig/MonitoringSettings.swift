import Yams

/// How a pipeline's models are watched once they serve (`monitoring:` in a pipeline of
/// `ohana.yaml`): drift of new data, canary and A/B decisions from feedback, performance
/// against validation, and which risky actions wait for a person.
public struct MonitoringSettings: Sendable, Equatable {
  /// Drift of every new dataset and prediction batch against the production model's training data.
  public struct Drift: Sendable, Equatable {
    /// The multiple-testing correction applied to the columns' p-values.
    public enum Correction: String, Sendable, CaseIterable {
      case none, bonferroni, fdr
    }

    /// Whether drift reports are written (default true).
    public var enabled = true
    /// The correction of the p-values (default none).
    public var correction: Correction = .none
    /// Whether data drift makes training due (when there are datasets not trained on yet).
    public var retrain = false

    /// The defaults.
    public init() {}
  }

  /// Thresholds that promote or roll back a canary, from its feedback and latency.
  public struct Canary: Sendable, Equatable {
    /// The lowest acceptable share of correct predictions among the canary's feedback rows.
    public var minSuccessRate: Double?
    /// The highest acceptable share of wrong predictions among the canary's feedback rows.
    public var maxErrorRate: Double?
    /// The highest acceptable 95th percentile of the time the canary took to score its rows of a batch.
    public var maxLatencyMilliseconds: Double?
    /// Feedback rows the canary needs before anything is decided.
    public var minSamples = 100

    /// The defaults.
    public init() {}
  }

  /// An A/B test of two registered versions of the pipeline's model.
  public struct Experiment: Sendable, Equatable {
    /// Names the experiment's report files and salts its assignment of rows.
    public var id: String
    /// The version serving the control arm (usually production), e.g. `1.0.0`.
    public var control: String
    /// The version under test.
    public var treatment: String
    /// The share of rows sent to the treatment (0 < split < 1).
    public var split = 0.5
    /// The significance level of the two-proportion z-test.
    public var alpha = 0.05
    /// Feedback rows each arm needs before the experiment is decided.
    public var minSamples = 100

    /// An experiment of `treatment` against `control` with the default split, alpha and samples.
    public init(id: String, control: String, treatment: String) {
      self.id = id
      self.control = control
      self.treatment = treatment
    }
  }

  /// Quality from feedback, in windows of rows, against the model's validation metrics.
  public struct Performance: Sendable, Equatable {
    /// Feedback rows per window.
    public var windowRows = 500
    /// How much worse than validation (absolute) a window's metric may be before it is flagged.
    public var tolerance = 0.05
    /// Whether degradation makes training due (when there are datasets not trained on yet).
    public var retrain = false

    /// The defaults.
    public init() {}
  }

  /// Actions that wait in `outbox/approvals/` for a person instead of happening at once.
  public struct Approvals: Sendable, Equatable {
    /// Promotions to production (after training, of a canary, of an experiment's winner).
    public var promotion = false
    /// Automatic rollbacks (of a canary, of an experiment's loser).
    public var rollback = false

    /// The defaults.
    public init() {}
  }

  /// Drift reports (on by default).
  public var drift = Drift()
  /// Automatic canary decisions; nil leaves a canary to be promoted by hand.
  public var canary: Canary?
  /// Experiments in order; the first one not decided yet is the active one.
  public var experiments: [Experiment] = []
  /// Performance from feedback.
  public var performance = Performance()
  /// What waits for a person (nothing by default).
  public var approvals = Approvals()

  /// Drift reports on, nothing else configured.
  public init() {}

  /// Keys only tabular pipelines may set (family-tree pipelines take `drift` and `approvals`).
  static let tabularOnlyKeys: Set<String> = ["canary", "experiments", "performance"]

  /// Parses a pipeline's `monitoring:` mapping; `key` is its path for errors.
  init(node: Node, key: String, kind: PipelineKind) throws(ConfigError) {
    let mapping = try Self.mapping(
      node, key: key, expected: "drift, canary, experiments, performance, approvals")
    for (keyNode, value) in mapping {
      let name = keyNode.string ?? ""
      let path = key + "." + name
      if kind != .tabular, Self.tabularOnlyKeys.contains(name) {
        throw ConfigError(
          key: path,
          message: "only tabular pipelines are monitored this way; family-tree pipelines take drift and approvals",
          line: OhanaConfiguration.line(of: keyNode))
      }
      switch name {
      case "drift": drift = try Self.drift(value, key: path)
      case "canary": canary = try Self.canary(value, key: path)
      case "experiments": experiments = try Self.experiments(value, key: path)
      case "performance": performance = try Self.performance(value, key: path)
      case "approvals": approvals = try Self.approvals(value, key: path)
      default:
        throw ConfigError(key: path, message: "unknown key", line: OhanaConfiguration.line(of: keyNode))
      }
    }
  }

  private static func drift(_ node: Node, key: String) throws(ConfigError) -> Drift {
    var drift = Drift()
    for (keyNode, value) in try mapping(node, key: key, expected: "enabled, correction, retrain") {
      let path = key + "." + (keyNode.string ?? "")
      switch keyNode.string ?? "" {
      case "enabled": drift.enabled = try flag(value, key: path)
      case "retrain": drift.retrain = try flag(value, key: path)
      case "correction":
        let text = try OhanaConfiguration.string(value, key: path)
        guard let correction = Drift.Correction(rawValue: text) else {
          throw ConfigError(
            key: path, message: "expected none, bonferroni or fdr, got \(text)",
            line: OhanaConfiguration.line(of: value))
        }
        drift.correction = correction
      default:
        throw ConfigError(key: path, message: "unknown key", line: OhanaConfiguration.line(of: keyNode))
      }
    }
    return drift
  }

  private static func canary(_ node: Node, key: String) throws(ConfigError) -> Canary {
    var canary = Canary()
    let expected = "min_success_rate, max_error_rate, max_latency_ms, min_samples"
    for (keyNode, value) in try mapping(node, key: key, expected: expected) {
      let path = key + "." + (keyNode.string ?? "")
      switch keyNode.string ?? "" {
      case "min_success_rate": canary.minSuccessRate = try share(value, key: path)
      case "max_error_rate": canary.maxErrorRate = try share(value, key: path)
      case "max_latency_ms":
        canary.maxLatencyMilliseconds = try OhanaConfiguration.number(value, key: path, minimum: 0)
      case "min_samples": canary.minSamples = try OhanaConfiguration.integer(value, key: path, minimum: 1)
      default:
        throw ConfigError(key: path, message: "unknown key", line: OhanaConfiguration.line(of: keyNode))
      }
    }
    return canary
  }

  private static func experiments(_ node: Node, key: String) throws(ConfigError) -> [Experiment] {
    guard let items = node.sequence else {
      throw ConfigError(
        key: key, message: "expected a list of {id, control, treatment, split, alpha, min_samples}",
        line: OhanaConfiguration.line(of: node))
    }
    var experiments: [Experiment] = []
    for (index, item) in items.enumerated() {
      let prefix = "\(key)[\(index)]"
      var id: String?
      var control: String?
      var treatment: String?
      var settings = Experiment(id: "", control: "", treatment: "")
      let expected = "id, control, treatment, split, alpha, min_samples"
      for (keyNode, value) in try mapping(item, key: prefix, expected: expected) {
        let path = prefix + "." + (keyNode.string ?? "")
        switch keyNode.string ?? "" {
        case "id":
          let text = try OhanaConfiguration.string(value, key: path)
          guard OhanaConfiguration.isValidName(text) else {
            throw ConfigError(
              key: path, message: "\(text) is not a valid experiment id (lowercase letters, digits, - and _)",
              line: OhanaConfiguration.line(of: value))
          }
          id = text
        case "control": control = try version(value, key: path)
        case "treatment": treatment = try version(value, key: path)
        case "split":
          settings.split = try OhanaConfiguration.number(value, key: path, minimum: 0)
          guard settings.split > 0, settings.split < 1 else {
            throw ConfigError(
              key: path, message: "the treatment's share must be between 0 and 1 (exclusive)",
              line: OhanaConfiguration.line(of: value))
          }
        case "alpha":
          settings.alpha = try OhanaConfiguration.number(value, key: path, minimum: 0)
          guard settings.alpha > 0, settings.alpha < 1 else {
            throw ConfigError(
              key: path, message: "the significance level must be between 0 and 1 (exclusive), e.g. 0.05",
              line: OhanaConfiguration.line(of: value))
          }
        case "min_samples": settings.minSamples = try OhanaConfiguration.integer(value, key: path, minimum: 1)
        default:
          throw ConfigError(key: path, message: "unknown key", line: OhanaConfiguration.line(of: keyNode))
        }
      }
      let line = OhanaConfiguration.line(of: item)
      guard let id else {
        throw ConfigError(key: prefix + ".id", message: "required key is missing", line: line)
      }
      guard let control else {
        throw ConfigError(key: prefix + ".control", message: "required key is missing", line: line)
      }
      guard let treatment else {
        throw ConfigError(key: prefix + ".treatment", message: "required key is missing", line: line)
      }
      guard control != treatment else {
        throw ConfigError(
          key: prefix, message: "control and treatment are both \(control); compare two versions", line: line)
      }
      guard !experiments.contains(where: { $0.id == id }) else {
        throw ConfigError(key: prefix + ".id", message: "duplicate experiment id \(id)", line: line)
      }
      settings.id = id
      settings.control = control
      settings.treatment = treatment
      experiments.append(settings)
    }
    return experiments
  }

  private static func performance(_ node: Node, key: String) throws(ConfigError) -> Performance {
    var performance = Performance()
    for (keyNode, value) in try mapping(node, key: key, expected: "window_rows, tolerance, retrain") {
      let path = key + "." + (keyNode.string ?? "")
      switch keyNode.string ?? "" {
      case "window_rows":
        performance.windowRows = try OhanaConfiguration.integer(value, key: path, minimum: 1)
      case "tolerance": performance.tolerance = try OhanaConfiguration.number(value, key: path, minimum: 0)
      case "retrain": performance.retrain = try flag(value, key: path)
      default:
        throw ConfigError(key: path, message: "unknown key", line: OhanaConfiguration.line(of: keyNode))
      }
    }
    return performance
  }

  private static func approvals(_ node: Node, key: String) throws(ConfigError) -> Approvals {
    var approvals = Approvals()
    for (keyNode, value) in try mapping(node, key: key, expected: "promotion, rollback") {
      let path = key + "." + (keyNode.string ?? "")
      switch keyNode.string ?? "" {
      case "promotion": approvals.promotion = try flag(value, key: path)
      case "rollback": approvals.rollback = try flag(value, key: path)
      default:
        throw ConfigError(key: path, message: "unknown key", line: OhanaConfiguration.line(of: keyNode))
      }
    }
    return approvals
  }

  private static func mapping(_ node: Node, key: String, expected: String) throws(ConfigError) -> Node.Mapping
  {
    guard let mapping = node.mapping else {
      throw ConfigError(
        key: key, message: "expected a mapping (\(expected))", line: OhanaConfiguration.line(of: node))
    }
    return mapping
  }

  private static func flag(_ node: Node, key: String) throws(ConfigError) -> Bool {
    guard let value = node.bool else {
      throw ConfigError(key: key, message: "expected true or false", line: OhanaConfiguration.line(of: node))
    }
    return value
  }

  private static func share(_ node: Node, key: String) throws(ConfigError) -> Double {
    let value = try OhanaConfiguration.number(node, key: key, minimum: 0)
    guard value <= 1 else {
      throw ConfigError(
        key: key, message: "a rate is between 0 and 1", line: OhanaConfiguration.line(of: node))
    }
    return value
  }

  /// A model version `MAJOR.MINOR.PATCH`, checked for its shape only (the registry knows which exist).
  private static func version(_ node: Node, key: String) throws(ConfigError) -> String {
    let text = try OhanaConfiguration.string(node, key: key)
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3,
      parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
    else {
      throw ConfigError(
        key: key, message: "\(text) is not a model version like 1.2.0",
        line: OhanaConfiguration.line(of: node))
    }
    return text
  }
}
