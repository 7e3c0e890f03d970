import OhanaConfig
import Testing

@Suite struct OhanaConfigurationTests {
  @Test func defaultConfigurationHasOnePipelineOfEachKind() throws {
    let config = try OhanaConfiguration.parse(OhanaConfiguration.defaultText)
    #expect(config.pipelines.map(\.kind) == [.gedcom, .tabular])
    #expect(config.settleSeconds == 2)
    #expect(config.limits == IngestLimits())
    #expect(config.defaultPipeline(for: .gedcom)?.name == "family-trees")
    #expect(config.defaultPipeline(for: .tabular)?.target == "target")
  }

  @Test func explicitDefaultWins() throws {
    let config = try OhanaConfiguration.parse("""
      pipelines:
        - {name: a, kind: gedcom}
        - {name: b, kind: gedcom, default: true, schedule: ["02:00", "14:30"], min_new_datasets: 5}
      """)
    #expect(config.defaultPipeline(for: .gedcom)?.name == "b")
    #expect(config.pipeline(named: "b")?.schedule == ["02:00", "14:30"])
    #expect(config.pipeline(named: "b")?.minNewDatasets == 5)
    #expect(config.defaultPipeline(for: .tabular) == nil)
  }

  @Test(arguments: [
    ("pipelines: []\nsettle_secs: 2", "settle_secs: unknown key"),
    ("pipelines:\n  - {name: a, kind: xml}", "pipelines[0].kind: expected gedcom or tabular, got xml"),
    ("pipelines:\n  - {name: a, kind: gedcom, colour: red}", "pipelines[0].colour: unknown key"),
    ("pipelines:\n  - {kind: gedcom}", "pipelines[0].name: required key is missing"),
    ("pipelines:\n  - {name: A!, kind: gedcom}", "pipelines[0].name: A! is not a valid pipeline name"),
    ("pipelines:\n  - {name: rejected, kind: gedcom}", "pipelines[0].name: rejected is reserved"),
    ("pipelines:\n  - {name: a, kind: gedcom}\n  - {name: a, kind: tabular}", "pipelines[1].name: duplicate pipeline name a"),
    ("pipelines: []\nsettle_seconds: soon", "settle_seconds: expected a number"),
    ("pipelines: []\nsettle_seconds: -1", "settle_seconds: must be at least 0"),
    ("pipelines: []\nlimits: {max_entries: 0}", "limits.max_entries: must be at least 1"),
    ("pipelines: []\nlimits: {max_files: 3}", "limits.max_files: unknown key"),
    ("pipelines:\n  - {name: a, kind: gedcom, schedule: ['25:00']}", "pipelines[0].schedule: 25:00 is not a time of day"),
    ("pipelines:\n  - {name: a, kind: gedcom, target: y}", "pipelines[0].target: only tabular pipelines"),
    ("settle_seconds: 2", "pipelines: required key is missing"),
    ("- a\n- b", "expected a mapping of settings"),
    ("pipelines: [", "not valid YAML"),
  ])
  func errorsNameTheKey(_ text: String, _ expected: String) {
    do {
      _ = try OhanaConfiguration.parse(text)
      Issue.record("expected an error containing \(expected)")
    } catch {
      #expect(error.description.contains(expected), "\(error.description)")
    }
  }

  @Test func errorsCarryTheLine() {
    do {
      _ = try OhanaConfiguration.parse("pipelines: []\n\nbogus: 1\n")
      Issue.record("expected an error")
    } catch {
      #expect(error.line == 3)
      #expect(error.description.hasPrefix("ohana.yaml line 3: bogus"))
    }
  }
}

@Suite struct TabularSettingsTests {
  @Test func defaultTablesPipelineHasExpectationsAndGate() throws {
    let tables = try #require(try OhanaConfiguration.parse(OhanaConfiguration.defaultText).pipeline(named: "tables"))
    #expect(tables.tabular.idColumn == "patient_id")
    #expect(tables.tabular.minNewRows == 5000)
    #expect(tables.tabular.expectations.count == 5)
    #expect(tables.tabular.expectations[2]["mostly"]?.doubleValue == 0.99)
    #expect(tables.tabular.expectations[3]["values"] == ["M", "F"])
    #expect(tables.tabular.minMetric == 0.5)
    #expect(tables.tabular.maxLatencyMillisecondsPer1000 == 500)
    #expect(tables.tabular.onValidationFailure == .reject)
  }

  @Test func tabularKeysOnAFamilyTreePipelineAreErrors() {
    #expect(throws: ConfigError.self) {
      try OhanaConfiguration.parse("pipelines:\n  - {min_new_rows: 3, name: a, kind: gedcom}")
    }
    #expect(throws: ConfigError.self) {
      try OhanaConfiguration.parse("pipelines:\n  - {name: a, kind: tabular, on_validation_failure: maybe}")
    }
  }

  @Test func missingValueTokensAreText() throws {
    let config = try OhanaConfiguration.parse("pipelines:\n  - {name: a, kind: tabular, missing_values: ['-999', '']}")
    #expect(config.pipelines[0].tabular.missingValues == ["-999", ""])
  }
}
