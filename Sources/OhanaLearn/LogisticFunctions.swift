import Foundation

/// The logistic function.
@inline(__always)
func sigmoid(_ score: Double) -> Double {
  if score >= 0 { return 1 / (1 + exp(-score)) }
  let e = exp(score)
  return e / (1 + e)
}

/// The mean log loss of raw scores (log-odds) against labels, computed stably.
func logLoss(scores: [Double], labels: [Bool]) -> Double {
  guard !scores.isEmpty else { return 0 }
  var total = 0.0
  for (score, label) in zip(scores, labels) { total += softplus(label ? -score : score) }
  return total / Double(scores.count)
}

/// `log(1 + exp(z))` without overflow.
@inline(__always)
func softplus(_ z: Double) -> Double { max(z, 0) + log1p(exp(-abs(z))) }
