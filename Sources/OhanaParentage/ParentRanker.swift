import Foundation
import OhanaLearn

/// A model made ready to rank the people of one prepared graph: for GraphSAGE the node
/// embeddings of the graph are computed once here.
public struct ParentRanker: Sendable {
  /// The model that scores.
  public let model: ParentageModel
  /// The graph ranked in.
  public let graph: PreparedGraph
  let embeddings: GraphSAGE.Embeddings?

  /// How many reasons each candidate carries.
  public static let reasonCount = 3

  /// Readies `model` for `graph` (for GraphSAGE: embeds every node once).
  public init(model: ParentageModel, graph: PreparedGraph) {
    self.model = model
    self.graph = graph
    if case .graphSAGE(let network, _) = model.parameters {
      embeddings = network.embeddings(of: GraphSAGEInputs(view: graph.view))
    } else {
      embeddings = nil
    }
  }

  /// Reusable per-thread memory.
  struct Scratch {
    var candidates: CandidateGenerator.Scratch
    var features: [Double] = []
    var work: [Double]

    init(ranker: ParentRanker) {
      candidates = CandidateGenerator.Scratch(familyCount: ranker.graph.view.familyCount)
      work = [Double](repeating: 0, count: ranker.workSize)
    }
  }

  /// Scratch doubles the scoring needs (standardized features and the decoder's activations).
  var workSize: Int {
    if case .graphSAGE(let network, _) = model.parameters { return PairFeatures.count + network.scoreScratchCount }
    return PairFeatures.count
  }

  /// The `topK` most likely parents' families of `person`, best first, with calibrated
  /// probabilities (normalized over all the person's candidates and a none-of-these option,
  /// see ``Calibration``) and the reasons that weighed most.
  public func rank(person: Int, topK: Int) -> [RankedCandidate] {
    var scratch = Scratch(ranker: self)
    return rank(person: person, topK: topK, scratch: &scratch)
  }

  func rank(person: Int, topK: Int, scratch: inout Scratch) -> [RankedCandidate] {
    let scored = score(person: person, scratch: &scratch)
    guard !scored.families.isEmpty else { return [] }
    let probabilities = model.calibration.probabilities(scored.scores).candidates
    let order = Self.order(scored.scores, scored.families)
    let columns = PairFeatures.count
    return order.prefix(max(0, topK)).map { index in
      let row = Array(scratch.features[index * columns..<(index + 1) * columns])
      return RankedCandidate(
        family: Int(scored.families[index]), probability: probabilities[index], score: scored.scores[index],
        reasons: reasons(person: person, family: Int(scored.families[index]), features: row, scratch: &scratch))
    }
  }

  /// Candidate positions by descending score, ties by ascending family index.
  static func order(_ scores: [Double], _ families: [Int32]) -> [Int] {
    scores.indices.sorted { a, b in
      scores[a] != scores[b] ? scores[a] > scores[b] : families[a] < families[b]
    }
  }

  /// The candidates of `person` and their raw scores; their features are left row-major in
  /// `scratch.features`.
  func score(person: Int, scratch: inout Scratch) -> (families: [Int32], scores: [Double]) {
    let families = candidateFeatures(person: person, scratch: &scratch)
    return (families, scores(person: person, families: families, scratch: &scratch))
  }

  /// The candidates of `person`, with their features written row-major to `scratch.features`.
  func candidateFeatures(person: Int, scratch: inout Scratch) -> [Int32] {
    let families = graph.generator.candidates(for: person, scratch: &scratch.candidates)
    let columns = PairFeatures.count
    let count = families.count
    if scratch.features.count < count * columns {
      scratch.features = [Double](repeating: 0, count: count * columns)
    }
    let view = graph.view
    scratch.features.withUnsafeMutableBufferPointer { buffer in
      for (index, family) in families.enumerated() {
        PairFeatures.write(
          person: person, family: Int(family), candidateCount: count, view: view,
          into: buffer.baseAddress! + index * columns)
      }
    }
    return families
  }

  /// The raw scores of `families` for `person`, whose features are in `scratch.features`.
  func scores(person: Int, families: [Int32], scratch: inout Scratch) -> [Double] {
    let columns = PairFeatures.count
    let count = families.count
    var scores = [Double](repeating: 0, count: count)
    switch model.parameters {
    case .heuristic(let scorer):
      scratch.features.withUnsafeBufferPointer { buffer in
        for index in 0..<count { scores[index] = scorer.score(buffer.baseAddress! + index * columns) }
      }
    case .logistic(let regression):
      for index in 0..<count { scores[index] = regression.score(scratch.features[index * columns..<(index + 1) * columns]) }
    case .boostedTrees(let trees, _):
      scratch.features.withUnsafeBufferPointer { buffer in
        scores.withUnsafeMutableBufferPointer { out in
          trees.scores(rows: UnsafeBufferPointer(rebasing: buffer[0..<count * columns]), into: out)
        }
      }
    case .graphSAGE(let network, let scaler):
      let embeddings = embeddings!
      scratch.features.withUnsafeBufferPointer { buffer in
        scratch.work.withUnsafeMutableBufferPointer { work in
          let phi = work.baseAddress!
          let decoderScratch = phi + columns
          for index in 0..<count {
            scaler.apply(buffer.baseAddress! + index * columns, into: phi)
            scores[index] = network.score(
              person: person, family: Int(families[index]), embeddings: embeddings, pair: phi, scratch: decoderScratch)
          }
        }
      }
    }
    return scores
  }

  /// The ``reasonCount`` facts that weighed most for the pair, strongest first.
  ///
  /// A fact's weight is how much the pair's score (log-odds) would drop if that fact were
  /// unknown: the model is asked again with the fact's features set to "missing" (see
  /// ``ReasonGroup/neutralize(_:)``). For the heuristic and logistic regression this is the sum
  /// of weight × (value − unknown value) over the fact's features; for boosted trees and
  /// GraphSAGE (pair-feature part, embeddings held fixed) it captures their interactions too.
  func reasons(person: Int, family: Int, features: [Double], scratch: inout Scratch) -> [Reason] {
    let base = score(person: person, family: family, features: features, scratch: &scratch)
    var weights: [(group: ReasonGroup, weight: Double)] = []
    for group in ReasonGroup.explained {
      var changed = features
      changed.withUnsafeMutableBufferPointer { group.neutralize($0.baseAddress!) }
      guard changed != features else { continue }
      let weight = base - score(person: person, family: family, features: changed, scratch: &scratch)
      if abs(weight) > 1e-9 { weights.append((group, weight)) }
    }
    weights.sort { a, b in
      abs(a.weight) != abs(b.weight)
        ? abs(a.weight) > abs(b.weight)
        : ReasonGroup.allCases.firstIndex(of: a.group)! < ReasonGroup.allCases.firstIndex(of: b.group)!
    }
    return weights.prefix(Self.reasonCount).map { entry in
      Reason(
        feature: entry.group.rawValue, weight: entry.weight,
        text: entry.group.text(values: features, person: person, family: family, view: graph.view))
    }
  }

  /// The score of one pair from its raw features.
  func score(person: Int, family: Int, features: [Double], scratch: inout Scratch) -> Double {
    if let score = model.parameters.score(features: features[...]) { return score }
    guard case .graphSAGE(let network, let scaler) = model.parameters, let embeddings else { return 0 }
    return features.withUnsafeBufferPointer { input in
      scratch.work.withUnsafeMutableBufferPointer { work in
        let phi = work.baseAddress!
        scaler.apply(input.baseAddress!, into: phi)
        return network.score(
          person: person, family: family, embeddings: embeddings, pair: phi, scratch: phi + PairFeatures.count)
      }
    }
  }
}
