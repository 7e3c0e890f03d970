import OhanaJSON

/// What to do with an experiment.
public enum ExperimentDecision: String, Sendable {
  /// The treatment is significantly better: ship it.
  case ship
  /// The treatment is significantly worse: roll it back.
  case rollback
  /// Not enough data or no significant difference yet.
  case keepRunning = "keep_running"
}

/// The successes and trials of one experiment arm.
public struct ArmOutcome: Sendable, Equatable {
  /// Trials with a good outcome.
  public var successes: Int
  /// All trials.
  public var trials: Int

  /// An arm's outcome.
  public init(successes: Int, trials: Int) {
    self.successes = successes
    self.trials = trials
  }

  /// Successes over trials (0 without trials).
  public var rate: Double { trials == 0 ? 0 : Double(successes) / Double(trials) }
}

/// An A/B experiment's analysis: success rate per arm, the two-proportion z-test of the
/// difference, its confidence interval, and the decision at a significance level once each arm
/// has a minimum number of trials.
///
/// The z-test pools the two rates (`statsmodels` `proportions_ztest`); the interval of
/// treatment − control is Wald's, unpooled (`confint_proportions_2indep(method="wald")`).
/// While an arm has no trials there is nothing to test: z = 0, p = 1, interval (−1, 1).
public struct ExperimentAnalysis: Sendable {
  /// The arm with the current model.
  public var control: ArmOutcome
  /// The arm with the model under test.
  public var treatment: ArmOutcome
  /// The significance level, and 1 − the interval's confidence.
  public var alpha: Double
  /// Trials each arm needs before anything but "keep running" is decided.
  public var minimumTrialsPerArm: Int
  /// Treatment rate − control rate.
  public var difference: Double
  /// z of treatment against control (positive when the treatment does better).
  public var zStatistic: Double
  /// The two-sided p-value.
  public var pValue: Double
  /// The (1 − alpha) confidence interval of `difference`.
  public var confidenceInterval: (lower: Double, upper: Double)
  /// Ship, roll back or keep running.
  public var decision: ExperimentDecision
  /// The decision in words.
  public var reason: String

  /// Analyzes the two arms at significance `alpha`.
  public init(
    control: ArmOutcome, treatment: ArmOutcome, alpha: Double = 0.05, minimumTrialsPerArm: Int = 100
  )
    throws(MonitorError)
  {
    for (name, arm) in [("control", control), ("treatment", treatment)] {
      guard arm.trials >= 0, arm.successes >= 0, arm.successes <= arm.trials else {
        throw MonitorError(
          "the \(name) arm has \(arm.successes) successes in \(arm.trials) trials; successes must be 0…trials"
        )
      }
    }
    guard alpha > 0, alpha < 1 else { throw MonitorError("alpha must be between 0 and 1, not \(alpha)") }
    self.control = control
    self.treatment = treatment
    self.alpha = alpha
    self.minimumTrialsPerArm = minimumTrialsPerArm
    difference = treatment.rate - control.rate
    if control.trials > 0 && treatment.trials > 0 {
      let test = ProportionTest.twoSided(
        successes1: treatment.successes, trials1: treatment.trials, successes2: control.successes,
        trials2: control.trials)
      zStatistic = test.statistic
      pValue = test.pValue
      let standardError =
        (treatment.rate * (1 - treatment.rate) / Double(treatment.trials)
        + control.rate * (1 - control.rate) / Double(control.trials)).squareRoot()
      let z = StatisticalDistributions.normalQuantile(1 - alpha / 2)
      confidenceInterval = (difference - z * standardError, difference + z * standardError)
    } else {
      zStatistic = 0
      pValue = 1
      confidenceInterval = (-1, 1)
    }
    let fewest = min(control.trials, treatment.trials)
    if fewest < minimumTrialsPerArm {
      decision = .keepRunning
      reason =
        "each arm needs \(minimumTrialsPerArm) trials; control has \(control.trials), treatment \(treatment.trials)"
    } else if pValue < alpha {
      decision = difference > 0 ? .ship : .rollback
      reason =
        "the treatment is significantly \(difference > 0 ? "better" : "worse") (p = \(pValue) < \(alpha))"
    } else {
      decision = .keepRunning
      reason = "no significant difference yet (p = \(pValue) ≥ \(alpha))"
    }
  }

  /// The analysis as JSON.
  public var json: JSONValue {
    func arm(_ outcome: ArmOutcome) -> JSONValue {
      [
        "successes": .integer(outcome.successes), "trials": .integer(outcome.trials),
        "rate": .double(outcome.rate),
      ]
    }
    return [
      "control": arm(control), "treatment": arm(treatment), "alpha": .double(alpha),
      "minimum_trials_per_arm": .integer(minimumTrialsPerArm), "difference": .double(difference),
      "z": .double(zStatistic), "p_value": .double(pValue),
      "confidence_interval": [.double(confidenceInterval.lower), .double(confidenceInterval.upper)],
      "decision": .string(decision.rawValue), "reason": .string(reason),
    ]
  }
}
