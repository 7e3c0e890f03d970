#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The known logistic model behind the simulated diagnoses: older age, male sex, asymptomatic
/// chest pain, exercise angina, ST depression, high pressure, cholesterol and blood sugar raise
/// the risk; a high maximum heart rate lowers it.
enum HeartRiskModel {
  static let intercept = -1.0
  static let perYearOverFiftyFour = 0.06
  static let male = 0.9
  static func chestPain(_ kind: HeartPatient.ChestPain) -> Double {
    switch kind {
    case .typical: return -0.2
    case .atypical: return -0.9
    case .nonAnginal: return -0.6
    case .asymptomatic: return 1.2
    }
  }
  static let perMillimetreMercuryOver130 = 0.015
  static let perMilligramCholesterolOver245 = 0.004
  static let highFastingBloodSugar = 0.4
  static let perBeatOver150 = -0.03
  static let exerciseAngina = 1.0
  static let perMillimetreSTDepressionOverOne = 0.6
  /// Spread of the unexplained, patient-specific part of the log-odds.
  static let unexplainedDeviation = 0.6

  /// The log-odds of heart disease for `patient` before the unexplained part.
  static func logOdds(_ patient: HeartPatient) -> Double {
    intercept
      + perYearOverFiftyFour * Double(patient.age - 54)
      + (patient.isMale ? male : 0)
      + chestPain(patient.chestPain)
      + perMillimetreMercuryOver130 * Double(patient.restingBloodPressure - 130)
      + perMilligramCholesterolOver245 * Double(patient.cholesterol - 245)
      + (patient.fastingBloodSugarHigh ? highFastingBloodSugar : 0)
      + perBeatOver150 * Double(patient.maxHeartRate - 150)
      + (patient.exerciseAngina ? exerciseAngina : 0)
      + perMillimetreSTDepressionOverOne * (Double(patient.stDepressionTenths) / 10 - 1)
  }

  /// Draws the diagnosis: 1 with the logistic probability of the noisy log-odds.
  static func diagnosis(_ patient: HeartPatient, using generator: inout SeededGenerator) -> Int {
    let noisy = logOdds(patient) + generator.normal(mean: 0, deviation: unexplainedDeviation)
    let probability = 1 / (1 + exp(-noisy))
    return generator.chance(probability) ? 1 : 0
  }
}
