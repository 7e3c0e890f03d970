import OhanaJSON

/// A simulated population: the true people and families, which of them the written tree hides,
/// and the GEDCOM and truth files derived from them.
public struct Population: Sendable {
  /// The settings the population was simulated with.
  public let settings: SimulationSettings
  /// Everyone, in order of birth into the simulation (founders first).
  public let people: [Person]
  /// Every marriage, in order of the wedding.
  public let families: [Family]
  /// Indices into ``people`` of those whose link to their birth family is left out of the
  /// written tree, ordered by cross-reference number.
  public let detached: [Int]
  /// The last day simulated; people without a death date were alive then.
  public let endDate: CalendarDate
  /// Person indices in cross-reference order, the order records are written in.
  let personOrder: [Int]
  /// Family indices in cross-reference order.
  let familyOrder: [Int]
  private let detachedMask: [Bool]

  init(
    settings: SimulationSettings, people: [Person], families: [Family], detached: [Int],
    endDate: CalendarDate, personOrder: [Int], familyOrder: [Int]
  ) {
    self.settings = settings
    self.people = people
    self.families = families
    self.detached = detached
    self.endDate = endDate
    self.personOrder = personOrder
    self.familyOrder = familyOrder
    var mask = Array(repeating: false, count: people.count)
    for person in detached { mask[person] = true }
    detachedMask = mask
  }

  /// Whether the written tree leaves out the link from person `index` to their birth family.
  public func isDetached(_ index: Int) -> Bool { detachedMask[index] }

  /// The family tree as GEDCOM 5.5.1 text (UTF-8, with noisy dates, places and spellings);
  /// the same population always gives the same text.
  public func gedcom() -> String {
    var writer = GEDCOMWriter(population: self)
    return writer.write()
  }

  /// The answers hidden from the tree, as `{"seed": …, "people": N, "families": M,
  /// "detached": [{"person": "@I12@", "family": "@F3@"}, …]}` with one entry per detached
  /// person, ordered by cross-reference number.
  ///
  /// The seed is a JSON integer when it fits in 63 bits and a decimal string otherwise.
  public func truth() -> JSONValue {
    let seed = settings.seed
    let seedValue: JSONValue =
      seed <= UInt64(Int64.max) ? .int(Int64(seed)) : .string(String(seed))
    let links: [JSONValue] = detached.compactMap { person in
      guard let family = people[person].birthFamily else { return nil }
      return ["person": .string(people[person].xref), "family": .string(families[family].xref)]
    }
    return [
      "seed": seedValue, "people": .integer(people.count), "families": .integer(families.count),
      "detached": .array(links),
    ]
  }
}
