/// One simulated clinic visit: the measured features before any cell is blanked.
struct HeartPatient {
  enum ChestPain: String, CaseIterable {
    case typical, atypical
    case nonAnginal = "non-anginal"
    case asymptomatic
  }

  let age: Int
  let isMale: Bool
  let chestPain: ChestPain
  let restingBloodPressure: Int
  let cholesterol: Int
  let fastingBloodSugarHigh: Bool
  let maxHeartRate: Int
  let exerciseAngina: Bool
  /// ST depression induced by exercise, in tenths of a millimetre.
  let stDepressionTenths: Int

  /// A patient with plausible, mutually correlated measurements.
  init(using generator: inout SeededGenerator) {
    age = Int(generator.normal(mean: 54, deviation: 9).rounded()).clamped(to: 29...77)
    isMale = generator.chance(0.68)
    chestPain = ChestPain.allCases[generator.weightedIndex([0.08, 0.17, 0.28, 0.47])]
    let ageExcess = Double(age - 54)
    restingBloodPressure = Int(
      generator.normal(mean: 131 + 0.5 * ageExcess, deviation: 17).rounded()
    )
    .clamped(to: 90...200)
    cholesterol = Int(generator.normal(mean: 246 + 1.0 * ageExcess, deviation: 50).rounded())
      .clamped(to: 120...564)
    fastingBloodSugarHigh = generator.chance(0.1 + 0.004 * max(0, ageExcess + 10))
    maxHeartRate = Int(generator.normal(mean: 150 - 1.0 * ageExcess, deviation: 20).rounded())
      .clamped(to: 70...202)
    exerciseAngina = generator.chance(chestPain == .asymptomatic ? 0.55 : 0.15)
    let depression = generator.normal(mean: exerciseAngina ? 1.6 : 0.7, deviation: 0.9)
    stDepressionTenths = Int((max(0, depression) * 10).rounded()).clamped(to: 0...62)
  }
}

extension Int {
  fileprivate func clamped(to range: ClosedRange<Int>) -> Int {
    Swift.min(range.upperBound, Swift.max(range.lowerBound, self))
  }
}
