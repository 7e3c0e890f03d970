import Foundation
import OhanaJSON

/// How raw pair scores become probabilities: per person, a softmax over all the person's
/// candidate families **plus a "none of these" option**,
///
///     P(family i) = exp(a·sᵢ) / (exp(b) + Σⱼ exp(a·sⱼ)),   P(none) = exp(b) / (same),
///
/// with a temperature `a` (``scale``) and the none-option logit `b` (``noneLogit``) fitted by
/// maximum likelihood on held-out training people whose parents are known (Platt-style, but
/// listwise). The probabilities of one person's candidates therefore sum to at most 1, and the
/// remainder estimates how often the true parents are missing from the list — the
/// candidate generator's misses. They are conditional on the person's parents being in the
/// tree at all, which the tree cannot tell for founders and people who married in.
public struct Calibration: Sendable, Equatable {
  /// The temperature multiplying every score.
  public var scale: Double
  /// The logit of the "none of these" option.
  public var noneLogit: Double

  /// A calibration with temperature `scale` and none-option logit `noneLogit`.
  public init(scale: Double = 1, noneLogit: Double = -4) {
    self.scale = scale
    self.noneLogit = noneLogit
  }

  /// The probabilities of the candidates with `scores`, and of none of them.
  public func probabilities(_ scores: [Double]) -> (candidates: [Double], none: Double) {
    var top = noneLogit
    for score in scores { top = max(top, scale * score) }
    var total = exp(noneLogit - top)
    var out = scores.map { exp(scale * $0 - top) }
    for value in out { total += value }
    for index in out.indices { out[index] /= total }
    return (out, exp(noneLogit - top) / total)
  }

  /// One held-out person: the scores of their candidates and the position of the true family
  /// among them (nil when the candidates missed it).
  struct Group {
    var scores: [Double]
    var positive: Int?
  }

  /// The negative log-likelihood per group of `groups` under this calibration.
  func loss(_ groups: [Group]) -> Double {
    guard !groups.isEmpty else { return 0 }
    var total = 0.0
    for group in groups {
      let (probabilities, none) = self.probabilities(group.scores)
      let p = group.positive.map { probabilities[$0] } ?? none
      total -= log(max(p, 1e-300))
    }
    return total / Double(groups.count)
  }

  /// The maximum-likelihood calibration for `groups` (Newton's method on the two parameters,
  /// a convex problem), or the default when there is nothing to fit.
  static func fit(_ groups: [Group]) -> Calibration {
    let usable = groups.filter { !$0.scores.isEmpty }
    guard !usable.isEmpty else { return Calibration() }
    var current = Calibration(scale: 1, noneLogit: -4)
    var currentLoss = current.loss(usable)
    for _ in 0..<60 {
      var ga = 0.0, gb = 0.0, haa = 0.0, hbb = 0.0, hab = 0.0
      for group in usable {
        let (p, p0) = current.probabilities(group.scores)
        var meanScore = 0.0
        var meanSquare = 0.0
        for (index, score) in group.scores.enumerated() {
          meanScore += p[index] * score
          meanSquare += p[index] * score * score
        }
        if let positive = group.positive {
          ga += meanScore - group.scores[positive]
          gb += p0
        } else {
          ga += meanScore
          gb += p0 - 1
        }
        haa += meanSquare - meanScore * meanScore
        hbb += p0 * (1 - p0)
        hab -= p0 * meanScore
      }
      let n = Double(usable.count)
      ga /= n; gb /= n; haa /= n; hbb /= n; hab /= n
      // A little ridge keeps the step finite when the none option is never needed.
      haa += 1e-6
      hbb += 1e-4
      let determinant = haa * hbb - hab * hab
      guard determinant > 0 else { break }
      var stepA = (hbb * ga - hab * gb) / determinant
      var stepB = (haa * gb - hab * ga) / determinant
      var improved = false
      for _ in 0..<30 {
        var candidate = Calibration(scale: current.scale - stepA, noneLogit: current.noneLogit - stepB)
        candidate.scale = min(50, max(0.01, candidate.scale))
        candidate.noneLogit = min(20, max(-12, candidate.noneLogit))
        let candidateLoss = candidate.loss(usable)
        if candidateLoss < currentLoss - 1e-12 {
          current = candidate
          currentLoss = candidateLoss
          improved = true
          break
        }
        stepA /= 2
        stepB /= 2
      }
      if !improved || (abs(stepA) < 1e-7 && abs(stepB) < 1e-7) { break }
    }
    return current
  }

  var json: JSONValue { ["scale": .double(scale), "none_logit": .double(noneLogit)] }

  init(json: JSONValue) throws(ParentageError) {
    guard let scale = json["scale"]?.doubleValue, let none = json["none_logit"]?.doubleValue else {
      throw .invalidModel("calibration is malformed")
    }
    self.init(scale: scale, noneLogit: none)
  }
}
