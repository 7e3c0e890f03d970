import OhanaJSON

/// The hand-written baseline: fixed weights on a handful of pair features — surname match,
/// parents' ages, the marriage, siblings' births, parents alive, places and naming — summed
/// into a log-odds-like score. Nothing is learned except the calibration of its scores.
///
/// Its reasons are each rule's value × weight.
public struct HeuristicScorer: Sendable, Equatable {
  /// One weight per feature of ``PairFeatures``, in schema order (0 for unused features).
  public var weights: [Double]

  /// The standard rules.
  public static let standard = HeuristicScorer(
    weights: {
      var weights = [Double](repeating: 0, count: PairFeatures.count)
      func set(_ index: PairFeatures.Index, _ value: Double) { weights[index.rawValue] = value }
      // Surnames: the strongest single signal.
      set(.surnameExactFather, 1.0)
      set(.surnamePhoneticFather, 1.5)
      set(.surnameSimilarityFather, 1.5)
      set(.surnamePhoneticMother, 0.8)
      set(.siblingSurnameMatch, 0.8)
      set(.sharesBlock, 1.0)
      // Parents of child-bearing age: penalties per year outside 16–45 (mother) and 18–60 (father),
      // and a mild preference for typical ages.
      set(.motherAgeOutside, -0.8)
      set(.motherAgeDeviation, -0.04)
      set(.fatherAgeOutside, -0.5)
      set(.fatherAgeDeviation, -0.02)
      // Born in the years the parents could have children (a penalty per year outside them).
      set(.windowGap, -0.2)
      // Born after the marriage, not long before it.
      set(.bornBeforeMarriage, -0.6)
      // Siblings: nobody is born within 9 months of a sibling; births inside the family's span.
      set(.siblingWithin9Months, -2.5)
      set(.insideSiblingSpan, 0.4)
      set(.outsideSiblingSpan, -0.12)
      // Parents alive.
      set(.motherDiedBefore, -4)
      set(.fatherDiedBefore, -2)
      // Places.
      set(.placeSiblings, 1.2)
      set(.placeMarriage, 0.5)
      set(.placeParents, 0.5)
      // Naming customs.
      set(.firstNameGrandparent, 0.4)
      set(.firstNameSameSexParent, 0.3)
      set(.firstNameLivingSibling, -1.0)
      return weights
    }())

  /// A scorer with one weight per pair feature (schema order).
  public init(weights: [Double]) { self.weights = weights }

  /// The score of a pair's features.
  @inline(__always)
  func score(_ features: UnsafePointer<Double>) -> Double {
    var total = 0.0
    for index in 0..<weights.count { total += weights[index] * features[index] }
    return total
  }

  /// Each feature's share of the score.
  func contributions(_ features: [Double]) -> [Double] {
    zip(weights, features).map { $0 * $1 }
  }

  /// `{"weights": {"feature": w, …}}` (non-zero weights only).
  var json: JSONValue {
    var members: [String: JSONValue] = [:]
    for (index, weight) in weights.enumerated() where weight != 0 {
      members[PairFeatures.featureNames[index]] = .double(weight)
    }
    return ["weights": .object(members)]
  }

  init(json: JSONValue) throws(ParentageError) {
    guard let members = json["weights"]?.objectValue else { throw .invalidModel("heuristic weights missing") }
    var weights = [Double](repeating: 0, count: PairFeatures.count)
    for (name, value) in members {
      guard let index = PairFeatures.featureNames.firstIndex(of: name), let weight = value.doubleValue else {
        throw .invalidModel("unknown heuristic feature \"\(name)\"")
      }
      weights[index] = weight
    }
    self.weights = weights
  }
}
