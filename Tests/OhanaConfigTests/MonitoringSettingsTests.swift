import OhanaConfig
import OhanaJSON
import Testing

@Suite struct MonitoringSettingsTests {
  static let full = """
    pipelines:
      - name: tables
        kind: tabular
        target: target
        monitoring:
          drift: {enabled: false, correction: fdr, retrain: true}
          canary: {min_success_rate: 0.8, max_error_rate: 0.2, max_latency_ms: 250, min_samples: 40}
          experiments:
            - {id: wider-trees, control: 1.0.0, treatment: 1.1.0, split: 0.25, alpha: 0.01, min_samples: 500}
            - {id: second, control: 1.1.0, treatment: 2.0.0}
          performance: {window_rows: 200, tolerance: 0.03, retrain: true}
          approvals: {promotion: true, rollback: false}
      - name: trees
        kind: gedcom
        monitoring: {approvals: {promotion: true}}
    alerts:
      - {name: drifting, metric: tables.drift_share, comparison: ">=", threshold: 0.5, cooldown_seconds: 3600}
    """

  @Test func everySettingIsRead() throws {
    let config = try OhanaConfiguration.parse(Self.full)
    let monitoring = try #require(config.pipeline(named: "tables")?.monitoring)
    #expect(!monitoring.drift.enabled && monitoring.drift.correction == .fdr && monitoring.drift.retrain)
    let canary = try #require(monitoring.canary)
    #expect(canary.minSuccessRate == 0.8 && canary.maxErrorRate == 0.2)
    #expect(canary.maxLatencyMilliseconds == 250 && canary.minSamples == 40)
    #expect(monitoring.experiments.map(\.id) == ["wider-trees", "second"])
    let first = monitoring.experiments[0]
    #expect(first.control == "1.0.0" && first.treatment == "1.1.0")
    #expect(first.split == 0.25 && first.alpha == 0.01 && first.minSamples == 500)
    let second = monitoring.experiments[1]
    #expect(second.split == 0.5 && second.alpha == 0.05 && second.minSamples == 100, "defaults")
    #expect(monitoring.performance.windowRows == 200 && monitoring.performance.tolerance == 0.03)
    #expect(monitoring.performance.retrain)
    #expect(monitoring.approvals.promotion && !monitoring.approvals.rollback)
    #expect(config.pipeline(named: "trees")?.monitoring.approvals.promotion == true)
    #expect(config.alerts.count == 1)
    #expect(config.alerts[0]["comparison"] == ">=" && config.alerts[0]["threshold"] == 0.5)
    #expect(config.alerts[0]["cooldown_seconds"] == 3600)
  }

  @Test func defaultsWatchDriftAndAskNoApproval() throws {
    let tables = try #require(
      try OhanaConfiguration.parse(OhanaConfiguration.defaultText).pipeline(named: "tables"))
    #expect(tables.monitoring == MonitoringSettings())
    #expect(tables.monitoring.drift.enabled && tables.monitoring.drift.correction == .none)
    #expect(tables.monitoring.canary == nil && tables.monitoring.experiments.isEmpty)
    #expect(!tables.monitoring.approvals.promotion && !tables.monitoring.approvals.rollback)
  }

  /// The default file's commented example works once its "# " are removed.
  @Test func theCommentedExampleOfTheDefaultFileParses() throws {
    var lines = OhanaConfiguration.defaultText.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    let start = try #require(lines.firstIndex { $0.drop(while: { $0 == " " }).hasPrefix("# monitoring:") })
    for index in start..<lines.count {
      guard let hash = lines[index].firstIndex(of: "#"), lines[index][..<hash].allSatisfy({ $0 == " " })
      else { continue }
      lines[index].removeSubrange(hash..<lines[index].index(hash, offsetBy: 2))
    }
    let config = try OhanaConfiguration.parse(lines.joined(separator: "\n"))
    let monitoring = try #require(config.pipeline(named: "tables")?.monitoring)
    #expect(monitoring.experiments.first?.id == "new-model" && monitoring.canary?.minSamples == 100)
    #expect(monitoring.performance.windowRows == 500)
    #expect(config.alerts.compactMap { $0["name"]?.stringValue } == ["tables-drift", "disk-low"])
    #expect(config.alerts[1]["threshold"]?.doubleValue == 1.0e9)
  }

  @Test(arguments: [
    ("monitoring: {colour: red}", "pipelines[0].monitoring.colour: unknown key"),
    (
      "monitoring: {drift: {correction: holm}}",
      "pipelines[0].monitoring.drift.correction: expected none, bonferroni or fdr"
    ),
    (
      "monitoring: {drift: {enabled: maybe}}", "pipelines[0].monitoring.drift.enabled: expected true or false"
    ),
    (
      "monitoring: {canary: {min_success_rate: 1.5}}",
      "pipelines[0].monitoring.canary.min_success_rate: a rate is between 0 and 1"
    ),
    (
      "monitoring: {canary: {min_samples: 0}}",
      "pipelines[0].monitoring.canary.min_samples: must be at least 1"
    ),
    ("monitoring: {experiments: {id: x}}", "pipelines[0].monitoring.experiments: expected a list"),
    (
      "monitoring: {experiments: [{id: x, control: 1.0.0}]}",
      "pipelines[0].monitoring.experiments[0].treatment: required key is missing"
    ),
    (
      "monitoring: {experiments: [{id: x, control: 1.0, treatment: 1.1.0}]}",
      "experiments[0].control: 1.0 is not a model version"
    ),
    (
      "monitoring: {experiments: [{id: x, control: 1.0.0, treatment: 1.0.0}]}",
      "control and treatment are both 1.0.0"
    ),
    (
      "monitoring: {experiments: [{id: x, control: 1.0.0, treatment: 1.1.0, split: 1}]}",
      "experiments[0].split: the treatment's share"
    ),
    (
      "monitoring: {experiments: [{id: x, control: 1.0.0, treatment: 1.1.0, alpha: 0}]}",
      "experiments[0].alpha: the significance level"
    ),
    (
      "monitoring: {experiments: [{id: X Y, control: 1.0.0, treatment: 1.1.0}]}",
      "experiments[0].id: X Y is not a valid experiment id"
    ),
    (
      "monitoring: {experiments: [{id: x, control: 1.0.0, treatment: 1.1.0}, "
        + "{id: x, control: 1.1.0, treatment: 1.2.0}]}",
      "experiments[1].id: duplicate experiment id x"
    ),
    (
      "monitoring: {performance: {window_rows: -3}}",
      "pipelines[0].monitoring.performance.window_rows: must be at least 1"
    ),
    ("monitoring: {approvals: {promote: true}}", "pipelines[0].monitoring.approvals.promote: unknown key"),
    ("monitoring: [drift]", "pipelines[0].monitoring: expected a mapping"),
  ])
  func errorsNameTheKey(_ setting: String, _ expected: String) {
    let text = "pipelines:\n  - name: t\n    kind: tabular\n    \(setting)\n"
    do {
      _ = try OhanaConfiguration.parse(text)
      Issue.record("expected an error containing \(expected)")
    } catch {
      #expect(error.description.contains(expected), "\(error.description)")
      #expect(error.line != nil)
    }
  }

  @Test(arguments: [
    (
      "pipelines:\n  - {name: a, kind: gedcom, monitoring: {canary: {min_samples: 5}}}",
      "pipelines[0].monitoring.canary: only tabular pipelines"
    ),
    ("pipelines: []\nalerts: {name: x}", "alerts: expected a list of rules"),
    ("pipelines: []\nalerts: [x]", "alerts[0]: each rule is a mapping"),
  ])
  func pipelineKindsAndAlertShapesAreChecked(_ text: String, _ expected: String) {
    do {
      _ = try OhanaConfiguration.parse(text)
      Issue.record("expected an error containing \(expected)")
    } catch {
      #expect(error.description.contains(expected), "\(error.description)")
    }
  }

  @Test func familyTreePipelinesTakeDrift() throws {
    let config = try OhanaConfiguration.parse(
      "pipelines:\n  - {name: a, kind: gedcom, monitoring: {drift: {correction: fdr, retrain: true}}}\n")
    #expect(config.pipelines[0].monitoring.drift.correction == .fdr)
    #expect(config.pipelines[0].monitoring.drift.retrain)
  }

  @Test func monitoringBeforeKindIsReadForTheKind() throws {
    let config = try OhanaConfiguration.parse(
      "pipelines:\n  - {monitoring: {canary: {min_samples: 5}}, name: t, kind: tabular}\n")
    #expect(config.pipelines[0].monitoring.canary?.minSamples == 5)
  }
}
