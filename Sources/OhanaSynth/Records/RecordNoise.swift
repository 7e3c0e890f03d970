/// The imperfections of real family-tree records: missing facts, vague or bounded dates,
/// misread digits, dropped jurisdictions and variant surname spellings.
///
/// Every rate is scaled by the noise level, so level 0 writes exact, complete records.
struct RecordNoise {
  private var generator: SeededGenerator
  private let level: Double

  private static let months = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
  ]
  /// Handwritten digits that are easily read as one another.
  private static let misreadDigits = [1: 7, 7: 1, 3: 8, 8: 3, 5: 6, 6: 5]

  init(seed: UInt64, level: Double) {
    // A stream of its own, so the records never disturb the simulated lives.
    generator = SeededGenerator(seed: seed ^ 0x6E6F_6973_795F_7265)
    self.level = level
  }

  /// Whether an imperfection with full-noise rate `rate` happens this time.
  mutating func happens(_ rate: Double) -> Bool {
    generator.chance(rate * level)
  }

  /// A uniform integer in `range`, for record details such as burial delays.
  mutating func integer(in range: ClosedRange<Int>) -> Int {
    generator.integer(in: range)
  }

  /// The recorded form of `date`, or `nil` when the record lacks it (full-noise rate
  /// `missingRate`).
  mutating func dateText(_ date: CalendarDate, missingRate: Double) -> String? {
    if happens(missingRate) { return nil }
    var (year, month, day) = date.components
    if happens(0.05) { year += generator.chance(0.5) ? 1 : -1 }
    if happens(0.02), day <= 12, day != month { swap(&day, &month) }
    if happens(0.02), let misread = Self.misreadDigits[year % 10] { year += misread - year % 10 }
    let monthName = Self.months[month - 1]
    let forms: [(rate: Double, text: String)] = [
      (0.30, "\(year)"), (0.10, "ABT \(year)"), (0.04, "BEF \(year + 1)"),
      (0.04, "AFT \(year - 1)"), (0.04, "BET \(year - 1) AND \(year + 1)"),
      (0.08, "\(monthName) \(year)"),
    ]
    var roll = generator.unit()
    for form in forms {
      roll -= form.rate * level
      if roll < 0 { return form.text }
    }
    return "\(day) \(monthName) \(year)"
  }

  /// The recorded form of `place`, or `nil` when the record lacks it.
  mutating func placeText(_ place: Place) -> String? {
    if happens(0.3) { return nil }
    if happens(0.1) { return "\(place.village), \(place.region)" }
    return place.name
  }

  /// The surname as a clerk wrote it: sometimes another spelling of the same name.
  mutating func surnameText(_ surname: String) -> String {
    guard happens(0.06), let alternatives = NamePools.alternativeSpellings[surname],
      let variant = generator.element(of: alternatives)
    else { return surname }
    return variant
  }
}
