import Foundation

/// Hands out tree indices to the workers growing a forest and folds the finished trees into the
/// ensemble strictly in index order, so the model, its importances and its history do not depend
/// on which worker grew which tree or when it finished.
///
/// Workers never wait for each other: a worker that delivers the next tree in order folds in it
/// and any later ones already delivered while the other worker keeps growing.
final class ForestAssembler: @unchecked Sendable {
  private let lock = NSLock()
  private let treeCount: Int
  private var issued = 0
  private var pending: [Int: ForestTree] = [:]
  private var nextToFold = 0
  private var folding = false

  private(set) var ensemble = TreeEnsemble()
  private(set) var importances: [Double]
  private(set) var history: [IterationRecord] = []
  private var outOfBag: OutOfBagLoss
  private let validation: (FeatureMatrix, [Bool])?
  private var validationSums: [Double]
  private var aucOrder: [Int32] = []

  init(
    treeCount: Int, columnCount: Int, labels: [Bool], weights: [Double], validation: (FeatureMatrix, [Bool])?
  ) {
    self.treeCount = treeCount
    importances = [Double](repeating: 0, count: columnCount)
    outOfBag = OutOfBagLoss(labels: labels, weights: weights)
    self.validation = validation
    validationSums = [Double](repeating: 0, count: validation?.0.rowCount ?? 0)
    history.reserveCapacity(treeCount)
  }

  /// The index of the next tree to grow, or nil when every tree has been handed out.
  func nextIndex() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard issued < treeCount else { return nil }
    issued += 1
    return issued - 1
  }

  /// Takes the finished tree `index`; folds in every tree that is now next in order, unless
  /// another worker is already doing so (it will pick this one up).
  func deliver(_ index: Int, _ tree: ForestTree) {
    lock.lock()
    pending[index] = tree
    guard !folding else {
      lock.unlock()
      return
    }
    folding = true
    while let ready = pending.removeValue(forKey: nextToFold) {
      nextToFold += 1
      lock.unlock()
      fold(ready)
      lock.lock()
    }
    folding = false
    lock.unlock()
  }

  private func fold(_ tree: ForestTree) {
    // Geometric growth: reserving only the exact size for every tree would copy the whole
    // ensemble on each append.
    let needed = ensemble.nodes.count + tree.nodes.count
    if ensemble.nodes.capacity < needed { ensemble.nodes.reserveCapacity(2 * needed) }
    ensemble.append(nodes: tree.nodes, categoryWords: [])
    for (feature, gain) in tree.gains { importances[feature] += gain }
    outOfBag.add(tree.outOfBag)
    var record = IterationRecord(iteration: ensemble.treeCount, trainingLoss: outOfBag.meanLoss)
    if let (matrix, labels) = validation {
      ensemble.addLastTree(to: &validationSums, x: matrix)
      let share = 1 / Double(ensemble.treeCount)
      let probabilities = validationSums.map { $0 * share }
      record.validationLoss = Metrics.logLoss(probabilities: probabilities, labels: labels)
      record.validationMetric = Metrics.auc(scores: probabilities, labels: labels, reusing: &aucOrder)
    }
    history.append(record)
  }
}
