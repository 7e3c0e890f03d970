import Foundation
import OhanaJSON
import OhanaLearn

/// Everything a tabular training run depends on besides its data; equal settings and tables
/// give byte-identical models.
///
/// Settings come from the pipeline's `training:` mapping and `ohana train --set key=value`
/// (``apply(_:_:)``); the keys are the property names below.
public struct ClassifierSettings: Sendable, Equatable {
  /// The seed of the folds, bootstraps and boosting's validation split.
  public var seed: UInt64 = 0
  /// The model families compared.
  public var families: [ClassifierFamily] = ClassifierFamily.allCases
  /// Stratified cross-validation folds.
  public var folds = 5
  /// The metric that picks the best family: one of ``ClassifierMetrics/names``.
  public var metric = "f1"
  /// `none` or `balanced` (each class carries the same total weight), for imbalanced targets.
  public var classWeight: ClassWeighting = .none
  /// L2 penalty of the logistic regression.
  public var l2 = 1.0
  /// Trees of the random forest.
  public var forestTrees = 100
  /// Deepest a forest tree may grow (0: no limit).
  public var forestMaxDepth = 0
  /// Smallest leaf of a forest tree.
  public var forestMinSamplesLeaf = 1
  /// Boosting rounds at most (early stopping on a validation split ends sooner).
  public var gbtIterations = 300
  /// Shrinkage per round.
  public var gbtLearningRate = 0.1
  /// Leaves per boosted tree.
  public var gbtMaxLeaves = 31
  /// Smallest leaf of a boosted tree.
  public var gbtMinSamplesLeaf = 20

  public init() {}

  /// The keys ``apply(_:_:)`` accepts.
  public static let keys = [
    "seed", "families", "folds", "metric", "classWeight", "l2", "forestTrees", "forestMaxDepth",
    "forestMinSamplesLeaf", "gbtIterations", "gbtLearningRate", "gbtMaxLeaves", "gbtMinSamplesLeaf",
  ]

  /// Sets `key` from its text form, checking the value's range.
  public mutating func apply(_ key: String, _ value: String) throws(ClassifierError) {
    let text = value.trimmingCharacters(in: .whitespaces)
    func int(_ range: ClosedRange<Int>) throws(ClassifierError) -> Int {
      guard let number = Int(text), range.contains(number) else {
        throw .invalidSetting(key: key, value: value, expected: "an integer in \(range.lowerBound)...\(range.upperBound)")
      }
      return number
    }
    func double(_ range: ClosedRange<Double>) throws(ClassifierError) -> Double {
      guard let number = Double(text), number.isFinite, range.contains(number) else {
        throw .invalidSetting(key: key, value: value, expected: "a number in \(range.lowerBound)...\(range.upperBound)")
      }
      return number
    }
    switch key {
    case "seed":
      guard let number = UInt64(text) else { throw .invalidSetting(key: key, value: value, expected: "a non-negative integer") }
      seed = number
    case "families":
      let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      let chosen = names.contains("all") ? ClassifierFamily.allCases : names.compactMap(ClassifierFamily.init(rawValue:))
      guard !chosen.isEmpty, names.contains("all") || chosen.count == names.count else {
        throw .invalidSetting(
          key: key, value: value,
          expected: "a comma-separated list of \(ClassifierFamily.allCases.map(\.rawValue).joined(separator: ", ")) or all")
      }
      families = ClassifierFamily.allCases.filter { chosen.contains($0) }
    case "folds": folds = try int(2...20)
    case "metric":
      guard ClassifierMetrics.names.contains(text) else {
        throw .invalidSetting(key: key, value: value, expected: "one of \(ClassifierMetrics.names.joined(separator: ", "))")
      }
      metric = text
    case "classWeight":
      guard let weighting = ClassWeighting(rawValue: text) else {
        throw .invalidSetting(key: key, value: value, expected: "none or balanced")
      }
      classWeight = weighting
    case "l2": l2 = try double(0...1e6)
    case "forestTrees": forestTrees = try int(1...10_000)
    case "forestMaxDepth": forestMaxDepth = try int(0...1000)
    case "forestMinSamplesLeaf": forestMinSamplesLeaf = try int(1...1_000_000)
    case "gbtIterations": gbtIterations = try int(1...100_000)
    case "gbtLearningRate": gbtLearningRate = try double(1e-6...1)
    case "gbtMaxLeaves": gbtMaxLeaves = try int(2...4096)
    case "gbtMinSamplesLeaf": gbtMinSamplesLeaf = try int(1...1_000_000)
    default: throw .unknownSetting(key: key, known: Self.keys)
    }
  }

  /// Applies `key=value` assignments in order.
  public mutating func apply(assignments: [String]) throws(ClassifierError) {
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
      "seed": .string(String(seed)), "families": .array(families.map { .string($0.rawValue) }),
      "folds": .integer(folds), "metric": .string(metric), "classWeight": .string(classWeight.rawValue),
      "l2": .double(l2), "forestTrees": .integer(forestTrees), "forestMaxDepth": .integer(forestMaxDepth),
      "forestMinSamplesLeaf": .integer(forestMinSamplesLeaf), "gbtIterations": .integer(gbtIterations),
      "gbtLearningRate": .double(gbtLearningRate), "gbtMaxLeaves": .integer(gbtMaxLeaves),
      "gbtMinSamplesLeaf": .integer(gbtMinSamplesLeaf),
    ]
  }
}
