import Foundation
import OhanaJSON
import OhanaParallel

/// A random forest of CART classification trees (Gini impurity or log loss) on binned features: each tree
/// sees a bootstrap sample and a fresh random subset of columns at every node, and the forest's
/// probability is the mean of its trees' leaf class shares.
///
/// Missing values (NaN) get their own bin and each split learns which side they go to. Trees are
/// grown on two cores, each worker taking the next tree when it is done; every tree's randomness
/// comes from ``Settings/seed`` and its index, and trees join the forest in index order, so the
/// forest is the same whatever the scheduling.
public struct RandomForest: Sendable, Equatable {
  /// What a split minimizes.
  public enum SplitCriterion: String, Sendable, CaseIterable {
    /// Weighted Gini impurity (scikit-learn's default `"gini"`).
    case gini
    /// Weighted entropy, i.e. the log loss of the leaf class shares (scikit-learn's `"log_loss"`).
    case logLoss = "log_loss"
  }

  /// Training options; the defaults match scikit-learn's `RandomForestClassifier`.
  public struct Settings: Sendable, Equatable {
    /// The number of trees.
    public var trees = 100
    /// The maximum depth of a tree (`nil`: grow until leaves are pure or too small to split).
    public var maxDepth: Int? = nil
    /// The minimum number of distinct training rows in a leaf.
    public var minSamplesLeaf = 1
    /// The fraction of columns tried at each node; `nil` tries `floor(sqrt(columns))`.
    public var featureFraction: Double? = nil
    /// The maximum number of value bins per column (2...255); missing values get one more.
    public var maxBins = 255
    /// How the classes are weighted.
    public var classWeighting: ClassWeighting = .none
    /// The seed of the bootstrap samples and column draws.
    public var seed: UInt64 = 0
    /// What splits minimize.
    public var criterion: SplitCriterion = .gini

    /// Creates settings; every parameter defaults to the documented value.
    public init(
      trees: Int = 100, maxDepth: Int? = nil, minSamplesLeaf: Int = 1, featureFraction: Double? = nil,
      maxBins: Int = 255, classWeighting: ClassWeighting = .none, seed: UInt64 = 0,
      criterion: SplitCriterion = .gini
    ) {
      self.trees = trees
      self.maxDepth = maxDepth
      self.minSamplesLeaf = minSamplesLeaf
      self.featureFraction = featureFraction
      self.maxBins = maxBins
      self.classWeighting = classWeighting
      self.seed = seed
      self.criterion = criterion
    }

    func validate() throws(LearnError) {
      guard trees >= 1 else { throw .invalidSetting("trees must be at least 1, got \(trees)") }
      if let maxDepth, maxDepth < 1 { throw .invalidSetting("maxDepth must be at least 1, got \(maxDepth)") }
      guard minSamplesLeaf >= 1 else {
        throw .invalidSetting("minSamplesLeaf must be at least 1, got \(minSamplesLeaf)")
      }
      if let featureFraction, !(featureFraction > 0 && featureFraction <= 1) {
        throw .invalidSetting("featureFraction must be in (0, 1], got \(featureFraction)")
      }
      guard (2...255).contains(maxBins) else {
        throw .invalidSetting("maxBins must be in 2...255, got \(maxBins)")
      }
    }

    /// The number of columns tried at each node.
    func featuresPerNode(columnCount: Int) -> Int {
      guard let featureFraction else { return max(1, Int(Double(columnCount).squareRoot())) }
      return min(columnCount, max(1, Int(featureFraction * Double(columnCount))))
    }

    var json: JSONValue {
      [
        "trees": .integer(trees), "max_depth": maxDepth.map { .integer($0) } ?? .null,
        "min_samples_leaf": .integer(minSamplesLeaf),
        "feature_fraction": featureFraction.map { .double($0) } ?? .null,
        "max_bins": .integer(maxBins), "class_weighting": .string(classWeighting.rawValue),
        "seed": .int(Int64(bitPattern: seed)), "criterion": .string(criterion.rawValue),
      ]
    }

    init(json: JSONValue) throws(LearnError) {
      let fields = try JSONFields(json, context: "settings")
      self.init(
        trees: try fields.int("trees"), maxDepth: try fields.optionalInt("max_depth"),
        minSamplesLeaf: try fields.int("min_samples_leaf"),
        featureFraction: try fields.optionalDouble("feature_fraction"),
        maxBins: try fields.int("max_bins"), classWeighting: try fields.classWeighting("class_weighting"),
        seed: UInt64(bitPattern: Int64(try fields.int("seed"))), criterion: try Self.criterion(fields))
    }

    private static func criterion(_ fields: JSONFields) throws(LearnError) -> SplitCriterion {
      let name = try fields.string("criterion")
      guard let criterion = SplitCriterion(rawValue: name) else {
        throw .invalidJSON("settings.criterion \"\(name)\" is not a split criterion")
      }
      return criterion
    }
  }

  /// The number of feature columns the model expects.
  public let columnCount: Int
  /// Total impurity decrease (Gini or entropy) per column over all trees, normalized to sum to 1 (all zero
  /// when no tree split).
  public let featureImportances: [Double]
  /// The settings the model was trained with.
  public let settings: Settings
  let trees: TreeEnsemble

  /// The number of trees.
  public var treeCount: Int { trees.treeCount }

  init(columnCount: Int, featureImportances: [Double], settings: Settings, trees: TreeEnsemble) {
    self.columnCount = columnCount
    self.featureImportances = featureImportances
    self.settings = settings
    self.trees = trees
  }

  /// Trains on the rows of `x` with `labels` (`true` = positive class).
  ///
  /// The history has one record per tree: the out-of-bag log loss of the forest so far (over the
  /// rows that have been out of bag at least once, weighted like training) and, when `validation`
  /// is given, its validation loss and AUC.
  public static func fit(
    _ x: FeatureMatrix, labels: [Bool], sampleWeights: [Double]? = nil, settings: Settings = .init(),
    validation: (FeatureMatrix, [Bool])? = nil
  ) throws(LearnError) -> (model: RandomForest, history: [IterationRecord]) {
    let workers = settings.trees > 1 && x.rowCount >= 2_000 ? 2 : 1
    return try fit(
      x, labels: labels, sampleWeights: sampleWeights, settings: settings, validation: validation,
      workers: workers)
  }

  /// ``fit(_:labels:sampleWeights:settings:validation:)`` with `workers` growing trees at once; the
  /// result is the same for any number of workers.
  static func fit(
    _ x: FeatureMatrix, labels: [Bool], sampleWeights: [Double]?, settings: Settings,
    validation: (FeatureMatrix, [Bool])?, workers: Int
  ) throws(LearnError) -> (model: RandomForest, history: [IterationRecord]) {
    try TrainingInput.check(x, labels: labels, validation: validation)
    try settings.validate()
    let weights = try ClassWeighting.rowWeights(
      labels: labels, sampleWeights: sampleWeights, weighting: settings.classWeighting)
    let rowCount = x.rowCount
    let columns = x.columnCount
    let binner = FeatureBinner.fit(
      x, rows: Array(0..<rowCount), maxBins: settings.maxBins, categoricalColumns: [], seed: settings.seed)
    let groups = FeatureGroups(binCounts: binner.binCounts)
    let binned = binner.bin(x, groups: groups)
    let options = ForestTreeOptions(
      criterion: settings.criterion, maxDepth: settings.maxDepth ?? Int.max,
      minSamplesLeaf: settings.minSamplesLeaf,
      featuresPerNode: settings.featuresPerNode(columnCount: columns))

    let assembler = ForestAssembler(
      treeCount: settings.trees, columnCount: columns, labels: labels, weights: weights,
      validation: validation)
    binned.bins.withUnsafeBufferPointer { buffer in
      // Unit weights (the usual case) are summed as integer draw counts: the same sums, faster.
      func growers<Weights: ForestWeights>(_: Weights.Type) -> [ForestTreeGrower<Weights>] {
        (0..<workers).map { _ in
          ForestTreeGrower<Weights>(
            bins: buffer.baseAddress!, groups: groups, rowCount: rowCount, binner: binner, labels: labels,
            weights: weights, options: options)
        }
      }
      if weights.allSatisfy({ $0 == 1 }) {
        growTrees(growers(ForestDrawCounts.self), seed: settings.seed, assembler: assembler)
      } else {
        growTrees(growers(SIMD2<Double>.self), seed: settings.seed, assembler: assembler)
      }
    }
    var importances = assembler.importances
    let total = importances.reduce(0, +)
    if total > 0 { importances = importances.map { $0 / total } }
    let model = RandomForest(
      columnCount: columns, featureImportances: importances, settings: settings, trees: assembler.ensemble)
    return (model, assembler.history)
  }

  /// The probability that one row of ``columnCount`` values is positive: the mean over trees of
  /// the positive (class-weighted) share of the row's leaf.
  public func probability(_ row: ArraySlice<Double>) -> Double {
    TrainingInput.checkRow(row, columnCount: columnCount)
    // The same arithmetic as `probabilities`, so both agree to the last bit.
    let share = 1 / Double(max(1, trees.treeCount))
    return row.withUnsafeBufferPointer { trees.sum(row: $0.baseAddress!) } * share
  }

  /// The positive-class probability of every row of `x`.
  public func probabilities(_ x: FeatureMatrix) -> [Double] {
    precondition(
      x.columnCount == columnCount, "matrix has \(x.columnCount) columns, model expects \(columnCount)")
    let share = 1 / Double(max(1, trees.treeCount))
    return trees.sums(x) { $0 * share }
  }

  /// The model as canonical JSON (doubles round-trip exactly).
  public var json: JSONValue {
    [
      "model": "random_forest", "version": 1, "column_count": .integer(columnCount),
      "feature_importances": .array(featureImportances.map { .double($0) }), "settings": settings.json,
      "trees": trees.json,
    ]
  }

  /// Reads a model written by ``json``.
  public init(json: JSONValue) throws(LearnError) {
    let fields = try JSONFields(json, context: "random_forest")
    try fields.expectKind("random_forest")
    guard try fields.int("version") == 1 else { throw .invalidJSON("unsupported random_forest version") }
    let columns = try fields.int("column_count")
    guard columns > 0 else { throw .invalidJSON("column_count must be positive") }
    let importances = try fields.doubles("feature_importances")
    guard importances.count == columns else { throw .invalidJSON("feature_importances has the wrong length") }
    self.init(
      columnCount: columns, featureImportances: importances,
      settings: try Settings(json: try fields.value("settings")),
      trees: try TreeEnsemble(json: try fields.value("trees"), columnCount: columns))
  }
}

/// Grows the assembler's trees with one worker per grower; each worker takes the next tree as soon
/// as it is done with one, so none waits for a slower tree.
private func growTrees<Weights: ForestWeights>(
  _ growers: [ForestTreeGrower<Weights>], seed: UInt64, assembler: ForestAssembler
) {
  Parallel.map(growers.count) { worker in
    while let index = assembler.nextIndex() {
      var generator = SplitMix64(seed: seed, stream: UInt64(index))
      assembler.deliver(index, growers[worker].grow(generator: &generator))
    }
  }
}
