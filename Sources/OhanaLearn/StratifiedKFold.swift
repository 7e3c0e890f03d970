/// Seeded stratified K-fold assignment: every fold keeps (to within one row) the class
/// proportions of the whole set.
public struct StratifiedKFold: Sendable, Equatable {
  /// The number of folds (at least 2).
  public let folds: Int
  /// The seed of the shuffle; the same seed always gives the same folds.
  public let seed: UInt64

  /// Creates a splitter; throws when `folds < 2`.
  public init(folds: Int, seed: UInt64 = 0) throws(LearnError) {
    guard folds >= 2 else { throw .invalidSetting("StratifiedKFold needs at least 2 folds, got \(folds)") }
    self.folds = folds
    self.seed = seed
  }

  /// The fold (in `0..<folds`) of each row.
  ///
  /// Each class is shuffled and dealt round-robin; negatives continue where positives stopped so
  /// fold sizes differ by at most one.
  public func foldIndices(labels: [Bool]) -> [Int] {
    var generator = SplitMix64(seed: seed)
    var positives = [Int]()
    var negatives = [Int]()
    for (index, label) in labels.enumerated() {
      if label { positives.append(index) } else { negatives.append(index) }
    }
    generator.shuffle(&positives)
    generator.shuffle(&negatives)
    var assignment = [Int](repeating: 0, count: labels.count)
    var next = 0
    for index in positives + negatives {
      assignment[index] = next
      next = (next + 1) % folds
    }
    return assignment
  }

  /// The (training, test) row indices of every fold, in fold order.
  public func splits(labels: [Bool]) -> [(training: [Int], test: [Int])] {
    let assignment = foldIndices(labels: labels)
    return (0..<folds).map { fold in
      var training = [Int]()
      var test = [Int]()
      for (index, assigned) in assignment.enumerated() {
        if assigned == fold { test.append(index) } else { training.append(index) }
      }
      return (training, test)
    }
  }
}

extension StratifiedKFold {
  /// A seeded stratified hold-out: about `fraction` of each class goes to validation, keeping at
  /// least one row of each class on both sides when the class has two or more rows.
  public static func holdOut(labels: [Bool], fraction: Double, seed: UInt64) -> (training: [Int], validation: [Int])
  {
    var generator = SplitMix64(seed: seed, stream: 0x5EED)
    var training = [Int]()
    var validation = [Int]()
    for positive in [true, false] {
      var members = labels.indices.filter { labels[$0] == positive }
      generator.shuffle(&members)
      var held = Int((Double(members.count) * fraction).rounded())
      if members.count >= 2 { held = min(max(held, 1), members.count - 1) } else { held = 0 }
      validation.append(contentsOf: members[..<held])
      training.append(contentsOf: members[held...])
    }
    training.sort()
    validation.sort()
    return (training, validation)
  }
}
