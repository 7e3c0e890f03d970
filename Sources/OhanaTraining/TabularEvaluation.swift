import OhanaClassifiers
import OhanaIngest
import OhanaTabular

/// What a tabular run's candidate was evaluated on, so that production can be judged on the
/// same rows.
///
/// The common evaluation is a holdout: the labelled rows of the run's datasets that production
/// was not trained on (its manifest lists its datasets). On those rows the candidate is judged
/// by its out-of-fold probabilities (each row scored by a fold model that never saw it) and
/// production by its own model, which never saw them either; each at its own decision
/// threshold, on the same rows and labels. Rows production was trained on are left out because
/// they would flatter it (a forest all but memorizes its training rows).
struct TabularEvaluation {
  /// The run's rows, every dataset in order.
  let table: CSVTable
  /// Each dataset's SHA-256 and number of rows in ``table``, in order.
  let datasets: [(sha256: String, rows: Int)]
  let outcome: ClassifierTrainer.Outcome

  /// What the gate compares the candidate with production on.
  enum Basis: Equatable {
    /// Both models' scores on the same `rows` rows, from `datasets` datasets new to production.
    case holdout(rows: Int, datasets: Int, candidate: [String: Double], production: [String: Double])
    /// No common evaluation, for the reason given: production's recorded metrics are used.
    case recorded(because: String)
  }

  /// The basis for comparing the candidate with `production`, trained on the datasets
  /// `trainedOn`; `schemaMajor` is the major version of the run's table schema.
  func basis(production: TabularModel, trainedOn: Set<String>, schemaMajor: Int) -> Basis {
    let productionMajor = SchemaCatalog.order(production.schemaVersion).first
    guard productionMajor == schemaMajor, production.target == outcome.model.target else {
      return .recorded(
        because: "production reads schema \(production.schemaVersion) with target \(production.target), "
          + "not this run's major version \(schemaMajor) with target \(outcome.model.target)")
    }
    guard !trainedOn.isEmpty else { return .recorded(because: "production's manifest lists no datasets") }
    // The trainer leaves out rows without a target; out-of-fold probabilities follow the rest.
    let targets = outcome.model.encoder.labels(table)
    let labelled = targets.indices.filter { targets[$0] != nil }
    guard labelled.count == outcome.labels.count, let candidate = outcome.results[outcome.best] else {
      return .recorded(because: "the run's labelled rows do not match its out-of-fold predictions")
    }
    var newDatasets = 0
    var isNew = [Bool](repeating: false, count: table.rowCount)
    var start = 0
    for dataset in datasets {
      if !trainedOn.contains(dataset.sha256) {
        newDatasets += 1
        for row in start..<(start + dataset.rows) { isNew[row] = true }
      }
      start += dataset.rows
    }
    let positions = labelled.indices.filter { isNew[labelled[$0]] }
    guard !positions.isEmpty else {
      return .recorded(because: "production was trained on every labelled row of this run")
    }
    let labels = positions.map { outcome.labels[$0] }
    guard labels.contains(true), labels.contains(false) else {
      return .recorded(
        because: "the \(positions.count) labelled rows production was not trained on do not hold both classes"
      )
    }
    let candidateMetrics = ClassifierMetrics(
      probabilities: positions.map { candidate.outOfFold[$0] }, labels: labels,
      threshold: candidate.metrics.threshold)
    let productionMetrics = ClassifierMetrics(
      probabilities: production.probabilities(table.selecting(rows: positions.map { labelled[$0] })),
      labels: labels, threshold: production.threshold)
    return .holdout(
      rows: positions.count, datasets: newDatasets, candidate: candidateMetrics.scores,
      production: productionMetrics.scores)
  }
}
