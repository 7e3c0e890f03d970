import Foundation
import OhanaJSON

/// L2-regularized logistic regression fitted by Newton–Raphson (IRLS) with a Cholesky solve.
///
/// Columns are standardized inside the model (means and scales learned at fit time) and missing
/// or non-finite values are imputed with the training mean, so callers pass raw features. The
/// objective is `Σ wᵢ·logloss(yᵢ, pᵢ) + (l2 / 2)·‖β‖²` over standardized coefficients `β` (the
/// intercept is not penalized); `l2 = 1` matches scikit-learn's `C = 1` on standardized data.
public struct LogisticRegression: Sendable, Equatable {
  /// Training options.
  public struct Settings: Sendable, Equatable {
    /// The L2 penalty on the standardized coefficients (0 for none).
    public var l2 = 1.0
    /// The maximum number of Newton steps.
    public var maxIterations = 100
    /// Converged when no coefficient moves more than this in a step.
    public var tolerance = 1e-8
    /// How the classes are weighted.
    public var classWeighting: ClassWeighting = .none

    /// Creates settings; every parameter defaults to the documented value.
    public init(
      l2: Double = 1.0, maxIterations: Int = 100, tolerance: Double = 1e-8,
      classWeighting: ClassWeighting = .none
    ) {
      self.l2 = l2
      self.maxIterations = maxIterations
      self.tolerance = tolerance
      self.classWeighting = classWeighting
    }

    func validate() throws(LearnError) {
      guard l2 >= 0, l2.isFinite else { throw .invalidSetting("l2 must be non-negative, got \(l2)") }
      guard maxIterations >= 1 else {
        throw .invalidSetting("maxIterations must be at least 1, got \(maxIterations)")
      }
      guard tolerance > 0, tolerance.isFinite else {
        throw .invalidSetting("tolerance must be positive, got \(tolerance)")
      }
    }

    var json: JSONValue {
      [
        "l2": .double(l2), "max_iterations": .integer(maxIterations), "tolerance": .double(tolerance),
        "class_weighting": .string(classWeighting.rawValue),
      ]
    }

    init(json: JSONValue) throws(LearnError) {
      let fields = try JSONFields(json, context: "settings")
      self.init(
        l2: try fields.double("l2"), maxIterations: try fields.int("max_iterations"),
        tolerance: try fields.double("tolerance"),
        classWeighting: try fields.classWeighting("class_weighting"))
    }
  }

  /// The number of feature columns the model expects.
  public let columnCount: Int
  /// One coefficient per column, on the standardized scale: the change in log-odds per standard
  /// deviation of the column.
  public let coefficients: [Double]
  /// The log-odds of a row at the training means.
  public let intercept: Double
  /// The training mean of each column (the value missing entries are imputed with).
  public let means: [Double]
  /// The training standard deviation of each column (1 for constant columns).
  public let scales: [Double]
  /// The Newton steps taken.
  public let iterations: Int
  /// Whether the steps reached ``Settings/tolerance`` within ``Settings/maxIterations``.
  public let converged: Bool
  /// The settings the model was trained with.
  public let settings: Settings

  init(
    columnCount: Int, coefficients: [Double], intercept: Double, means: [Double], scales: [Double],
    iterations: Int, converged: Bool, settings: Settings
  ) {
    self.columnCount = columnCount
    self.coefficients = coefficients
    self.intercept = intercept
    self.means = means
    self.scales = scales
    self.iterations = iterations
    self.converged = converged
    self.settings = settings
  }

  /// Trains on the rows of `x` with `labels` (`true` = positive class).
  ///
  /// The history has one record per Newton step, with validation loss and AUC when `validation`
  /// is given. Stopping at ``Settings/maxIterations`` is not an error (see ``converged``).
  public static func fit(
    _ x: FeatureMatrix, labels: [Bool], sampleWeights: [Double]? = nil, settings: Settings = .init(),
    validation: (FeatureMatrix, [Bool])? = nil
  ) throws(LearnError) -> (model: LogisticRegression, history: [IterationRecord]) {
    try TrainingInput.check(x, labels: labels, validation: validation)
    try settings.validate()
    let weights = try ClassWeighting.rowWeights(
      labels: labels, sampleWeights: sampleWeights, weighting: settings.classWeighting)
    let (means, scales) = standardization(x)
    let problem = NewtonProblem(
      x: x, labels: labels, weights: weights, means: means, scales: scales, l2: settings.l2)
    let dimension = x.columnCount + 1

    var positiveWeight = 0.0
    for (label, weight) in zip(labels, weights) where label { positiveWeight += weight }
    // Start from the base rate: beta[0] is the intercept.
    var beta = [Double](repeating: 0, count: dimension)
    beta[0] = log(positiveWeight / (problem.totalWeight - positiveWeight))
    var current = problem.evaluate(beta, hessian: true)
    var history: [IterationRecord] = []
    var converged = false
    var steps = 0
    while steps < settings.maxIterations {
      steps += 1
      let direction = solveNewton(hessian: current.hessian, gradient: current.gradient, dimension: dimension)
      var slope = 0.0
      for index in 0..<dimension { slope += current.gradient[index] * direction[index] }
      var stepSize = 1.0
      var candidate = zip(beta, direction).map { $0 + $1 }
      var trial = problem.evaluate(candidate, hessian: true)
      let slack = 1e-12 * abs(current.objective)
      while !(trial.objective <= current.objective + 1e-4 * stepSize * slope + slack), stepSize > 1e-10 {
        stepSize /= 2
        candidate = (0..<dimension).map { beta[$0] + stepSize * direction[$0] }
        trial = problem.evaluate(candidate, hessian: false)
      }
      let accepted = trial.objective <= current.objective + slack
      if accepted {
        if trial.hessian.isEmpty { trial = problem.evaluate(candidate, hessian: true) }
        beta = candidate
        current = trial
      }
      var record = IterationRecord(iteration: steps, trainingLoss: current.loss / problem.totalWeight)
      if let (matrix, validationLabels) = validation {
        let scores = problem.scores(matrix, beta: beta)
        record.validationLoss = logLoss(scores: scores, labels: validationLabels)
        record.validationMetric = Metrics.auc(scores: scores, labels: validationLabels)
      }
      history.append(record)
      let largestMove = direction.reduce(0) { max($0, abs($1)) } * stepSize
      if !accepted || largestMove <= settings.tolerance || !largestMove.isFinite {
        converged = accepted || largestMove <= settings.tolerance
        break
      }
    }
    let model = LogisticRegression(
      columnCount: x.columnCount, coefficients: Array(beta[1...]), intercept: beta[0], means: means,
      scales: scales,
      iterations: steps, converged: converged, settings: settings)
    return (model, history)
  }

  /// Column means and standard deviations over the finite values (scale 1 for constant columns).
  static func standardization(_ x: FeatureMatrix) -> (means: [Double], scales: [Double]) {
    let columns = x.columnCount
    var sums = [Double](repeating: 0, count: columns)
    var counts = [Int](repeating: 0, count: columns)
    x.values.withUnsafeBufferPointer { values in
      for row in 0..<x.rowCount {
        let base = row * columns
        for column in 0..<columns where values[base + column].isFinite {
          sums[column] += values[base + column]
          counts[column] += 1
        }
      }
    }
    let means = (0..<columns).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : 0 }
    var squares = [Double](repeating: 0, count: columns)
    x.values.withUnsafeBufferPointer { values in
      for row in 0..<x.rowCount {
        let base = row * columns
        for column in 0..<columns where values[base + column].isFinite {
          let deviation = values[base + column] - means[column]
          squares[column] += deviation * deviation
        }
      }
    }
    let scales = (0..<columns).map { column -> Double in
      guard counts[column] > 1 else { return 1 }
      let deviation = (squares[column] / Double(counts[column])).squareRoot()
      return deviation > 1e-12 * max(1, abs(means[column])) && deviation.isFinite ? deviation : 1
    }
    return (means, scales)
  }

  /// Solves `H d = -g` for the Newton direction, adding a growing ridge if `H` is not positive
  /// definite in floating point.
  static func solveNewton(hessian: [Double], gradient: [Double], dimension: Int) -> [Double] {
    var ridge = 0.0
    var largestDiagonal = 0.0
    for index in 0..<dimension {
      largestDiagonal = max(largestDiagonal, abs(hessian[index * dimension + index]))
    }
    while true {
      var matrix = hessian
      if ridge > 0 { for index in 0..<dimension { matrix[index * dimension + index] += ridge } }
      if let solution = Cholesky.solve(&matrix, dimension: dimension, rightHandSide: gradient.map { -$0 }) {
        return solution
      }
      ridge = ridge == 0 ? 1e-12 * max(1, largestDiagonal) : ridge * 100
    }
  }

  /// The log-odds of one row of ``columnCount`` values.
  public func score(_ row: ArraySlice<Double>) -> Double {
    TrainingInput.checkRow(row, columnCount: columnCount)
    var total = intercept
    for (offset, value) in row.enumerated() where value.isFinite {
      total += coefficients[offset] * (value - means[offset]) / scales[offset]
    }
    return total
  }

  /// The probability that one row of ``columnCount`` values is positive.
  public func probability(_ row: ArraySlice<Double>) -> Double { sigmoid(score(row)) }

  /// The positive-class probability of every row of `x`.
  public func probabilities(_ x: FeatureMatrix) -> [Double] {
    precondition(
      x.columnCount == columnCount, "matrix has \(x.columnCount) columns, model expects \(columnCount)")
    return (0..<x.rowCount).map { probability(x.row($0)) }
  }

  /// Each column's additive share of the row's log-odds: coefficient × standardized value (0 for
  /// a missing value). The shares plus ``intercept`` sum to the log-odds.
  public func contributions(_ row: ArraySlice<Double>) -> [Double] {
    TrainingInput.checkRow(row, columnCount: columnCount)
    return row.enumerated().map { offset, value in
      value.isFinite ? coefficients[offset] * (value - means[offset]) / scales[offset] : 0
    }
  }

  /// The model as canonical JSON (doubles round-trip exactly).
  public var json: JSONValue {
    [
      "model": "logistic_regression", "version": 1, "column_count": .integer(columnCount),
      "coefficients": .array(coefficients.map { .double($0) }), "intercept": .double(intercept),
      "means": .array(means.map { .double($0) }), "scales": .array(scales.map { .double($0) }),
      "iterations": .integer(iterations), "converged": .bool(converged), "settings": settings.json,
    ]
  }

  /// Reads a model written by ``json``.
  public init(json: JSONValue) throws(LearnError) {
    let fields = try JSONFields(json, context: "logistic_regression")
    try fields.expectKind("logistic_regression")
    guard try fields.int("version") == 1 else {
      throw .invalidJSON("unsupported logistic_regression version")
    }
    let columns = try fields.int("column_count")
    let coefficients = try fields.doubles("coefficients")
    let means = try fields.doubles("means")
    let scales = try fields.doubles("scales")
    guard columns > 0, coefficients.count == columns, means.count == columns, scales.count == columns else {
      throw .invalidJSON("coefficients, means and scales must each have column_count entries")
    }
    guard scales.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw .invalidJSON("scales must be positive") }
    guard case .bool(let converged) = try fields.value("converged") else {
      throw .invalidJSON("logistic_regression.converged is not a boolean")
    }
    self.init(
      columnCount: columns, coefficients: coefficients, intercept: try fields.double("intercept"),
      means: means,
      scales: scales, iterations: try fields.int("iterations"), converged: converged,
      settings: try Settings(json: try fields.value("settings")))
  }
}
