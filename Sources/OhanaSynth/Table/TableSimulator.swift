/// Simulates a heart-disease table for the tabular pipeline: clinic visits with measurements and
/// a diagnosis drawn from a known logistic model, so a classifier has something real to learn.
public enum TableSimulator {
  /// The header row's column names, in order.
  public static let columns = [
    "patient_id", "visit_date", "age", "sex", "chest_pain", "resting_bp", "cholesterol",
    "fasting_blood_sugar", "max_heart_rate", "exercise_angina", "st_depression", "target",
  ]

  /// The first and last possible visit dates.
  public static let visitPeriod =
    CalendarDate(year: 2015, month: 1, day: 1)...CalendarDate(year: 2024, month: 12, day: 31)

  /// The table as CSV with a header row and `\n` line ends; equal settings give equal text.
  ///
  /// `rows` below 1 is treated as 1 and `missingFraction` is clamped to 0…1.
  public static func csv(_ settings: TableSettings) -> String {
    var generator = SeededGenerator(seed: settings.seed)
    let missing = min(1, max(0, settings.missingFraction))
    let rows = max(1, settings.rows)
    let firstDay = visitPeriod.lowerBound.dayNumber
    let dayCount = visitPeriod.upperBound.dayNumber - firstDay + 1
    var text = columns.joined(separator: ",") + "\n"
    text.reserveCapacity(rows * 80)
    for row in 1...rows {
      let patient = HeartPatient(using: &generator)
      let target = HeartRiskModel.diagnosis(patient, using: &generator)
      let visit = CalendarDate(dayNumber: firstDay + generator.index(below: dayCount))
      let features = [
        String(patient.age), patient.isMale ? "M" : "F", patient.chestPain.rawValue,
        String(patient.restingBloodPressure), String(patient.cholesterol),
        patient.fastingBloodSugarHigh ? "true" : "false", String(patient.maxHeartRate),
        patient.exerciseAngina ? "yes" : "no",
        "\(patient.stDepressionTenths / 10).\(patient.stDepressionTenths % 10)",
      ].map { generator.chance(missing) ? "" : $0 }
      let identifier =
        "P" + String(repeating: "0", count: max(0, 6 - String(row).count)) + String(row)
      let cells = [identifier, visit.isoText] + features + [String(target)]
      text += cells.joined(separator: ",")
      text += "\n"
    }
    return text
  }
}
