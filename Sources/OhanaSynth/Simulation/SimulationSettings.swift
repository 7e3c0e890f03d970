/// What to simulate: the size, the era, how much of the tree to hide and how noisy the records are.
public struct SimulationSettings: Sendable, Hashable {
  /// The seed; equal settings give byte-identical output.
  public var seed: UInt64
  /// The approximate number of people to simulate (the simulation stops at the first birth
  /// that reaches it, or earlier if the population dies out); at least 2.
  public var people: Int
  /// The first year in which founders are born.
  public var startYear: Int
  /// How many years founders' births span, e.g. 50 for 1750–1799.
  public var founderBirthSpan: Int
  /// The fraction of all people whose link to their parents' family is removed from the written
  /// tree and kept in the truth (only people born in the simulation can be detached); 0…1.
  public var detachFraction: Double
  /// How noisy the written records are, from 0 (exact, complete dates and places) to 1.
  public var noise: Double

  /// Settings with the given values; the defaults describe a moderately noisy 18th–19th century
  /// population of a thousand people.
  public init(
    seed: UInt64, people: Int = 1000, startYear: Int = 1750, founderBirthSpan: Int = 50,
    detachFraction: Double = 0.1, noise: Double = 0.5
  ) {
    self.seed = seed
    self.people = people
    self.startYear = startYear
    self.founderBirthSpan = founderBirthSpan
    self.detachFraction = detachFraction
    self.noise = noise
  }
}
