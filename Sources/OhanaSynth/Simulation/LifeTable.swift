/// A pre-industrial life table: heavy infant and child mortality, then most adults live into
/// their fifties to eighties.
enum LifeTable {
  /// Age bands in years with the chance of dying within the band once it is reached.
  private static let bands: [(start: Double, end: Double, deathChance: Double)] = [
    (0, 1, 0.14), (1, 5, 0.10), (5, 15, 0.05), (15, 30, 0.07), (30, 45, 0.10),
    (45, 60, 0.18), (60, 70, 0.30), (70, 80, 0.50), (80, 90, 0.75), (90, 104, 1.0),
  ]

  /// A lifespan in days for someone known to have reached `minimumAge` years.
  static func lifespanDays(reaching minimumAge: Double, using generator: inout SeededGenerator)
    -> Int
  {
    for band in bands where band.end > minimumAge {
      if generator.chance(band.deathChance) {
        let start = max(band.start, minimumAge)
        return Int(generator.uniform(in: start...band.end) * 365.2425)
      }
    }
    return Int(bands[bands.count - 1].end * 365.2425)
  }
}
