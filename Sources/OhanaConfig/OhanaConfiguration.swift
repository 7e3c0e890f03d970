import OhanaJSON
import Yams

/// The parsed `ohana.yaml`.
///
/// Every key is checked: an unknown key, a missing required key or a value of the wrong shape
/// is a ``ConfigError`` that names the key, so a typo never silently falls back to a default.
public struct OhanaConfiguration: Sendable, Equatable {
  /// Seconds a file found by a rescan must stay unchanged before it is taken (default 2).
  public var settleSeconds: Double = 2
  /// Seconds between full rescans under `ohana watch` (default 30).
  public var rescanSeconds: Double = 30
  /// Seconds after which a claim left by a process on another host is taken back (default 3600).
  public var claimTimeoutSeconds: Double = 3600
  public var limits = IngestLimits()
  public var pipelines: [PipelineConfig]
  /// Alert rules (`alerts:`), as JSON objects with the keys of OhanaMonitor's `AlertRule`
  /// (`name`, `metric`, `comparison`, `threshold`, `for_seconds`, `cooldown_seconds`, `severity`);
  /// checked where they are evaluated, since this module does not know the rule type.
  public var alerts: [JSONValue] = []

  public init(pipelines: [PipelineConfig]) { self.pipelines = pipelines }

  /// The configuration written by `ohana init`: one pipeline of each kind.
  public static let defaultText = """
    # Ohana configuration. Unknown keys are errors, so typos are caught.
    # Seconds a file found by a rescan must be unchanged before it is taken.
    settle_seconds: 2
    # Seconds between full rescans of inbox/ under `ohana watch` (network file systems send no events).
    rescan_seconds: 30
    # Seconds after which a claim left by a process on another host is taken back.
    claim_timeout_seconds: 3600
    limits:
      max_total_bytes: 1073741824   # uncompressed bytes of one input
      max_compression_ratio: 200    # uncompressed / compressed
      max_entries: 10000            # members of one archive
      max_line_bytes: 1048576       # bytes in one line of a text input
    pipelines:
      - name: family-trees
        kind: gedcom
        min_new_datasets: 3       # train when this many new trees arrived since the last run
        schedule: ["02:00"]       # and at these times (UTC)
        metric: mrr               # picks the best model and gates promotion
        min_improvement: 0.01     # a new model must beat production by this much to be promoted
        regression_tolerance: 0.02
        top_k: 5                  # candidate families listed per person
      - name: tables
        kind: tabular
        target: target              # the column to predict (two classes)
        id_column: patient_id       # never a feature; copied onto predictions
        metric: f1                  # or auc, accuracy, precision, recall
        min_new_datasets: 3
        min_new_rows: 5000          # or this many new rows since the last run
        on_validation_failure: reject
        expectations:
          - {expect: not_null, column: patient_id}
          - {expect: unique, column: patient_id}
          - {expect: between, column: age, min: 0, max: 120, mostly: 0.99}
          - {expect: in_set, column: sex, values: [M, F]}
          - {expect: row_count_between, min: 2, max: 100000000}
        gate:                       # a model must pass this to leave staging
          min_metric: 0.5
          max_latency_ms_per_1000: 500
    # Monitoring: remove the leading "# " of the lines below to turn it on (drift reports are on by default).
        # monitoring:
        #   drift: {enabled: true, correction: none, retrain: false}     # correction: none, bonferroni or fdr
        #   canary: {min_success_rate: 0.7, max_error_rate: 0.3, max_latency_ms: 1000, min_samples: 100}
        #   experiments:                # versions of this pipeline's models; rows split by patient_id
        #     - {id: new-model, control: 1.0.0, treatment: 1.1.0, split: 0.5, alpha: 0.05, min_samples: 100}
        #   performance: {window_rows: 500, tolerance: 0.05, retrain: false}   # feedback vs validation
        #   approvals: {promotion: false, rollback: false}   # true: wait in outbox/approvals/ for a person
    # alerts:                       # metrics: <pipeline>.<metric>, or inbox_backlog, rejected_files, disk_free_bytes
    #   - {name: tables-drift, metric: tables.drift_share, comparison: ">=", threshold: 0.5, severity: warning}
    #   - {name: disk-low, metric: disk_free_bytes, comparison: "<", threshold: 1.0e9, for_seconds: 600,
    #      cooldown_seconds: 3600, severity: critical}

    """

  /// The pipeline called `name`.
  public func pipeline(named name: String) -> PipelineConfig? {
    pipelines.first { $0.name == name }
  }

  /// The pipeline that takes files of `kind` dropped straight into `inbox/`.
  public func defaultPipeline(for kind: PipelineKind) -> PipelineConfig? {
    pipelines.first { $0.kind == kind && $0.isDefault } ?? pipelines.first { $0.kind == kind }
  }

  /// Parses the text of `ohana.yaml`.
  public static func parse(_ text: String) throws(ConfigError) -> OhanaConfiguration {
    let root: Node?
    do { root = try Yams.compose(yaml: text) } catch {
      throw ConfigError(key: "", message: "not valid YAML: \(error)")
    }
    guard let root, let mapping = root.mapping else {
      throw ConfigError(key: "", message: "expected a mapping of settings at the top level")
    }
    var config = OhanaConfiguration(pipelines: [])
    var sawPipelines = false
    for (keyNode, value) in mapping {
      let key = keyNode.string ?? ""
      switch key {
      case "settle_seconds": config.settleSeconds = try number(value, key: key, minimum: 0)
      case "rescan_seconds": config.rescanSeconds = try number(value, key: key, minimum: 0.1)
      case "claim_timeout_seconds": config.claimTimeoutSeconds = try number(value, key: key, minimum: 1)
      case "limits": config.limits = try parseLimits(value)
      case "alerts": config.alerts = try parseAlerts(value)
      case "pipelines":
        sawPipelines = true
        config.pipelines = try parsePipelines(value)
      default: throw ConfigError(key: key, message: "unknown key", line: line(of: keyNode))
      }
    }
    guard sawPipelines else { throw ConfigError(key: "pipelines", message: "required key is missing") }
    return config
  }

  static func line(of node: Node) -> Int? { node.mark.map { $0.line } }

  static func number(_ node: Node, key: String, minimum: Double) throws(ConfigError) -> Double {
    guard let scalar = node.scalar, let value = Double(scalar.string), value.isFinite else {
      throw ConfigError(key: key, message: "expected a number", line: line(of: node))
    }
    guard value >= minimum else {
      throw ConfigError(key: key, message: "must be at least \(minimum)", line: line(of: node))
    }
    return value
  }

  static func integer(_ node: Node, key: String, minimum: Int) throws(ConfigError) -> Int {
    guard let scalar = node.scalar, let value = Int(scalar.string) else {
      throw ConfigError(key: key, message: "expected a whole number", line: line(of: node))
    }
    guard value >= minimum else {
      throw ConfigError(key: key, message: "must be at least \(minimum)", line: line(of: node))
    }
    return value
  }

  static func string(_ node: Node, key: String) throws(ConfigError) -> String {
    guard let scalar = node.scalar, !scalar.string.isEmpty else {
      throw ConfigError(key: key, message: "expected a text value", line: line(of: node))
    }
    return scalar.string
  }

  private static func parseLimits(_ node: Node) throws(ConfigError) -> IngestLimits {
    guard let mapping = node.mapping else {
      throw ConfigError(key: "limits", message: "expected a mapping", line: line(of: node))
    }
    var limits = IngestLimits()
    for (keyNode, value) in mapping {
      let key = "limits." + (keyNode.string ?? "")
      switch keyNode.string ?? "" {
      case "max_total_bytes": limits.maxTotalBytes = UInt64(try integer(value, key: key, minimum: 1))
      case "max_compression_ratio": limits.maxCompressionRatio = try number(value, key: key, minimum: 1)
      case "max_entries": limits.maxEntries = try integer(value, key: key, minimum: 1)
      case "max_line_bytes": limits.maxLineBytes = try integer(value, key: key, minimum: 80)
      default: throw ConfigError(key: key, message: "unknown key", line: line(of: keyNode))
      }
    }
    return limits
  }

  private static func parseAlerts(_ node: Node) throws(ConfigError) -> [JSONValue] {
    guard let items = node.sequence else {
      throw ConfigError(
        key: "alerts", message: "expected a list of rules {name, metric, comparison, threshold, …}",
        line: line(of: node))
    }
    var rules: [JSONValue] = []
    for (index, item) in items.enumerated() {
      guard item.mapping != nil else {
        throw ConfigError(
          key: "alerts[\(index)]",
          message: "each rule is a mapping such as {name: x, metric: tables.drift_share, "
            + "comparison: \">=\", threshold: 0.5}", line: line(of: item))
      }
      rules.append(try json(item, key: "alerts[\(index)]"))
    }
    return rules
  }

  private static func parsePipelines(_ node: Node) throws(ConfigError) -> [PipelineConfig] {
    guard let sequence = node.sequence else {
      throw ConfigError(key: "pipelines", message: "expected a list of pipelines", line: line(of: node))
    }
    var pipelines: [PipelineConfig] = []
    for (index, item) in sequence.enumerated() {
      let prefix = "pipelines[\(index)]"
      let pipeline = try parsePipeline(item, prefix: prefix)
      if pipelines.contains(where: { $0.name == pipeline.name }) {
        throw ConfigError(
          key: prefix + ".name", message: "duplicate pipeline name \(pipeline.name)", line: line(of: item))
      }
      pipelines.append(pipeline)
    }
    for kind in PipelineKind.allCases where pipelines.filter({ $0.kind == kind && $0.isDefault }).count > 1 {
      throw ConfigError(
        key: "pipelines", message: "more than one \(kind.rawValue) pipeline says default: true")
    }
    return pipelines
  }

  private static func parsePipeline(_ node: Node, prefix: String) throws(ConfigError) -> PipelineConfig {
    guard let mapping = node.mapping else {
      throw ConfigError(key: prefix, message: "expected a mapping", line: line(of: node))
    }
    var name: String?
    var kind: PipelineKind?
    var pipeline = PipelineConfig(name: "", kind: .gedcom)
    var metric: String?
    var tabularKey: (String, Int?)?
    // Parsed once the kind is known, whatever the order of the keys.
    var monitoring: (node: Node, key: String)?
    for (keyNode, value) in mapping {
      let bare = keyNode.string ?? ""
      let key = prefix + "." + bare
      switch bare {
      case "name":
        let text = try string(value, key: key)
        guard isValidName(text) else {
          throw ConfigError(
            key: key,
            message:
              "\(text) is not a valid pipeline name "
              + "(lowercase letters, digits, - and _; starting with a letter or digit)",
            line: line(of: value))
        }
        guard !PipelineConfig.reservedNames.contains(text) else {
          throw ConfigError(
            key: key, message: "\(text) is reserved for Ohana's own folders", line: line(of: value))
        }
        name = text
      case "kind":
        let text = try string(value, key: key)
        guard let parsed = PipelineKind(rawValue: text) else {
          throw ConfigError(
            key: key, message: "expected gedcom or tabular, got \(text)", line: line(of: value))
        }
        kind = parsed
      case "default":
        guard let flag = value.bool else {
          throw ConfigError(key: key, message: "expected true or false", line: line(of: value))
        }
        pipeline.isDefault = flag
      case "min_new_datasets": pipeline.minNewDatasets = try integer(value, key: key, minimum: 1)
      case "target": pipeline.target = try string(value, key: key)
      case "metric": metric = try string(value, key: key)
      case "min_improvement": pipeline.minImprovement = try number(value, key: key, minimum: 0)
      case "regression_tolerance": pipeline.regressionTolerance = try number(value, key: key, minimum: 0)
      case "top_k": pipeline.topK = try integer(value, key: key, minimum: 1)
      case "auto_promote":
        guard let flag = value.bool else {
          throw ConfigError(key: key, message: "expected true or false", line: line(of: value))
        }
        pipeline.autoPromote = flag
      case "training":
        guard let settings = value.mapping else {
          throw ConfigError(key: key, message: "expected a mapping of setting: value", line: line(of: value))
        }
        for (settingKey, settingValue) in settings {
          pipeline.training[try string(settingKey, key: key)] = try string(settingValue, key: key)
        }
      case "schedule":
        guard let times = value.sequence else {
          throw ConfigError(key: key, message: "expected a list of HH:MM times", line: line(of: value))
        }
        var schedule: [String] = []
        for time in times {
          let text = try string(time, key: key)
          guard isTimeOfDay(text) else {
            throw ConfigError(key: key, message: "\(text) is not a time of day HH:MM", line: line(of: time))
          }
          schedule.append(text)
        }
        pipeline.schedule = schedule
      case "expectations":
        guard let items = value.sequence else {
          throw ConfigError(key: key, message: "expected a list of expectations", line: line(of: value))
        }
        pipeline.tabular.expectations = try items.map { item throws(ConfigError) in
          let json = try json(item, key: key)
          guard json.objectValue != nil else {
            throw ConfigError(
              key: key, message: "each expectation is a mapping such as {expect: not_null, column: age}",
              line: line(of: item))
          }
          return json
        }
      case "on_validation_failure":
        let text = try string(value, key: key)
        guard let action = TabularSettings.FailureAction(rawValue: text) else {
          throw ConfigError(key: key, message: "expected reject or warn, got \(text)", line: line(of: value))
        }
        pipeline.tabular.onValidationFailure = action
      case "missing_values":
        guard let items = value.sequence else {
          throw ConfigError(
            key: key, message: "expected a list of cell values read as missing", line: line(of: value))
        }
        pipeline.tabular.missingValues = items.map { $0.scalar?.string ?? "" }
      case "allow_major_schema_change":
        guard let flag = value.bool else {
          throw ConfigError(key: key, message: "expected true or false", line: line(of: value))
        }
        pipeline.tabular.allowMajorSchemaChange = flag
      case "min_new_rows": pipeline.tabular.minNewRows = try integer(value, key: key, minimum: 1)
      case "id_column": pipeline.tabular.idColumn = try string(value, key: key)
      case "monitoring": monitoring = (value, key)
      case "gate":
        guard let gate = value.mapping else {
          throw ConfigError(
            key: key, message: "expected a mapping (min_metric, max_latency_ms_per_1000)",
            line: line(of: value))
        }
        for (gateKey, gateValue) in gate {
          let name = key + "." + (gateKey.string ?? "")
          switch gateKey.string ?? "" {
          case "min_metric":
            pipeline.tabular.minMetric = try number(
              gateValue, key: name, minimum: -Double.greatestFiniteMagnitude)
          case "max_latency_ms_per_1000":
            pipeline.tabular.maxLatencyMillisecondsPer1000 = try number(gateValue, key: name, minimum: 0)
          default: throw ConfigError(key: name, message: "unknown key", line: line(of: gateKey))
          }
        }
      default: throw ConfigError(key: key, message: "unknown key", line: line(of: keyNode))
      }
      if Self.tabularKeys.contains(bare), tabularKey == nil { tabularKey = (key, line(of: keyNode)) }
    }
    guard let name else {
      throw ConfigError(key: prefix + ".name", message: "required key is missing", line: line(of: node))
    }
    guard let kind else {
      throw ConfigError(key: prefix + ".kind", message: "required key is missing", line: line(of: node))
    }
    pipeline.name = name
    pipeline.kind = kind
    pipeline.metric = metric ?? PipelineConfig(name: name, kind: kind).metric
    if let monitoring {
      pipeline.monitoring = try MonitoringSettings(node: monitoring.node, key: monitoring.key, kind: kind)
    }
    if kind == .gedcom, let (key, keyLine) = tabularKey {
      throw ConfigError(key: key, message: "only tabular pipelines have this setting", line: keyLine)
    }
    if kind == .gedcom, pipeline.target != nil {
      throw ConfigError(
        key: prefix + ".target", message: "only tabular pipelines have a target column", line: line(of: node))
    }
    return pipeline
  }

  /// Keys that only make sense for tables.
  static let tabularKeys: Set<String> = [
    "expectations", "on_validation_failure", "missing_values", "allow_major_schema_change", "min_new_rows",
    "id_column", "gate",
  ]

  /// A YAML value as JSON (scalars typed by YAML's core schema), for settings that are data.
  private static func json(_ node: Node, key: String) throws(ConfigError) -> JSONValue {
    switch node {
    case .scalar(let scalar):
      if scalar.style == .plain {
        if let flag = node.bool { return .bool(flag) }
        if let whole = node.int { return .integer(whole) }
        if let number = node.float, number.isFinite { return .double(number) }
        if node.null != nil { return .null }
      }
      return .string(scalar.string)
    case .sequence(let items):
      var values: [JSONValue] = []
      for item in items { values.append(try json(item, key: key)) }
      return .array(values)
    case .mapping(let mapping):
      var object: [String: JSONValue] = [:]
      for (itemKey, itemValue) in mapping { object[itemKey.string ?? ""] = try json(itemValue, key: key) }
      return .object(object)
    @unknown default:
      throw ConfigError(key: key, message: "unsupported YAML value", line: line(of: node))
    }
  }

  static func isValidName(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard let first = bytes.first, bytes.count <= 64 else { return false }
    func allowed(_ byte: UInt8) -> Bool {
      (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x5F
    }
    return allowed(first) && first != 0x2D && first != 0x5F && bytes.allSatisfy(allowed)
  }

  static func isTimeOfDay(_ text: String) -> Bool {
    let parts = text.split(separator: ":")
    guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
      let hour = Int(parts[0]), let minute = Int(parts[1])
    else { return false }
    return (0..<24).contains(hour) && (0..<60).contains(minute)
  }
}
