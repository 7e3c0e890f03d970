import Foundation
import OhanaLearn
import OhanaParallel

/// Trains ``GraphSAGE`` for link prediction on the training people of one or more graphs.
///
/// Each step takes a batch of people with known parents, hides their parent links from
/// message passing (so they look like the people to be predicted, and the masked evaluation
/// links are absent from the graphs altogether), and contrasts their true family with
/// `gnnNegatives` other candidate families sampled from their candidate lists. Adam updates
/// the weights; after each epoch the validation people are scored against all their
/// candidates (in views where their links are masked like the test people's), and the weights
/// of the epoch with the lowest validation loss are kept; training stops after `gnnPatience`
/// epochs without improvement.
enum GraphSAGETrainer {
  /// Validation people scored after every epoch.
  static let monitoredPeople = 500
  /// Concurrent parts of each training step.
  static let parallelHalves = 2

  static func train(
    graphs: [PreparedGraph], training: PairDataset, validationGraphs: [PreparedGraph], validation: PairDataset,
    scaler: FeatureScaler,
    settings: TrainingSettings, progress: (String) -> Void
  ) -> (network: GraphSAGE, history: [IterationRecord]) {
    let columns = PairFeatures.count
    let inputs = graphs.map { GraphSAGEInputs(view: $0.view) }
    // Each step's targets are split in two halves computed concurrently, each with its own
    // workspace (a fixed split: results do not depend on the number of cores).
    let workspaces = inputs.map { graphInputs in
      (0..<Self.parallelHalves).map { _ in GraphSAGE.Workspace(inputs: graphInputs, dimensions: settings.gnnDimensions) }
    }
    let validationInputs = validationGraphs.map { GraphSAGEInputs(view: $0.view) }
    let validationWorkspaces = validationInputs.map { GraphSAGE.Workspace(inputs: $0, dimensions: settings.gnnDimensions) }
    var network = GraphSAGE(
      personWidth: GraphSAGEInputs.personWidth, familyWidth: GraphSAGEInputs.familyWidth,
      dimensions: settings.gnnDimensions, hidden: settings.gnnHidden, pairWidth: columns, seed: settings.seed)
    var optimizer = AdamOptimizer(count: network.parameters.count, learningRate: settings.gnnLearningRate)
    let trainingFeatures = scaler.applied(to: training.values)
    let validationFeatures = scaler.applied(to: validation.values)
    var random = SeededRandom(seed: settings.seed, stream: 0x474E_4E54)

    func target(_ dataset: PairDataset, _ features: [Double], group: Int, negatives: Int?) -> GraphSAGE.Target {
      let rows = Array(dataset.rows(of: group))
      var chosen: [Int]
      if let negatives {
        let positive = rows.first { dataset.labels[$0] }!
        var others = rows.filter { !dataset.labels[$0] }
        let take = min(negatives, others.count)
        for slot in 0..<take { others.swapAt(slot, slot + random.index(below: others.count - slot)) }
        chosen = [positive] + others.prefix(take)
      } else {
        chosen = rows
      }
      var pairFeatures: [Double] = []
      pairFeatures.reserveCapacity(chosen.count * columns)
      for row in chosen { pairFeatures += features[row * columns..<(row + 1) * columns] }
      let positive = chosen.firstIndex { dataset.labels[$0] } ?? -1
      return GraphSAGE.Target(
        person: Int32(dataset.queries[group].person), families: chosen.map { dataset.families[$0] },
        pairFeatures: pairFeatures, positive: positive)
    }

    let stride = max(1, validation.groupCount / Self.monitoredPeople)
    let monitored = Array(Swift.stride(from: 0, to: validation.groupCount, by: stride).prefix(Self.monitoredPeople))

    /// Validation loss (mean softmax cross-entropy over all candidates) and MRR, on
    /// ``monitoredPeople`` validation people spread over all graphs (enough to pick the best epoch, cheap every epoch).
    func validate(_ network: GraphSAGE) -> (loss: Double, mrr: Double) {
      guard !monitored.isEmpty else { return (0, 0) }
      var totalLoss = 0.0
      var ranks: [Int?] = []
      let batch = max(1, settings.gnnBatch)
      var start = 0
      while start < monitored.count {
        let groups = monitored[start..<min(monitored.count, start + batch)]
        var byGraph = [[GraphSAGE.Target]](repeating: [], count: graphs.count)
        for group in groups {
          byGraph[validation.queries[group].graph].append(target(validation, validationFeatures, group: group, negatives: nil))
        }
        for (graph, targets) in byGraph.enumerated() where !targets.isEmpty {
          let result = network.lossAndGradient(
            inputs: validationInputs[graph], targets: targets, workspace: validationWorkspaces[graph], l2: 0,
            wantGradient: false)
          totalLoss += result.loss * Double(targets.count)
          for (target, scores) in zip(targets, result.scores) {
            guard target.positive >= 0 else {
              ranks.append(nil)
              continue
            }
            let positive = scores[target.positive]
            var rank = 1
            for (index, score) in scores.enumerated() where index != target.positive {
              if score > positive || (score == positive && target.families[index] < target.families[target.positive]) {
                rank += 1
              }
            }
            ranks.append(rank)
          }
        }
        start += groups.count
      }
      return (totalLoss / Double(max(1, ranks.compactMap { $0 }.count)), Metrics.meanReciprocalRank(ranks: ranks))
    }

    var history: [IterationRecord] = []
    var best = network
    var bestLoss = Double.infinity
    var sinceBest = 0
    var order = Array(0..<training.groupCount)
    for epoch in 1...max(1, settings.gnnEpochs) {
      random.shuffle(&order)
      var epochLoss = 0.0
      var steps = 0
      var start = 0
      while start < order.count {
        let groups = order[start..<min(order.count, start + settings.gnnBatch)]
        start += groups.count
        var byGraph = [[GraphSAGE.Target]](repeating: [], count: graphs.count)
        for group in groups {
          byGraph[training.queries[group].graph].append(
            target(training, trainingFeatures, group: group, negatives: settings.gnnNegatives))
        }
        var gradient = [Double](repeating: 0, count: network.parameters.count)
        var loss = 0.0
        for (graph, targets) in byGraph.enumerated() where !targets.isEmpty {
          let parts = Self.parallelHalves
          let current = network
          let results = Parallel.map(parts) { part in
            let slice = Array(targets[(targets.count * part / parts)..<(targets.count * (part + 1) / parts)])
            return slice.isEmpty
              ? (loss: 0.0, scores: [[Double]](), gradient: [Double](), count: 0)
              : {
                let result = current.lossAndGradient(
                  inputs: inputs[graph], targets: slice, workspace: workspaces[graph][part], l2: 0, wantGradient: true)
                return (loss: result.loss, scores: result.scores, gradient: result.gradient, count: slice.count)
              }()
          }
          for result in results where result.count > 0 {
            let share = Double(result.count) / Double(groups.count)
            loss += share * result.loss
            for index in gradient.indices { gradient[index] += share * result.gradient[index] }
          }
        }
        if settings.gnnL2 > 0 {
          for index in gradient.indices {
            let value = network.parameters[index]
            gradient[index] += settings.gnnL2 * value
            loss += 0.5 * settings.gnnL2 * value * value
          }
        }
        optimizer.step(&network.parameters, gradient: gradient)
        epochLoss += loss
        steps += 1
      }
      let checked = validate(network)
      history.append(
        IterationRecord(
          iteration: epoch, trainingLoss: epochLoss / Double(max(1, steps)), validationLoss: checked.loss,
          validationMetric: checked.mrr))
      if checked.loss < bestLoss || validation.groupCount == 0 {
        bestLoss = checked.loss
        best = network
        sinceBest = 0
      } else {
        sinceBest += 1
      }
      progress(
        "graphsage epoch \(epoch)/\(settings.gnnEpochs): loss \(String(format: "%.4f", epochLoss / Double(max(1, steps)))), "
          + "validation loss \(String(format: "%.4f", checked.loss)), validation MRR \(String(format: "%.4f", checked.mrr))")
      if sinceBest >= settings.gnnPatience { break }
    }
    return (best, history)
  }
}
