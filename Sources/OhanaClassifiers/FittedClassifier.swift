import OhanaJSON
import OhanaLearn

/// One trained model of any family, behind one interface.
public enum FittedClassifier: Sendable, Equatable {
  case logistic(LogisticRegression)
  case randomForest(RandomForest)
  case boostedTrees(GradientBoostedTrees)

  public var family: ClassifierFamily {
    switch self {
    case .logistic: .logistic
    case .randomForest: .randomForest
    case .boostedTrees: .boostedTrees
    }
  }

  /// Trains a model of `family` on `x`; the history has one record per iteration (Newton step,
  /// tree or boosting round), with validation loss and AUC when `validation` is given.
  /// Boosting stops early on its own held-out share unless `earlyStopping` is false.
  public static func fit(
    _ family: ClassifierFamily, x: FeatureMatrix, labels: [Bool], categorical: Set<Int>,
    settings: ClassifierSettings, validation: (FeatureMatrix, [Bool])?, earlyStopping: Bool = true
  ) throws(LearnError) -> (model: FittedClassifier, history: [IterationRecord]) {
    switch family {
    case .logistic:
      var options = LogisticRegression.Settings()
      options.l2 = settings.l2
      options.classWeighting = settings.classWeight
      let (model, history) = try LogisticRegression.fit(x, labels: labels, settings: options, validation: validation)
      return (.logistic(model), history)
    case .randomForest:
      var options = RandomForest.Settings()
      options.trees = settings.forestTrees
      options.maxDepth = settings.forestMaxDepth > 0 ? settings.forestMaxDepth : nil
      options.minSamplesLeaf = settings.forestMinSamplesLeaf
      options.classWeighting = settings.classWeight
      options.seed = settings.seed
      let (model, history) = try RandomForest.fit(x, labels: labels, settings: options, validation: validation)
      return (.randomForest(model), history)
    case .boostedTrees:
      var options = GradientBoostedTrees.Settings()
      options.iterations = settings.gbtIterations
      options.learningRate = settings.gbtLearningRate
      options.maxLeaves = settings.gbtMaxLeaves
      options.minSamplesLeaf = settings.gbtMinSamplesLeaf
      options.categoricalColumns = categorical
      options.classWeighting = settings.classWeight
      options.seed = settings.seed
      if !earlyStopping { options.earlyStoppingRounds = nil }
      // Early stopping uses boosting's own held-out share of the training rows, never the
      // validation fold, so the fold's score stays honest.
      let (model, history) = try GradientBoostedTrees.fit(x, labels: labels, settings: options)
      return (.boostedTrees(model), history)
    }
  }

  /// The probability of the positive class for every row of `x`.
  public func probabilities(_ x: FeatureMatrix) -> [Double] {
    switch self {
    case .logistic(let model): model.probabilities(x)
    case .randomForest(let model): model.probabilities(x)
    case .boostedTrees(let model): model.probabilities(x)
    }
  }

  /// How much each matrix column mattered: split gain for trees, the absolute standardized
  /// coefficient for the linear model.
  public var featureImportances: [Double] {
    switch self {
    case .logistic(let model): model.coefficients.map { abs($0) }
    case .randomForest(let model): model.featureImportances
    case .boostedTrees(let model): model.featureImportances
    }
  }

  public var json: JSONValue {
    switch self {
    case .logistic(let model): model.json
    case .randomForest(let model): model.json
    case .boostedTrees(let model): model.json
    }
  }

  init(family: ClassifierFamily, json: JSONValue) throws(LearnError) {
    switch family {
    case .logistic: self = .logistic(try LogisticRegression(json: json))
    case .randomForest: self = .randomForest(try RandomForest(json: json))
    case .boostedTrees: self = .boostedTrees(try GradientBoostedTrees(json: json))
    }
  }
}
