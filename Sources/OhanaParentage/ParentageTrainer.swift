import Foundation
import OhanaGEDCOM
import OhanaLearn

/// Trains and evaluates every requested model family on one or more family graphs.
///
/// 1. In each graph, ``LinkMasking`` hides `maskFraction` of the known child→family links; the
///    masked people are the test set, and every later step sees only the masked graph.
/// 2. Up to `maxTrainingQueries` people with (unmasked) parents are sampled across the graphs;
///    `validationFraction` of them are held out. Training pairs are each person's true family
///    and `negativesPerQuery` other candidates; validation people keep all their candidates.
/// 3. Each family is fitted: the heuristic as is, logistic regression and boosted trees on the
///    pair features, GraphSAGE on the graphs with the supervised links hidden. Its scores are
///    then calibrated on the validation people (``Calibration``).
/// 4. Each model ranks the candidates of the masked people; ``EvaluationMetrics`` are reported
///    per graph and pooled, and the best family by `metric` is named.
///
/// Everything random is drawn from `seed`, and parallel work is split into fixed chunks, so the
/// same graphs and settings give byte-identical models.
public enum ParentageTrainer {
  /// Runs the protocol above on `graphs` (name and graph each), reporting steps to `progress`.
  public static func train(
    graphs: [(name: String, graph: FamilyGraph)], settings: TrainingSettings, progress: (String) -> Void = { _ in }
  ) throws(ParentageError) -> TrainingOutcome {
    guard !graphs.isEmpty else { throw .insufficientData("no graphs given") }
    guard !settings.families.isEmpty else { throw .insufficientData("no model families requested") }
    let started = Date()

    // 1. Masking.
    let maskings = graphs.enumerated().map { index, entry in
      LinkMasking(graph: entry.graph, fraction: settings.maskFraction, seed: settings.seed, stream: UInt64(index))
    }
    let prepared = zip(graphs, maskings).map { entry, masking in
      PreparedGraph(
        view: LinkGraph(entry.graph, masked: masking.flags(personCount: entry.graph.personCount)),
        usesPlaces: settings.usePlaces, maximumCandidates: settings.maxCandidates)
    }
    progress("masked \(maskings.reduce(0) { $0 + $1.people.count }) links in \(graphs.count) graph(s)")

    // 2. Training and validation people.
    var eligible: [[Int]] = prepared.map { graph in
      (0..<graph.view.personCount).filter { !graph.view.parentFamilies(of: $0).isEmpty }
    }
    let totalEligible = eligible.reduce(0) { $0 + $1.count }
    guard totalEligible >= 10 else {
      throw .insufficientData("only \(totalEligible) people with known parents remain after masking (need 10)")
    }
    var trainingQueries: [PairDataset.Query] = []
    var validationQueries: [PairDataset.Query] = []
    for index in eligible.indices {
      var random = SeededRandom(seed: settings.seed, stream: 0x5155_4552 &+ UInt64(index))
      random.shuffle(&eligible[index])
      let quota = min(
        eligible[index].count,
        max(1, Int((Double(settings.maxTrainingQueries) * Double(eligible[index].count) / Double(totalEligible)).rounded())))
      let chosen = eligible[index].prefix(quota)
      let held = min(quota - 1, max(quota >= 10 ? 1 : 0, Int((settings.validationFraction * Double(quota)).rounded())))
      for (position, person) in chosen.enumerated() {
        let query = PairDataset.Query(graph: index, person: person)
        if position < held { validationQueries.append(query) } else { trainingQueries.append(query) }
      }
    }
    trainingQueries.sort { ($0.graph, $0.person) < ($1.graph, $1.person) }
    validationQueries.sort { ($0.graph, $0.person) < ($1.graph, $1.person) }
    let training = PairDataset.build(
      queries: trainingQueries, graphs: prepared, negatives: settings.negativesPerQuery, seed: settings.seed)
    // Validation people are masked too (in a view of their own), so their candidates, features
    // and misses look exactly like those of the people to be predicted.
    let validationGraphs = graphs.indices.map { index -> PreparedGraph in
      var flags = maskings[index].flags(personCount: graphs[index].graph.personCount)
      for query in validationQueries where query.graph == index { flags[query.person] = true }
      return PreparedGraph(
        view: LinkGraph(graphs[index].graph, masked: flags), usesPlaces: settings.usePlaces,
        maximumCandidates: settings.maxCandidates)
    }
    let validation = PairDataset.build(
      queries: validationQueries, graphs: validationGraphs, negatives: nil, seed: settings.seed, keepMissed: true,
      truth: validationQueries.map { Array(prepared[$0.graph].view.parentFamilies(of: $0.person)) })
    guard training.groupCount >= 5, training.labels.contains(false) else {
      throw .insufficientData("only \(training.groupCount) training people have their parents among their candidates")
    }
    progress(
      "training pairs: \(training.rowCount) from \(training.groupCount) people; validation pairs: "
        + "\(validation.rowCount) from \(validation.groupCount) people")
    let columns = PairFeatures.count
    let trainingMatrix = FeatureMatrix(rowCount: training.rowCount, columnCount: columns, values: training.values)
    // Early stopping and the learning histories compare like with like: validation people with
    // negatives sampled as for training (calibration uses all their candidates).
    let sampledValidation = PairDataset.build(
      queries: validationQueries, graphs: validationGraphs, negatives: settings.negativesPerQuery, seed: settings.seed,
      truth: validationQueries.map { Array(prepared[$0.graph].view.parentFamilies(of: $0.person)) })
    let validationSet: (FeatureMatrix, [Bool])? =
      sampledValidation.labels.contains(true) && sampledValidation.labels.contains(false)
      ? (
        FeatureMatrix(rowCount: sampledValidation.rowCount, columnCount: columns, values: sampledValidation.values),
        sampledValidation.labels
      )
      : nil
    let scaler = FeatureScaler(values: training.values, columns: columns)

    // 3. Each family.
    var fitted: [(family: ModelFamily, model: ParentageModel, history: [IterationRecord], duration: Double)] = []
    for family in settings.families {
      let familyStarted = Date()
      progress("training \(family.rawValue)")
      var history: [IterationRecord] = []
      let parameters: ModelParameters
      do {
        switch family {
        case .heuristic:
          parameters = .heuristic(.standard)
        case .logistic:
          let trained = try LogisticRegression.fit(
            trainingMatrix, labels: training.labels,
            settings: .init(l2: settings.l2, maxIterations: settings.logisticIterations), validation: validationSet)
          parameters = .logistic(trained.model)
          history = trained.history
        case .boostedTrees:
          let trained = try GradientBoostedTrees.fit(
            trainingMatrix, labels: training.labels,
            settings: .init(
              iterations: settings.gbtIterations, learningRate: settings.gbtLearningRate, maxLeaves: settings.gbtMaxLeaves,
              minSamplesLeaf: settings.gbtMinSamplesLeaf, earlyStoppingRounds: 20, seed: settings.seed),
            validation: validationSet)
          parameters = .boostedTrees(trained.model, scaler)
          history = trained.history
        case .graphSAGE:
          let trained = GraphSAGETrainer.train(
            graphs: prepared, training: training, validationGraphs: validationGraphs, validation: validation,
            scaler: scaler, settings: settings, progress: progress)
          parameters = .graphSAGE(trained.network, scaler)
          history = trained.history
        }
      } catch {
        throw .learning("\(family.rawValue): \(error)")
      }
      let calibration = Calibration.fit(
        validationGroups(parameters: parameters, validation: validation, graphs: validationGraphs, settings: settings))
      let model = ParentageModel(parameters: parameters, settings: settings, calibration: calibration)
      if family == .heuristic {
        history = [IterationRecord(iteration: 0, trainingLoss: 0, validationLoss: nil, validationMetric: nil)]
      }
      let duration = Date().timeIntervalSince(familyStarted)
      progress("\(family.rawValue): fitted and calibrated in \(String(format: "%.1f", duration)) s")
      fitted.append((family, model, history, duration))
    }

    // 4. One evaluation pass per graph: each masked person's candidates and features are
    // computed once and scored by every model.
    let evaluationStarted = Date()
    var pooled = [[QueryResult]](repeating: [], count: fitted.count)
    var byGraph = [[String: EvaluationMetrics]](repeating: [:], count: fitted.count)
    for (index, graph) in prepared.enumerated() {
      let rankers = fitted.map { ParentRanker(model: $0.model, graph: graph) }
      let results = Evaluation.results(rankers: rankers, people: maskings[index].people, truth: maskings[index].truth)
      for slot in fitted.indices {
        byGraph[slot][graphs[index].name] = EvaluationMetrics.compute(results[slot])
        pooled[slot] += results[slot]
      }
    }
    var results: [ModelFamily: TrainingOutcome.FamilyResult] = [:]
    for (slot, entry) in fitted.enumerated() {
      let metrics = EvaluationMetrics.compute(pooled[slot])
      progress(
        "\(entry.family.rawValue): hits@1 \(String(format: "%.3f", metrics.hitsAt1)), "
          + "MRR \(String(format: "%.3f", metrics.meanReciprocalRank))")
      results[entry.family] = TrainingOutcome.FamilyResult(
        model: entry.model, history: entry.history, metrics: metrics, metricsByGraph: byGraph[slot],
        durationSeconds: entry.duration)
    }
    let evaluationSeconds = Date().timeIntervalSince(evaluationStarted)

    let best = settings.families.max { a, b in
      let first = results[a]!.metrics.score(of: settings.metric) ?? 0
      let second = results[b]!.metrics.score(of: settings.metric) ?? 0
      // Ties go to the earlier (simpler) family.
      return first < second || (first == second && settings.families.firstIndex(of: a)! > settings.families.firstIndex(of: b)!)
    }!
    return TrainingOutcome(
      settings: settings, graphNames: graphs.map(\.name), results: results, best: best,
      trainingPeople: training.groupCount, trainingPairs: training.rowCount, validationPeople: validation.groupCount,
      maskedPeople: maskings.reduce(0) { $0 + $1.people.count }, evaluationSeconds: evaluationSeconds,
      durationSeconds: Date().timeIntervalSince(started))
  }

  /// The validation people's candidate scores under `parameters`, for calibration (`graphs`
  /// are the views in which the validation people are masked).
  static func validationGroups(
    parameters: ModelParameters, validation: PairDataset, graphs: [PreparedGraph], settings: TrainingSettings
  ) -> [Calibration.Group] {
    let columns = PairFeatures.count
    var scores = [[Double]](repeating: [], count: validation.groupCount)
    switch parameters {
    case .graphSAGE(let network, let scaler):
      let features = scaler.applied(to: validation.values)
      let inputs = graphs.map { GraphSAGEInputs(view: $0.view) }
      let workspaces = inputs.map { GraphSAGE.Workspace(inputs: $0, dimensions: network.dimensions) }
      var start = 0
      while start < validation.groupCount {
        let groups = start..<min(validation.groupCount, start + max(1, settings.gnnBatch))
        for graph in graphs.indices {
          let members = groups.filter { validation.queries[$0].graph == graph }
          guard !members.isEmpty else { continue }
          let targets = members.map { group -> GraphSAGE.Target in
            let rows = validation.rows(of: group)
            return GraphSAGE.Target(
              person: Int32(validation.queries[group].person), families: Array(validation.families[rows]),
              pairFeatures: Array(features[rows.lowerBound * columns..<rows.upperBound * columns]), positive: -1)
          }
          let result = network.lossAndGradient(
            inputs: inputs[graph], targets: targets, workspace: workspaces[graph], l2: 0, wantGradient: false)
          for (group, groupScores) in zip(members, result.scores) { scores[group] = groupScores }
        }
        start = groups.upperBound
      }
    default:
      for group in 0..<validation.groupCount {
        scores[group] = validation.rows(of: group).map { row in
          parameters.score(features: validation.values[row * columns..<(row + 1) * columns]) ?? 0
        }
      }
    }
    return (0..<validation.groupCount).map { group in
      let rows = validation.rows(of: group)
      return Calibration.Group(scores: scores[group], positive: rows.firstIndex { validation.labels[$0] }.map { $0 - rows.lowerBound })
    }
  }
}
