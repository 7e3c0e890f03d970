import OhanaJSON
import Testing

@testable import OhanaParentage

@Suite("Training settings")
struct SettingsTests {
  @Test("Known keys are applied, with their values checked")
  func applies() throws {
    var settings = TrainingSettings()
    try settings.apply("gnnEpochs", "7")
    try settings.apply("families", "logistic, boosted-trees")
    try settings.apply("metric", "hits1")
    try settings.apply(assignments: ["maskFraction=0.2", "seed=9", "usePlaces=false"])
    #expect(settings.gnnEpochs == 7)
    #expect(settings.families == [.logistic, .boostedTrees])
    #expect(settings.metric == "hits1")
    #expect(settings.maskFraction == 0.2 && settings.seed == 9 && !settings.usePlaces)
  }

  @Test("Unknown keys are rejected with the list of known ones")
  func rejectsUnknownKeys() {
    var settings = TrainingSettings()
    do {
      try settings.apply("gnnEpoch", "7")
      Issue.record("an unknown key was accepted")
    } catch {
      guard case .unknownSetting(let key, let known) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(key == "gnnEpoch")
      #expect(known.contains("gnnEpochs"))
      #expect(error.description.contains("unknown training setting \"gnnEpoch\""))
    }
    #expect(settings == TrainingSettings())
  }

  @Test("Bad values are rejected with what was expected")
  func rejectsBadValues() {
    var settings = TrainingSettings()
    for (key, value) in [
      ("gnnEpochs", "many"), ("maskFraction", "1.5"), ("families", "heuristic,forest"), ("metric", "accuracy"),
      ("seed", "-1"), ("usePlaces", "maybe"), ("l2", "nan"),
    ] {
      #expect(throws: ParentageError.self, "\(key)=\(value)") { try settings.apply(key, value) }
    }
    #expect(throws: ParentageError.self) { try settings.apply(assignments: ["noequals"]) }
    #expect(settings == TrainingSettings())
  }

  @Test("Settings survive JSON")
  func jsonRoundTrip() throws {
    var settings = TrainingSettings()
    try settings.apply(assignments: ["seed=123", "families=graphsage,heuristic", "gnnLearningRate=0.003", "topK=7"])
    let back = try TrainingSettings(json: try JSONParser.parse(CanonicalJSON.encode(settings.json)))
    #expect(back == settings)
    #expect(Set(settings.json.objectValue!.keys) == Set(TrainingSettings.keys))
  }
}
