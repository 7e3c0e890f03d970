import Foundation
import OhanaJSON

/// Gradient-boosted decision trees for binary classification (logistic loss), trained on
/// histograms of pre-binned features and grown best leaf first, in the manner of LightGBM.
///
/// Missing values (NaN) get their own bin and every split learns which side they go to.
/// Categorical columns (category codes 0, 1, 2, … stored as doubles) are split without one-hot
/// encoding: categories are ordered by gradient / hessian and the best prefix of that order
/// goes left. Training is deterministic for a given ``Settings/seed``.
public struct GradientBoostedTrees: Sendable, Equatable {
  /// Training options; the defaults match LightGBM's where they overlap.
  public struct Settings: Sendable, Equatable {
    /// The maximum number of boosting rounds (trees).
    public var iterations = 200
    /// Shrinkage applied to every tree's leaf values.
    public var learningRate = 0.1
    /// The maximum number of leaves per tree.
    public var maxLeaves = 31
    /// The minimum number of training rows in a leaf.
    public var minSamplesLeaf = 20
    /// L2 regularization of leaf values (added to the hessian sum).
    public var l2 = 1.0
    /// A split must gain more than this, in LightGBM's units: `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)`.
    public var minGainToSplit = 0.0
    /// The maximum number of value bins per column (2...255); missing values get one more.
    public var maxBins = 255
    /// Stop after this many rounds without a better validation log loss and keep the best
    /// round's trees; `nil` trains all ``iterations`` (and holds out no validation rows).
    public var earlyStoppingRounds: Int? = 20
    /// Without explicit validation data, this stratified fraction of the training rows is held
    /// out for early stopping (skipped when the held-out rows would lack a class).
    public var validationFraction = 0.1
    /// The fraction of columns (chosen per tree) each tree may split on.
    public var featureFraction = 1.0
    /// Columns holding category codes rather than ordered values.
    public var categoricalColumns: Set<Int> = []
    /// How the classes are weighted.
    public var classWeighting: ClassWeighting = .none
    /// The seed of every random choice (hold-out, feature sampling, bin sampling).
    public var seed: UInt64 = 0

    /// Creates settings; every parameter defaults to the documented value.
    public init(
      iterations: Int = 200, learningRate: Double = 0.1, maxLeaves: Int = 31, minSamplesLeaf: Int = 20,
      l2: Double = 1.0, minGainToSplit: Double = 0, maxBins: Int = 255, earlyStoppingRounds: Int? = 20,
      validationFraction: Double = 0.1, featureFraction: Double = 1.0, categoricalColumns: Set<Int> = [],
      classWeighting: ClassWeighting = .none, seed: UInt64 = 0
    ) {
      self.iterations = iterations
      self.learningRate = learningRate
      self.maxLeaves = maxLeaves
      self.minSamplesLeaf = minSamplesLeaf
      self.l2 = l2
      self.minGainToSplit = minGainToSplit
      self.maxBins = maxBins
      self.earlyStoppingRounds = earlyStoppingRounds
      self.validationFraction = validationFraction
      self.featureFraction = featureFraction
      self.categoricalColumns = categoricalColumns
      self.classWeighting = classWeighting
      self.seed = seed
    }

    func validate(columnCount: Int) throws(LearnError) {
      guard iterations >= 1 else { throw .invalidSetting("iterations must be at least 1, got \(iterations)") }
      guard learningRate > 0, learningRate.isFinite else {
        throw .invalidSetting("learningRate must be positive, got \(learningRate)")
      }
      guard maxLeaves >= 2 else { throw .invalidSetting("maxLeaves must be at least 2, got \(maxLeaves)") }
      guard minSamplesLeaf >= 1 else {
        throw .invalidSetting("minSamplesLeaf must be at least 1, got \(minSamplesLeaf)")
      }
      guard l2 >= 0, l2.isFinite else { throw .invalidSetting("l2 must be non-negative, got \(l2)") }
      guard minGainToSplit >= 0, minGainToSplit.isFinite else {
        throw .invalidSetting("minGainToSplit must be non-negative, got \(minGainToSplit)")
      }
      guard (2...255).contains(maxBins) else {
        throw .invalidSetting("maxBins must be in 2...255, got \(maxBins)")
      }
      if let rounds = earlyStoppingRounds, rounds < 1 {
        throw .invalidSetting("earlyStoppingRounds must be at least 1, got \(rounds)")
      }
      guard validationFraction >= 0, validationFraction < 1 else {
        throw .invalidSetting("validationFraction must be in [0, 1), got \(validationFraction)")
      }
      guard featureFraction > 0, featureFraction <= 1 else {
        throw .invalidSetting("featureFraction must be in (0, 1], got \(featureFraction)")
      }
      for column in categoricalColumns where column < 0 || column >= columnCount {
        throw .invalidSetting("categorical column \(column) is outside 0..<\(columnCount)")
      }
    }

    var json: JSONValue {
      [
        "iterations": .integer(iterations), "learning_rate": .double(learningRate),
        "max_leaves": .integer(maxLeaves), "min_samples_leaf": .integer(minSamplesLeaf), "l2": .double(l2),
        "min_gain_to_split": .double(minGainToSplit), "max_bins": .integer(maxBins),
        "early_stopping_rounds": earlyStoppingRounds.map { .integer($0) } ?? .null,
        "validation_fraction": .double(validationFraction), "feature_fraction": .double(featureFraction),
        "categorical_columns": .array(categoricalColumns.sorted().map { .integer($0) }),
        "class_weighting": .string(classWeighting.rawValue), "seed": .int(Int64(bitPattern: seed)),
      ]
    }

    init(json: JSONValue) throws(LearnError) {
      let fields = try JSONFields(json, context: "settings")
      self.init(
        iterations: try fields.int("iterations"), learningRate: try fields.double("learning_rate"),
        maxLeaves: try fields.int("max_leaves"), minSamplesLeaf: try fields.int("min_samples_leaf"),
        l2: try fields.double("l2"), minGainToSplit: try fields.double("min_gain_to_split"),
        maxBins: try fields.int("max_bins"),
        earlyStoppingRounds: try fields.optionalInt("early_stopping_rounds"),
        validationFraction: try fields.double("validation_fraction"),
        featureFraction: try fields.double("feature_fraction"),
        categoricalColumns: Set(try fields.ints("categorical_columns")),
        classWeighting: try fields.classWeighting("class_weighting"),
        seed: UInt64(bitPattern: Int64(try fields.int("seed"))))
    }
  }

  /// The number of feature columns the model expects.
  public let columnCount: Int
  /// The log-odds every prediction starts from (the weighted base rate of the training rows).
  public let baseScore: Double
  /// The number of boosting rounds kept (the best validation round under early stopping).
  public let bestIteration: Int
  /// Total split gain per column over the kept trees, normalized to sum to 1 (all zero when the
  /// trees never split).
  public let featureImportances: [Double]
  /// The settings the model was trained with.
  public let settings: Settings
  let trees: TreeEnsemble

  /// The number of trees.
  public var treeCount: Int { trees.treeCount }

  /// Trains on the rows of `x` with `labels` (`true` = positive class).
  ///
  /// Early stopping watches `validation` when given, else a stratified ``Settings/validationFraction``
  /// of the training rows held out with the seed. The history has one record per round trained.
  public static func fit(
    _ x: FeatureMatrix, labels: [Bool], sampleWeights: [Double]? = nil, settings: Settings = .init(),
    validation: (FeatureMatrix, [Bool])? = nil
  ) throws(LearnError) -> (model: GradientBoostedTrees, history: [IterationRecord]) {
    try TrainingInput.check(x, labels: labels, validation: validation)
    try settings.validate(columnCount: x.columnCount)
    let allWeights = try ClassWeighting.rowWeights(
      labels: labels, sampleWeights: sampleWeights, weighting: settings.classWeighting)

    var trainingRows: [Int]? = nil
    var validationSet = validation
    if validation == nil, settings.earlyStoppingRounds != nil, settings.validationFraction > 0 {
      let split = StratifiedKFold.holdOut(
        labels: labels, fraction: settings.validationFraction, seed: settings.seed)
      let heldLabels = split.validation.map { labels[$0] }
      if heldLabels.contains(true), heldLabels.contains(false) {
        trainingRows = split.training
        validationSet = (x.selecting(rows: split.validation), heldLabels)
      }
    }
    let rows = trainingRows ?? Array(0..<x.rowCount)
    let trainLabels = trainingRows.map { $0.map { labels[$0] } } ?? labels
    let weights = trainingRows.map { $0.map { allWeights[$0] } } ?? allWeights
    guard trainLabels.contains(true), trainLabels.contains(false) else {
      throw .singleClass("the training rows left after the hold-out hold one class")
    }

    let binner = FeatureBinner.fit(
      x, rows: rows, maxBins: settings.maxBins, categoricalColumns: settings.categoricalColumns,
      seed: settings.seed)
    let groups = FeatureGroups(binCounts: binner.binCounts)
    let binned = binner.bin(x, rows: trainingRows, groups: groups)
    let options = BoostingTreeGrower.Options(
      maxLeaves: settings.maxLeaves, minSamplesLeaf: settings.minSamplesLeaf, minHessianLeaf: 1e-3,
      l2: settings.l2, minGainToSplit: settings.minGainToSplit, learningRate: settings.learningRate,
      categorySmoothing: 10)
    let grower = BoostingTreeGrower(binned: binned, binner: binner, groups: groups, options: options)

    var positiveWeight = 0.0
    var totalWeight = 0.0
    for (label, weight) in zip(trainLabels, weights) {
      totalWeight += weight
      if label { positiveWeight += weight }
    }
    let baseScore = log(positiveWeight / (totalWeight - positiveWeight))
    let state = BoostingState(labels: trainLabels, weights: weights, baseScore: baseScore)
    var validationScores = [Double](repeating: baseScore, count: validationSet?.0.rowCount ?? 0)
    var aucOrder: [Int32] = []

    var ensemble = TreeEnsemble()
    var treeGains: [[(feature: Int, gain: Double)]] = []
    var history: [IterationRecord] = []
    var pending: IterationRecord? = nil
    var bestLoss = Double.infinity
    var bestIteration = 0
    var generator = SplitMix64(seed: settings.seed, stream: 0xFEA7)
    let columns = x.columnCount
    let activeCount = max(1, Int((settings.featureFraction * Double(columns)).rounded()))

    for iteration in 1...settings.iterations {
      let step = state.computeGradients(into: grower.gradients)
      if var record = pending {
        record.trainingLoss = step.loss
        history.append(record)
      }
      var active = Array(0..<columns)
      if activeCount < columns {
        generator.shuffle(&active)
        active = Array(active[..<activeCount]).sorted()
      }
      let tree = grower.grow(active: active, totals: step.totals)
      state.scores.withUnsafeMutableBufferPointer { grower.addLeafValues(tree, to: $0.baseAddress!) }
      ensemble.append(nodes: tree.nodes, categoryWords: tree.categoryWords)
      treeGains.append(tree.gains)

      var record = IterationRecord(iteration: iteration, trainingLoss: .nan)
      var stop = false
      if let (matrix, validationLabels) = validationSet {
        ensemble.addLastTree(to: &validationScores, x: matrix)
        let loss = logLoss(scores: validationScores, labels: validationLabels)
        record.validationLoss = loss
        record.validationMetric = Metrics.auc(
          scores: validationScores, labels: validationLabels, reusing: &aucOrder)
        if loss < bestLoss {
          bestLoss = loss
          bestIteration = iteration
        } else if let rounds = settings.earlyStoppingRounds, iteration - bestIteration >= rounds {
          stop = true
        }
      }
      pending = record
      if tree.gains.isEmpty && activeCount == columns { stop = true }
      if stop { break }
    }
    if var record = pending {
      record.trainingLoss = state.loss()
      history.append(record)
    }
    var kept = ensemble.treeCount
    if validationSet != nil, settings.earlyStoppingRounds != nil, bestIteration > 0 {
      kept = bestIteration
      ensemble.truncate(toTrees: kept)
    }
    var importances = [Double](repeating: 0, count: columns)
    for gains in treeGains[..<kept] {
      for (feature, gain) in gains { importances[feature] += gain }
    }
    let total = importances.reduce(0, +)
    if total > 0 { importances = importances.map { $0 / total } }
    let model = GradientBoostedTrees(
      columnCount: columns, baseScore: baseScore, bestIteration: kept, featureImportances: importances,
      settings: settings, trees: ensemble)
    return (model, history)
  }

  init(
    columnCount: Int, baseScore: Double, bestIteration: Int, featureImportances: [Double], settings: Settings,
    trees: TreeEnsemble
  ) {
    self.columnCount = columnCount
    self.baseScore = baseScore
    self.bestIteration = bestIteration
    self.featureImportances = featureImportances
    self.settings = settings
    self.trees = trees
  }

  /// The raw score (log-odds) of one row of ``columnCount`` values.
  public func score(_ row: ArraySlice<Double>) -> Double {
    TrainingInput.checkRow(row, columnCount: columnCount)
    return row.withUnsafeBufferPointer { baseScore + trees.sum(row: $0.baseAddress!) }
  }

  /// The raw scores (log-odds) of `scores.count` rows stored row-major in `rows`
  /// (``columnCount`` values each), on the calling thread: the trees are walked for several rows
  /// at once, which is much faster than one ``score(_:)`` per row and gives the same values.
  public func scores(rows: UnsafeBufferPointer<Double>, into scores: UnsafeMutableBufferPointer<Double>) {
    precondition(
      rows.count == scores.count * columnCount,
      "\(rows.count) values are not \(scores.count) rows of \(columnCount) columns")
    guard let out = scores.baseAddress, let values = rows.baseAddress else { return }
    out.update(repeating: 0, count: scores.count)
    trees.addSums(rows: values, count: scores.count, columns: columnCount, into: out)
    // The base last, as in score(_:), so both give the same bits.
    for index in scores.indices { out[index] = baseScore + out[index] }
  }

  /// The probability that one row of ``columnCount`` values is positive.
  public func probability(_ row: ArraySlice<Double>) -> Double { sigmoid(score(row)) }

  /// The positive-class probability of every row of `x`.
  public func probabilities(_ x: FeatureMatrix) -> [Double] {
    precondition(
      x.columnCount == columnCount, "matrix has \(x.columnCount) columns, model expects \(columnCount)")
    let base = baseScore
    return trees.sums(x) { sigmoid(base + $0) }
  }

  /// The model as canonical JSON (doubles round-trip exactly).
  public var json: JSONValue {
    [
      "model": "gradient_boosted_trees", "version": 1, "column_count": .integer(columnCount),
      "base_score": .double(baseScore), "best_iteration": .integer(bestIteration),
      "feature_importances": .array(featureImportances.map { .double($0) }), "settings": settings.json,
      "trees": trees.json,
    ]
  }

  /// Reads a model written by ``json``.
  public init(json: JSONValue) throws(LearnError) {
    let fields = try JSONFields(json, context: "gradient_boosted_trees")
    try fields.expectKind("gradient_boosted_trees")
    guard try fields.int("version") == 1 else {
      throw .invalidJSON("unsupported gradient_boosted_trees version")
    }
    let columns = try fields.int("column_count")
    guard columns > 0 else { throw .invalidJSON("column_count must be positive") }
    let importances = try fields.doubles("feature_importances")
    guard importances.count == columns else { throw .invalidJSON("feature_importances has the wrong length") }
    self.init(
      columnCount: columns, baseScore: try fields.double("base_score"),
      bestIteration: try fields.int("best_iteration"), featureImportances: importances,
      settings: try Settings(json: try fields.value("settings")),
      trees: try TreeEnsemble(json: try fields.value("trees"), columnCount: columns))
  }
}
