import Foundation

@testable import OhanaLearn

/// Seeded synthetic data sets for the tests.
enum TestData {
  /// A standard normal draw (Box–Muller).
  static func normal(_ generator: inout SplitMix64) -> Double {
    let u = max(generator.unit(), 1e-300)
    let v = generator.unit()
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
  }

  /// Rows of `columns` standard normals with labels drawn from a logistic model of `coefficients`.
  static func logistic(
    rows: Int, coefficients: [Double], intercept: Double, seed: UInt64
  ) -> (x: FeatureMatrix, labels: [Bool]) {
    var generator = SplitMix64(seed: seed)
    var values: [Double] = []
    var labels: [Bool] = []
    for _ in 0..<rows {
      var score = intercept
      for coefficient in coefficients {
        let value = normal(&generator)
        values.append(value)
        score += coefficient * value
      }
      labels.append(generator.unit() < 1 / (1 + exp(-score)))
    }
    return (FeatureMatrix(rowCount: rows, columnCount: coefficients.count, values: values), labels)
  }

  /// Two uniform columns in [-1, 1]; the label is the XOR of their signs, flipped with
  /// probability `noise`. No linear model can separate it.
  static func xor(rows: Int, noise: Double, seed: UInt64) -> (x: FeatureMatrix, labels: [Bool]) {
    var generator = SplitMix64(seed: seed)
    var values: [Double] = []
    var labels: [Bool] = []
    for _ in 0..<rows {
      let a = generator.unit() * 2 - 1
      let b = generator.unit() * 2 - 1
      values += [a, b]
      labels.append(((a > 0) != (b > 0)) != (generator.unit() < noise))
    }
    return (FeatureMatrix(rowCount: rows, columnCount: 2, values: values), labels)
  }

  /// Column 0 is missing for a third of the rows and missing rows are mostly positive; present
  /// values carry a weaker signal. Column 1 is noise.
  static func missingAsSignal(rows: Int, seed: UInt64) -> (x: FeatureMatrix, labels: [Bool]) {
    var generator = SplitMix64(seed: seed)
    var values: [Double] = []
    var labels: [Bool] = []
    for _ in 0..<rows {
      let noise = generator.unit()
      if generator.unit() < 1.0 / 3 {
        values += [.nan, noise]
        labels.append(generator.unit() < 0.9)
      } else {
        let value = generator.unit()
        values += [value, noise]
        labels.append(generator.unit() < 0.1 + 0.2 * value)
      }
    }
    return (FeatureMatrix(rowCount: rows, columnCount: 2, values: values), labels)
  }

  /// Column 0 holds category codes 0...9; codes 1, 4, 7 and 8 are mostly positive (no single
  /// threshold separates them). Column 1 is noise.
  static func categories(rows: Int, seed: UInt64) -> (x: FeatureMatrix, labels: [Bool]) {
    var generator = SplitMix64(seed: seed)
    let positive: Set<Int> = [1, 4, 7, 8]
    var values: [Double] = []
    var labels: [Bool] = []
    for _ in 0..<rows {
      let code = generator.below(10)
      values += [Double(code), generator.unit()]
      labels.append((positive.contains(code)) != (generator.unit() < 0.05))
    }
    return (FeatureMatrix(rowCount: rows, columnCount: 2, values: values), labels)
  }

  /// Features with no relation to the labels.
  static func noise(rows: Int, columns: Int, seed: UInt64) -> (x: FeatureMatrix, labels: [Bool]) {
    var generator = SplitMix64(seed: seed)
    let values = (0..<(rows * columns)).map { _ in generator.unit() }
    let labels = (0..<rows).map { _ in generator.unit() < 0.4 }
    return (FeatureMatrix(rowCount: rows, columnCount: columns, values: values), labels)
  }
}
