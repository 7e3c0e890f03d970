import Testing

@testable import OhanaMonitor

// Reference values: statsmodels 0.15.0 `proportions_ztest([s_t, s_c], [n_t, n_c])` and
// `confint_proportions_2indep(s_t, n_t, s_c, n_c, method="wald", compare="diff", alpha=α)`.

@Test func zTestAndIntervalMatchStatsmodels() throws {
  let cases:
    [(t: ArmOutcome, c: ArmOutcome, alpha: Double, z: Double, p: Double, low: Double, high: Double)] = [
      (
        ArmOutcome(successes: 560, trials: 5000), ArmOutcome(successes: 500, trials: 5000), 0.05,
        1.9490795209156364,
        0.051285928909989245, -6.472065431625991e-05, 0.024064720654316252
      ),
      (
        ArmOutcome(successes: 45, trials: 400), ArmOutcome(successes: 60, trials: 410), 0.05,
        -1.4335880114943318,
        0.15168986666569242, -0.07998627775931744, 0.01230335093004916
      ),
      (
        ArmOutcome(successes: 130, trials: 1000), ArmOutcome(successes: 100, trials: 1000), 0.01,
        2.102740605622114,
        0.03548845046647471, -0.0067089566681948765, 0.06670895666819487
      ),
    ]
  for item in cases {
    let analysis = try ExperimentAnalysis(control: item.c, treatment: item.t, alpha: item.alpha)
    #expect(isClose(analysis.zStatistic, item.z, relative: 1e-12))
    #expect(isClose(analysis.pValue, item.p, relative: 1e-12))
    #expect(isClose(analysis.confidenceInterval.lower, item.low, relative: 1e-10))
    #expect(isClose(analysis.confidenceInterval.upper, item.high, relative: 1e-10))
    // None is significant at its level: p ≥ α in every case.
    #expect(analysis.decision == .keepRunning)
  }
}

@Test func decisionsFollowSignificanceAndSampleSize() throws {
  let better = try ExperimentAnalysis(
    control: ArmOutcome(successes: 500, trials: 5000), treatment: ArmOutcome(successes: 600, trials: 5000))
  #expect(better.decision == .ship && better.pValue < 0.05 && better.confidenceInterval.lower > 0)
  let worse = try ExperimentAnalysis(
    control: ArmOutcome(successes: 600, trials: 5000), treatment: ArmOutcome(successes: 500, trials: 5000))
  #expect(worse.decision == .rollback)
  let early = try ExperimentAnalysis(
    control: ArmOutcome(successes: 5, trials: 50), treatment: ArmOutcome(successes: 40, trials: 50),
    minimumTrialsPerArm: 100)
  #expect(early.decision == .keepRunning && early.reason.contains("100 trials"))
  #expect(early.json["decision"] == "keep_running")
  #expect(throws: MonitorError.self) {
    try ExperimentAnalysis(
      control: ArmOutcome(successes: 5, trials: 2), treatment: ArmOutcome(successes: 1, trials: 2))
  }
}

@Test func assignmentIsStableAndMatchesTheDocumentedHash() {
  // The same FNV-1a + SplitMix64 positions computed in Python:
  //   h = 0xcbf29ce484222325; for b in salt.encode() + b"\x1f" + id.encode(): h = ((h ^ b) * 0x100000001b3) & M
  //   then SplitMix64's finalizer on h, and (z >> 11) * 2**-53.
  #expect(ExperimentAssignment.position(id: "user-1", salt: "exp-a") == 0.5444311366249972)
  #expect(ExperimentAssignment.position(id: "user-1", salt: "exp-b") == 0.7528248589788824)
  #expect(ExperimentAssignment.position(id: "", salt: "") == 0.3805047004330069)
  #expect(ExperimentAssignment.position(id: "ünïcode", salt: "s") == 0.2576087877211195)
  for index in 0..<100 {
    let id = "id-\(index)"
    #expect(
      ExperimentAssignment.variant(id: id, salt: "exp", treatmentShare: 0.3)
        == ExperimentAssignment.variant(id: id, salt: "exp", treatmentShare: 0.3))
  }
}

@Test func splitsHaveTheConfiguredShares() {
  let ids = (0..<100_000).map { "customer-\($0)" }
  for share in [0.5, 0.1] {
    let treated = ids.filter {
      ExperimentAssignment.variant(id: $0, salt: "exp-7", treatmentShare: share) == .treatment
    }
    // Binomial standard deviation √(n p (1 − p)); allow four of them.
    let expected: Double = 100_000 * share
    let tolerance: Double = 4 * (expected * (1 - share)).squareRoot()
    #expect(abs(Double(treated.count) - expected) < tolerance, "\(treated.count) treated at \(share)")
  }
  // Another salt reshuffles: the overlap of two 50% arms is about 25%.
  let both = ids.filter {
    ExperimentAssignment.variant(id: $0, salt: "exp-7", treatmentShare: 0.5) == .treatment
      && ExperimentAssignment.variant(id: $0, salt: "exp-8", treatmentShare: 0.5) == .treatment
  }
  let overlapTolerance: Double = 4 * (100_000 * 0.25 * 0.75).squareRoot()
  #expect(abs(Double(both.count) - 25_000) < overlapTolerance)
  // Growing canary traffic keeps everyone already routed to the canary.
  let small = Set(ids.filter { ExperimentAssignment.routesToCanary(id: $0, salt: "canary", traffic: 0.05) })
  let large = Set(ids.filter { ExperimentAssignment.routesToCanary(id: $0, salt: "canary", traffic: 0.2) })
  #expect(small.isSubset(of: large) && !small.isEmpty)
}

@Test func canaryPolicyPromotesRollsBackOrWaits() {
  let policy = CanaryPolicy(
    minimumRequests: 500, minimumSuccessRate: 0.9, maximumErrorRate: 0.01, maximumLatencySeconds: 0.25)
  #expect(
    policy.decide(CanaryObservation(requests: 100, successes: 0, errors: 100, latencySeconds: 9)).decision
      == .wait)
  let healthy = CanaryObservation(requests: 1000, successes: 950, errors: 5, latencySeconds: 0.2)
  #expect(policy.decide(healthy).decision == .promote)
  let slowAndFailing = CanaryObservation(requests: 1000, successes: 850, errors: 20, latencySeconds: 0.3)
  let verdict = policy.decide(slowAndFailing)
  #expect(verdict.decision == .rollback && verdict.reasons.count == 3)
}
