import OhanaParallel

/// Training or validation pairs: for each person with known parents, the true family and some
/// or all of the other candidates, with their features.
///
/// Rows of one person (a *group*) are contiguous; features are row-major, ``PairFeatures/count``
/// columns.
struct PairDataset: Sendable {
  /// One person of the dataset.
  struct Query: Sendable, Hashable {
    var graph: Int
    var person: Int
  }

  var queries: [Query] = []
  /// Rows of group `g`: `groupStart[g]..<groupStart[g + 1]`.
  var groupStart: [Int] = [0]
  var families: [Int32] = []
  var labels: [Bool] = []
  var values: [Double] = []
  /// Candidate-list length of each group (before sampling).
  var candidateCounts: [Int] = []
  /// People skipped because their true family was not among the candidates.
  var missed = 0

  var rowCount: Int { labels.count }
  var groupCount: Int { queries.count }

  func rows(of group: Int) -> Range<Int> { groupStart[group]..<groupStart[group + 1] }

  /// Builds the pairs of `queries`, whose true families are `truth` (by default their parents'
  /// families in the graph). With `negatives` set, each person keeps their true
  /// families and at most that many other candidates, sampled reproducibly from `seed`;
  /// without it, every candidate.
  ///
  /// People whose true family is not among their candidates are counted in ``missed`` and,
  /// unless `keepMissed` is set (for calibration, which must learn how often that happens),
  /// left out.
  static func build(
    queries: [Query], graphs: [PreparedGraph], negatives: Int?, seed: UInt64, keepMissed: Bool = false,
    truth: [[Int32]]? = nil
  ) -> PairDataset {
    let columns = PairFeatures.count
    let parts = Parallel.map(queries.count, chunks: 8, minimumPerChunk: 32) { range -> PairDataset in
      var part = PairDataset()
      var scratches: [CandidateGenerator.Scratch?] = Array(repeating: nil, count: graphs.count)
      var buffer = [Double](repeating: 0, count: columns)
      for index in range {
        let query = queries[index]
        let graph = graphs[query.graph]
        if scratches[query.graph] == nil {
          scratches[query.graph] = CandidateGenerator.Scratch(familyCount: graph.view.familyCount)
        }
        let candidates = graph.generator.candidates(for: query.person, scratch: &scratches[query.graph]!)
        let trueFamilies = truth?[index] ?? Array(graph.view.parentFamilies(of: query.person))
        var positives: [Int32] = []
        var others: [Int32] = []
        for family in candidates {
          if trueFamilies.contains(family) { positives.append(family) } else { others.append(family) }
        }
        if positives.isEmpty {
          part.missed += 1
          if !keepMissed || others.isEmpty { continue }
        }
        if let negatives, others.count > negatives {
          // Half the negatives, where there are that many, come from the person's own surname
          // blocks: at wide breadths most candidates are easy to rule out, and a uniform sample
          // would teach little about the close calls.
          var random = SeededRandom(seed: seed, stream: UInt64(query.graph) << 40 ^ UInt64(query.person))
          var close: [Int32] = []
          var far: [Int32] = []
          for family in others {
            if graph.view.sharesBlock(person: query.person, family: Int(family)) {
              close.append(family)
            } else {
              far.append(family)
            }
          }
          let fromClose = min(close.count, max(negatives / 2, negatives - far.count))
          random.sample(&close, keeping: fromClose)
          random.sample(&far, keeping: negatives - fromClose)
          others = (close + far).sorted()
        }
        part.queries.append(query)
        part.candidateCounts.append(candidates.count)
        for family in (positives + others).sorted() {
          buffer.withUnsafeMutableBufferPointer { out in
            PairFeatures.write(
              person: query.person, family: Int(family), candidateCount: candidates.count, view: graph.view,
              into: out.baseAddress!)
          }
          part.values += buffer
          part.families.append(family)
          part.labels.append(positives.contains(family))
        }
        part.groupStart.append(part.labels.count)
      }
      return part
    }
    var dataset = PairDataset()
    for part in parts {
      let offset = dataset.labels.count
      dataset.queries += part.queries
      dataset.groupStart += part.groupStart.dropFirst().map { $0 + offset }
      dataset.families += part.families
      dataset.labels += part.labels
      dataset.values += part.values
      dataset.candidateCounts += part.candidateCounts
      dataset.missed += part.missed
    }
    return dataset
  }
}
