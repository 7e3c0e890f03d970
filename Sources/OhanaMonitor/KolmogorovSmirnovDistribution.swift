import Foundation

/// Null distributions of the Kolmogorov–Smirnov statistics, computed the way scipy does so the
/// p-values agree with `scipy.stats.ks_2samp` (default `method='auto'`) to about 1e-10.
///
/// - Two samples, both of at most 10,000 values: the exact probability (scipy's `'exact'`):
///   the share of lattice paths leaving the band |x/m − y/n| < D.
/// - Larger samples: scipy's `'asymp'`, the one-sample distribution of D_N at
///   N = round(mn / (m + n)) (`scipy.stats.kstwo`), which follows Simard & L'Ecuyer (2011):
///   Ruben–Gambino near the ends, Durbin's matrix (Marsaglia–Tsang–Wang) for small N·x,
///   Pelz–Good's expansion for large N, and twice the exact one-sided Smirnov tail above.
public enum KolmogorovSmirnovDistribution {
  /// scipy's `'auto'` computes the exact probability when both samples are at most this large.
  public static let exactLimit = 10_000

  /// The two-sided p-value P(D ≥ `statistic`) of the two-sample test with sizes `n1`, `n2`.
  public static func twoSamplePValue(statistic: Double, n1: Int, n2: Int) -> Double {
    precondition(n1 > 0 && n2 > 0, "KolmogorovSmirnovDistribution: empty sample")
    if max(n1, n2) <= exactLimit, let exact = exactTwoSamplePValue(statistic: statistic, n1: n1, n2: n2) {
      return exact
    }
    let (m, n) = (Double(max(n1, n2)), Double(min(n1, n2)))
    let effective = (m * n / (m + n)).rounded()
    return oneSampleSurvival(statistic, n: Int(effective))
  }

  /// P(D_{n1,n2} ≥ statistic) by counting lattice paths, or `nil` when it cannot be computed.
  static func exactTwoSamplePValue(statistic: Double, n1: Int, n2: Int) -> Double? {
    let g = gcd(n1, n2)
    let lcm = (n1 / g) * n2
    // The statistic is a multiple of 1/lcm; recover that integer exactly.
    let h = Int((statistic * Double(lcm)).rounded())
    if h <= 0 { return 1 }
    let p = n1 == n2 ? outsideSquare(n: n1, h: h) : outsideBand(n1, n2, g: g, h: h)
    guard p.isFinite else { return nil }
    return min(max(p, 0), 1)
  }

  /// P(D_{n,n} ≥ h/n) = 2 Σ_k (−1)^(k+1) C(2n, n − kh) / C(2n, n), evaluated Horner-style on the
  /// ratios of consecutive terms to avoid the cancellation of the alternating sum.
  private static func outsideSquare(n: Int, h: Int) -> Double {
    var total = 0.0
    var k = n / h
    while k >= 0 {
      var ratio = 1.0
      for j in 0..<h {
        ratio = Double(n - k * h - j) * ratio / Double(n + k * h + j + 1)
      }
      total = ratio * (1 - total)
      k -= 1
    }
    return 2 * total
  }

  /// The probability that a uniformly random lattice path from (0, 0) to (m, n) leaves the band
  /// |x/m − y/n| < h/lcm, i.e. |x·n/g − y·m/g| < h, at some point.
  ///
  /// The path is an urn draw, so probabilities (not counts) propagate column by column and never
  /// overflow. The result sums the probability flowing out of the band, all positive terms, so
  /// tiny p-values keep their digits instead of being 1 minus something close to 1.
  private static func outsideBand(_ first: Int, _ second: Int, g: Int, h: Int) -> Double {
    let m = max(first, second)
    let n = min(first, second)
    let mg = m / g
    let ng = n / g
    func low(_ x: Int) -> Int { max(0, floorDivide(ng * x - h, mg) + 1) }
    func high(_ x: Int) -> Int { min(n, ceilDivide(ng * x + h, mg) - 1) }
    // Probability of the next step being along x or along y from (x, y).
    func xStep(_ x: Int, _ y: Int) -> Double { Double(m - x) / Double(m + n - x - y) }
    func yStep(_ x: Int, _ y: Int) -> Double { Double(n - y) / Double(m + n - x - y) }
    var column = [Double](repeating: 0, count: n + 1)
    var outside = 0.0
    var lastLow = 0
    var lastHigh = high(0)
    column[0] = 1
    if lastHigh >= 1 {
      for y in 1...lastHigh { column[y] = column[y - 1] * yStep(0, y - 1) }
    }
    if lastHigh < n { outside += column[lastHigh] * yStep(0, lastHigh) }
    for x in 1...m {
      let lowY = low(x)
      let highY = high(x)
      // Mass stepping along x from cells now below the band leaves it.
      for y in lastLow..<min(lowY, lastHigh + 1) { outside += column[y] * xStep(x - 1, y) }
      if lowY > highY { return 1 }
      var below = 0.0
      for y in lowY...highY {
        let fromLeft = y >= lastLow && y <= lastHigh ? column[y] * xStep(x - 1, y) : 0
        let fromBelow = y > lowY ? below * yStep(x, y - 1) : 0
        below = fromLeft + fromBelow
        column[y] = below
      }
      // Mass stepping along y from the top cell leaves it.
      if highY < n { outside += column[highY] * yStep(x, highY) }
      if lastLow < lowY { for y in lastLow..<min(lowY, n + 1) { column[y] = 0 } }
      lastLow = lowY
      lastHigh = highY
    }
    return outside
  }

  /// P(D_n ≥ x) for the two-sided one-sample statistic (scipy's `kstwo.sf(x, n)`).
  public static func oneSampleSurvival(_ x: Double, n: Int) -> Double {
    precondition(n > 0, "KolmogorovSmirnovDistribution: n must be positive")
    if x.isNaN { return .nan }
    if x >= 1 { return 0 }
    if x <= 0 { return 1 }
    let count = Double(n)
    let t = count * x
    if t <= 1 {
      if t <= 0.5 { return 1 }
      // Ruben–Gambino: P(D_n < x) = n!/nⁿ (2t − 1)ⁿ for 1/2n ≤ x ≤ 1/n.
      return clip(1 - exp(logFactorialOverPower(n) + count * log(2 * t - 1)))
    }
    if t >= count - 1 { return clip(2 * pow(1 - x, count)) }
    if x >= 0.5 { return clip(2 * smirnovSurvival(x, n: n)) }
    let nxSquared = t * x
    if n <= 140 {
      if nxSquared <= 4 { return clip(1 - durbinMatrixCDF(x, n: n)) }
      return clip(2 * smirnovSurvival(x, n: n))
    }
    if nxSquared >= 370 { return 0 }
    if nxSquared >= 2.2 { return clip(2 * smirnovSurvival(x, n: n)) }
    if n <= 100_000 && count * pow(x, 1.5) <= 1.4 { return clip(1 - durbinMatrixCDF(x, n: n)) }
    return clip(1 - pelzGoodCDF(x, n: n))
  }

  /// P(D⁺_n ≥ x), the one-sided Smirnov tail (scipy's `smirnov(n, x)`), from the Birnbaum–Tingey
  /// sum x Σ_j C(n, j) (x + j/n)^(j−1) (1 − x − j/n)^(n−j), stopped once the terms are negligible.
  public static func smirnovSurvival(_ x: Double, n: Int) -> Double {
    precondition(n > 0, "KolmogorovSmirnovDistribution: n must be positive")
    if x.isNaN { return .nan }
    if x <= 0 { return 1 }
    if x >= 1 { return 0 }
    let count = Double(n)
    if n == 1 { return 1 - x }
    if count * x <= 1 { return 1 - x * pow(1 + x, count - 1) }
    if -2 * count * x * x < -708.39 { return 0 }
    if count * x >= count - 1 { return pow(1 - x, count) }
    if n > 1_000_000 {
      // scipy's approximation for very large n.
      let scaled = 6 * count * x + 1
      return exp(-scaled * scaled / 18 / count)
    }
    // log C(n, j) grows term by term; Kahan's compensation keeps its rounding from piling up
    // over the up to n terms.
    var logBinomial = 0.0
    var compensation = 0.0
    var sum = 0.0
    var j = 0
    while true {
      let left = x + Double(j) / count
      let right = 1 - left
      if right <= 0 { break }
      let logTerm = logBinomial + Double(j - 1) * log(left) + Double(n - j) * log1p(-left)
      let term = exp(logTerm)
      sum += term
      let remaining = Double(n - j)
      if term > 0, 4 * remaining * term < Double.ulpOfOne * sum { break }
      if term == 0, j > n / 2 { break }
      let increment = log(Double(n - j) / Double(j + 1)) - compensation
      let next = logBinomial + increment
      compensation = (next - logBinomial) - increment
      logBinomial = next
      j += 1
    }
    return clip(x * sum)
  }

  /// P(D_n < x) by Durbin's matrix method as Marsaglia, Tsang and Wang (2003): with
  /// x = (k − h)/n, the (k, k) entry of Hⁿ times n!/nⁿ, scaling powers of two as it goes.
  static func durbinMatrixCDF(_ x: Double, n: Int) -> Double {
    let nd = Double(n) * x
    if nd <= 0.5 { return 0 }
    let k = Int(nd.rounded(.up))
    let h = Double(k) - nd
    let size = 2 * k - 1
    var factorials = [Double](repeating: 1, count: size + 1)
    for index in 1...size { factorials[index] = factorials[index - 1] * Double(index) }
    var matrix = [Double](repeating: 0, count: size * size)
    for row in 0..<size {
      for column in 0..<size where row - column + 1 >= 0 {
        matrix[row * size + column] = 1 / factorials[row - column + 1]
      }
    }
    for index in 0..<size {
      matrix[index * size] = (1 - pow(h, Double(index + 1))) / factorials[index + 1]
      matrix[(size - 1) * size + index] = (1 - pow(h, Double(size - index))) / factorials[size - index]
    }
    let corner = max(0, 2 * h - 1)
    matrix[(size - 1) * size] = (1 - 2 * pow(h, Double(size)) + pow(corner, Double(size))) / factorials[size]
    var result = [Double](repeating: 0, count: size * size)
    for index in 0..<size { result[index * size + index] = 1 }
    var resultExponent = 0
    var powerExponent = 0
    var remaining = n
    let center = (k - 1) * size + (k - 1)
    while remaining > 0 {
      if remaining % 2 == 1 {
        result = multiply(result, matrix, size)
        resultExponent += powerExponent
      }
      remaining /= 2
      guard remaining > 0 else { break }
      matrix = multiply(matrix, matrix, size)
      powerExponent *= 2
      if abs(matrix[center]) > 0x1p128 {
        for index in matrix.indices { matrix[index] = matrix[index] * 0x1p-128 }
        powerExponent += 128
      }
    }
    var probability = result[center]
    for index in 1...n {
      probability = Double(index) * probability / Double(n)
      if abs(probability) < 0x1p-128 {
        probability *= 0x1p128
        resultExponent -= 128
      }
    }
    return clip(scalbn(probability, resultExponent))
  }

  private static func multiply(_ left: [Double], _ right: [Double], _ size: Int) -> [Double] {
    [Double](unsafeUninitializedCapacity: size * size) { product, initialized in
      product.initialize(repeating: 0)
      left.withUnsafeBufferPointer { left in
        right.withUnsafeBufferPointer { right in
          for row in 0..<size {
            for inner in 0..<size {
              let factor = left[row * size + inner]
              if factor == 0 { continue }
              for column in 0..<size { product[row * size + column] += factor * right[inner * size + column] }
            }
          }
        }
      }
      initialized = size * size
    }
  }

  /// P(D_n ≤ x) by Pelz and Good's (1976) expansion K₀ + K₁/√n + K₂/n + K₃/n^1.5 in z = x√n,
  /// each K written with Jacobi theta transforms that converge fast for small z.
  static func pelzGoodCDF(_ x: Double, n: Int) -> Double {
    let z = Double(n).squareRoot() * x
    let z2 = z * z
    let z4 = z2 * z2
    let z6 = z4 * z2
    let pi2 = Double.pi * Double.pi
    let pi4 = pi2 * pi2
    let pi6 = pi4 * pi2
    let logQ = -pi2 / 8 / z2
    if logQ < -708.39 { return 0 }
    let q = exp(logQ)
    let k1a = -z2
    let k1b = pi2 / 4
    let k2a = 6 * z6 + 2 * z4
    let k2b = (2 * z4 - 5 * z2) * pi2 / 4
    let k2c = pi4 * (1 - 2 * z2) / 16
    let k3a = -30 * z6 - 90 * z4 * z4
    let k3b = pi2 * (135 * z4 - 96 * z6) / 4
    let k3c = pi4 * (-60 * z2 + 212 * z4) / 16
    let k3d = pi6 * (5 - 30 * z2) / 64
    // Σ over odd m = 2k − 1 of c(m) q^(m²), Horner-style: consecutive powers differ by q^(8k).
    var sums = (0.0, 0.0, 0.0, 0.0)
    let maxK = Int((16 * z / Double.pi).rounded(.up))
    for k in stride(from: maxK, through: 1, by: -1) {
      let m2 = Double((2 * k - 1) * (2 * k - 1))
      let step = pow(q, 8 * Double(k))
      sums.0 = sums.0 * step + 1
      sums.1 = sums.1 * step + k1a + k1b * m2
      sums.2 = sums.2 * step + k2a + (k2b + k2c * m2) * m2
      sums.3 = sums.3 * step + k3a + (k3b + (k3c + k3d * m2) * m2) * m2
    }
    let root2Pi = (2 * Double.pi).squareRoot()
    let k0 = sums.0 * q * root2Pi / z
    var k1 = sums.1 * q * root2Pi / (6 * z4)
    var k2 = sums.2 * q * root2Pi / (72 * z6 * z)
    var k3 = sums.3 * q * root2Pi / (6480 * z6 * z4)
    // The terms over all integers k in K₂ and K₃.
    let q2 = exp(-pi2 / 2 / z2)
    var extra2 = 0.0
    var extra3 = 0.0
    for k in stride(from: maxK, through: 1, by: -1) {
      let k2 = Double(k * k)
      let weight = k2 * pow(q2, k2)
      extra2 += weight
      extra3 += (3 * z2 - pi2 * k2) * weight
    }
    k2 += extra2 * pi2 * root2Pi / (-36 * z2 * z)
    k3 += extra3 * pi2 * root2Pi / (216 * z6)
    let root = Double(n).squareRoot()
    k1 /= root
    k2 /= Double(n)
    k3 /= Double(n) * root
    return k0 + k1 + k2 + k3
  }

  /// log(n! / nⁿ): exact products for small n, Stirling's series (no n·log n cancellation) above.
  private static func logFactorialOverPower(_ n: Int) -> Double {
    let count = Double(n)
    if n <= 140 {
      var product = 1.0
      for index in 1...n { product *= Double(index) / count }
      return log(product)
    }
    let inverse = 1 / count
    let inverse2 = inverse * inverse
    let series = inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 / 1680)))
    return log(count) / 2 - count + log(2 * Double.pi) / 2 + series
  }

  private static func clip(_ p: Double) -> Double { p.isNaN ? p : min(max(p, 0), 1) }

  private static func gcd(_ a: Int, _ b: Int) -> Int {
    var (a, b) = (a, b)
    while b != 0 { (a, b) = (b, a % b) }
    return a
  }

  private static func floorDivide(_ a: Int, _ b: Int) -> Int {
    let quotient = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
  }

  private static func ceilDivide(_ a: Int, _ b: Int) -> Int { -floorDivide(-a, b) }
}
