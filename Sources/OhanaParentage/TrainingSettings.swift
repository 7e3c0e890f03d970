import Foundation
import OhanaJSON

/// Everything a parent-prediction training run depends on; equal settings and graphs give
/// byte-identical models.
///
/// Settings can be changed from the command line with `--set key=value` (``apply(_:_:)``);
/// the keys are the property names below.
public struct TrainingSettings: Sendable, Equatable {
  /// The seed of every random choice (masking, sampling, initialization).
  public var seed: UInt64 = 0
  /// The fraction of known child→family links hidden for evaluation.
  public var maskFraction = 0.15
  /// The model families to train.
  public var families: [ModelFamily] = ModelFamily.allCases
  /// The metric that picks the best family: one of ``EvaluationMetrics/metricNames``.
  public var metric = "mrr"
  /// How many candidates predictions keep per person.
  public var topK = 5

  // Training pairs.
  /// At most this many people with known parents are used to train (sampled, seeded).
  public var maxTrainingQueries = 20_000
  /// Wrong candidate families sampled per training person.
  public var negativesPerQuery = 20
  /// Share of the training people held out for validation and calibration.
  public var validationFraction = 0.1
  /// Candidate lists are cut to this length (0 = no limit).
  public var maxCandidates = 0
  /// Whether places may exclude candidate families.
  public var usePlaces = true

  // Logistic regression.
  /// L2 penalty of the logistic regression (on standardized coefficients, summed loss).
  public var l2 = 1.0
  /// Newton iterations of the logistic regression.
  public var logisticIterations = 50

  // Gradient-boosted trees.
  /// Boosting rounds.
  public var gbtIterations = 100
  /// Shrinkage per round.
  public var gbtLearningRate = 0.1
  /// Leaves per tree.
  public var gbtMaxLeaves = 31
  /// Smallest leaf.
  public var gbtMinSamplesLeaf = 20

  // GraphSAGE.
  /// Training epochs (passes over the training people, one Adam step per batch).
  public var gnnEpochs = 12
  /// Epochs without a better validation loss before training stops early.
  public var gnnPatience = 3
  /// Width of the node embeddings.
  public var gnnDimensions = 16
  /// Width of the decoder's hidden layer.
  public var gnnHidden = 32
  /// Adam learning rate.
  public var gnnLearningRate = 0.01
  /// Negative candidate families per positive link and step.
  public var gnnNegatives = 20
  /// Supervised links per step.
  public var gnnBatch = 512
  /// L2 penalty on the network's weights.
  public var gnnL2 = 1e-5

  // Cross-file evaluation (see ``Evaluation/crossGraph(graphs:settings:progress:)``).
  /// At most this many graphs are held out in turn, the largest first; 0 turns it off.
  public var crossFileTrees = 3
  /// At most this many masked people of a held-out graph are ranked.
  public var crossFileTestPeople = 2_000
  /// At most this many people train each round's models (``maxTrainingQueries`` applies too).
  public var crossFileTrainingQueries = 5_000

  /// The default settings.
  public init() {}

  /// The keys ``apply(_:_:)`` accepts.
  public static let keys: [String] = [
    "seed", "maskFraction", "families", "metric", "topK", "maxTrainingQueries", "negativesPerQuery",
    "validationFraction", "maxCandidates", "usePlaces", "l2", "logisticIterations", "gbtIterations",
    "gbtLearningRate", "gbtMaxLeaves", "gbtMinSamplesLeaf", "gnnEpochs", "gnnDimensions", "gnnHidden",
    "gnnPatience", "gnnLearningRate", "gnnNegatives", "gnnBatch", "gnnL2", "crossFileTrees",
    "crossFileTestPeople",
    "crossFileTrainingQueries",
  ]

  /// Sets `key` from its text form (`--set key=value`), checking the value's range.
  public mutating func apply(_ key: String, _ value: String) throws(ParentageError) {
    let text = value.trimmingCharacters(in: .whitespaces)
    func int(_ range: ClosedRange<Int>) throws(ParentageError) -> Int {
      guard let number = Int(text), range.contains(number) else {
        throw .invalidSetting(
          key: key, value: value, expected: "an integer in \(range.lowerBound)...\(range.upperBound)")
      }
      return number
    }
    func double(_ range: ClosedRange<Double>) throws(ParentageError) -> Double {
      guard let number = Double(text), number.isFinite, range.contains(number) else {
        throw .invalidSetting(
          key: key, value: value, expected: "a number in \(range.lowerBound)...\(range.upperBound)")
      }
      return number
    }
    switch key {
    case "seed":
      guard let number = UInt64(text) else {
        throw .invalidSetting(key: key, value: value, expected: "a non-negative integer")
      }
      seed = number
    case "maskFraction": maskFraction = try double(0.01...0.9)
    case "families":
      var chosen: [ModelFamily] = []
      for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
        if name == "all" {
          chosen = ModelFamily.allCases
          continue
        }
        guard let family = ModelFamily(rawValue: name) else {
          throw .invalidSetting(
            key: key, value: value,
            expected:
              "a comma-separated list of \(ModelFamily.allCases.map(\.rawValue).joined(separator: ", ")) or all"
          )
        }
        if !chosen.contains(family) { chosen.append(family) }
      }
      guard !chosen.isEmpty else {
        throw .invalidSetting(key: key, value: value, expected: "at least one model family")
      }
      families = ModelFamily.allCases.filter { chosen.contains($0) }
    case "metric":
      guard EvaluationMetrics.metricNames.contains(text) else {
        throw .invalidSetting(
          key: key, value: value, expected: "one of \(EvaluationMetrics.metricNames.joined(separator: ", "))")
      }
      metric = text
    case "topK": topK = try int(1...1000)
    case "maxTrainingQueries": maxTrainingQueries = try int(10...10_000_000)
    case "negativesPerQuery": negativesPerQuery = try int(1...10_000)
    case "validationFraction": validationFraction = try double(0.01...0.5)
    case "maxCandidates": maxCandidates = try int(0...1_000_000)
    case "usePlaces":
      guard let flag = Bool(text.lowercased()) else {
        throw .invalidSetting(key: key, value: value, expected: "true or false")
      }
      usePlaces = flag
    case "l2": l2 = try double(0...1000)
    case "logisticIterations": logisticIterations = try int(1...100_000)
    case "gbtIterations": gbtIterations = try int(1...100_000)
    case "gbtLearningRate": gbtLearningRate = try double(1e-6...1)
    case "gbtMaxLeaves": gbtMaxLeaves = try int(2...4096)
    case "gbtMinSamplesLeaf": gbtMinSamplesLeaf = try int(1...1_000_000)
    case "gnnEpochs": gnnEpochs = try int(1...100_000)
    case "gnnPatience": gnnPatience = try int(1...100_000)
    case "gnnDimensions": gnnDimensions = try int(1...512)
    case "gnnHidden": gnnHidden = try int(1...512)
    case "gnnLearningRate": gnnLearningRate = try double(1e-6...1)
    case "gnnNegatives": gnnNegatives = try int(1...1000)
    case "gnnBatch": gnnBatch = try int(1...1_000_000)
    case "gnnL2": gnnL2 = try double(0...10)
    case "crossFileTrees": crossFileTrees = try int(0...1000)
    case "crossFileTestPeople": crossFileTestPeople = try int(10...10_000_000)
    case "crossFileTrainingQueries": crossFileTrainingQueries = try int(10...10_000_000)
    default: throw .unknownSetting(key: key, known: Self.keys)
    }
  }

  /// Applies `key=value` assignments in order.
  public mutating func apply(assignments: [String]) throws(ParentageError) {
    for assignment in assignments {
      guard let equals = assignment.firstIndex(of: "=") else {
        throw .invalidSetting(key: assignment, value: "", expected: "key=value")
      }
      try apply(String(assignment[..<equals]), String(assignment[assignment.index(after: equals)...]))
    }
  }

  /// The settings as a JSON object keyed like ``apply(_:_:)``.
  public var json: JSONValue {
    [
      "seed": seed <= UInt64(Int64.max) ? .int(Int64(seed)) : .string(String(seed)),
      "maskFraction": .double(maskFraction), "families": .array(families.map { .string($0.rawValue) }),
      "metric": .string(metric), "topK": .integer(topK), "maxTrainingQueries": .integer(maxTrainingQueries),
      "negativesPerQuery": .integer(negativesPerQuery), "validationFraction": .double(validationFraction),
      "maxCandidates": .integer(maxCandidates), "usePlaces": .bool(usePlaces), "l2": .double(l2),
      "logisticIterations": .integer(logisticIterations), "gbtIterations": .integer(gbtIterations),
      "gbtLearningRate": .double(gbtLearningRate), "gbtMaxLeaves": .integer(gbtMaxLeaves),
      "gbtMinSamplesLeaf": .integer(gbtMinSamplesLeaf), "gnnEpochs": .integer(gnnEpochs),
      "gnnPatience": .integer(gnnPatience), "gnnDimensions": .integer(gnnDimensions),
      "gnnHidden": .integer(gnnHidden),
      "gnnLearningRate": .double(gnnLearningRate), "gnnNegatives": .integer(gnnNegatives),
      "gnnBatch": .integer(gnnBatch), "gnnL2": .double(gnnL2), "crossFileTrees": .integer(crossFileTrees),
      "crossFileTestPeople": .integer(crossFileTestPeople),
      "crossFileTrainingQueries": .integer(crossFileTrainingQueries),
    ]
  }

  /// Reads settings written by ``json`` (every key must be known; missing keys keep defaults).
  public init(json: JSONValue) throws(ParentageError) {
    guard let members = json.objectValue else { throw .invalidModel("training settings are not an object") }
    self.init()
    for key in members.keys.sorted() {
      let value = members[key]!
      let text: String
      switch value {
      case .string(let string): text = string
      case .int(let number): text = String(number)
      case .double(let number): text = String(number)
      case .bool(let flag): text = String(flag)
      case .array(let elements): text = elements.compactMap(\.stringValue).joined(separator: ",")
      default: throw .invalidModel("training setting \(key) has an unusable value")
      }
      do {
        try apply(key, text)
      } catch {
        throw .invalidModel(error.description)
      }
    }
  }
}
