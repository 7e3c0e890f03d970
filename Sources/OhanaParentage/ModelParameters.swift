import OhanaJSON
import OhanaLearn

/// What a trained model learned, by family.
enum ModelParameters: Sendable {
  case heuristic(HeuristicScorer)
  /// The regression standardizes its inputs itself.
  case logistic(LogisticRegression)
  /// The scaler only serves the reasons (standardized value × importance).
  case boostedTrees(GradientBoostedTrees, FeatureScaler)
  /// The scaler standardizes the decoder's pair features.
  case graphSAGE(GraphSAGE, FeatureScaler)

  var family: ModelFamily {
    switch self {
    case .heuristic: .heuristic
    case .logistic: .logistic
    case .boostedTrees: .boostedTrees
    case .graphSAGE: .graphSAGE
    }
  }

  var json: JSONValue {
    switch self {
    case .heuristic(let scorer): scorer.json
    case .logistic(let model): ["logistic_regression": model.json]
    case .boostedTrees(let model, let scaler): ["trees": model.json, "scaler": scaler.json]
    case .graphSAGE(let network, let scaler): ["network": network.json, "scaler": scaler.json]
    }
  }

  init(family: ModelFamily, json: JSONValue) throws(ParentageError) {
    do {
      switch family {
      case .heuristic:
        self = .heuristic(try HeuristicScorer(json: json))
      case .logistic:
        guard let model = json["logistic_regression"] else { throw ParentageError.invalidModel("logistic regression missing") }
        self = .logistic(try LogisticRegression(json: model))
      case .boostedTrees:
        guard let trees = json["trees"], let scaler = json["scaler"] else { throw ParentageError.invalidModel("trees missing") }
        self = .boostedTrees(try GradientBoostedTrees(json: trees), try FeatureScaler(json: scaler))
      case .graphSAGE:
        guard let network = json["network"], let scaler = json["scaler"] else {
          throw ParentageError.invalidModel("network missing")
        }
        self = .graphSAGE(try GraphSAGE(json: network), try FeatureScaler(json: scaler))
      }
    } catch let error as ParentageError {
      throw error
    } catch {
      throw .invalidModel("\(family.rawValue) parameters: \(error)")
    }
  }

  /// The score of one pair's raw features, for the models that read nothing else (nil for
  /// GraphSAGE, which also needs the graph's embeddings).
  func score(features: ArraySlice<Double>) -> Double? {
    switch self {
    case .heuristic(let scorer):
      return features.withUnsafeBufferPointer { scorer.score($0.baseAddress!) }
    case .logistic(let regression):
      return regression.score(features)
    case .boostedTrees(let trees, _):
      return trees.score(features)
    case .graphSAGE:
      return nil
    }
  }

  /// Checks that the parameters fit the current feature schema.
  func validate() throws(ParentageError) {
    let columns = PairFeatures.count
    switch self {
    case .heuristic(let scorer):
      guard scorer.weights.count == columns else { throw .invalidModel("heuristic has \(scorer.weights.count) weights") }
    case .logistic(let model):
      guard model.columnCount == columns else { throw .invalidModel("logistic regression has \(model.columnCount) columns") }
    case .boostedTrees(let model, let scaler):
      guard model.columnCount == columns, scaler.means.count == columns else {
        throw .invalidModel("boosted trees have \(model.columnCount) columns")
      }
    case .graphSAGE(let network, let scaler):
      guard network.pairWidth == columns, scaler.means.count == columns else {
        throw .invalidModel("network reads \(network.pairWidth) pair features")
      }
    }
  }
}
