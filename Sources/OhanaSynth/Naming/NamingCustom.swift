/// The traditional naming pattern: the first son after his paternal grandfather, the second
/// after his maternal grandfather, the third after his father; daughters likewise after their
/// grandmothers and mother. Families follow it only part of the time.
struct NamingCustom {
  /// How often a family follows the pattern for a given child.
  static let adherence = 0.6
  /// How often a child also receives a second given name.
  static let secondNameRate = 0.15

  /// The namesakes, in pattern order, for a child of `sex`.
  struct Namesakes {
    let paternalGrandfather: String?
    let maternalGrandfather: String?
    let father: String
    let paternalGrandmother: String?
    let maternalGrandmother: String?
    let mother: String

    func candidate(for sex: Sex, birthRank: Int) -> String? {
      let order: [String?] =
        sex == .male
        ? [paternalGrandfather, maternalGrandfather, father]
        : [maternalGrandmother, paternalGrandmother, mother]
      return birthRank < order.count ? order[birthRank] : nil
    }
  }

  /// The given names of a new child: `birthRank` counts earlier siblings of the same sex, and
  /// `livingSiblingNames` keeps two living siblings from sharing a first name.
  static func givenName(
    sex: Sex, birthRank: Int, namesakes: Namesakes, livingSiblingNames: [String],
    using generator: inout SeededGenerator
  ) -> String {
    var first: String
    if generator.chance(adherence),
      let patterned = namesakes.candidate(for: sex, birthRank: birthRank),
      !livingSiblingNames.contains(patterned)
    {
      first = patterned
    } else {
      first = NamePools.randomGivenName(sex, using: &generator)
      var attempts = 0
      while livingSiblingNames.contains(first), attempts < 8 {
        first = NamePools.randomGivenName(sex, using: &generator)
        attempts += 1
      }
    }
    guard generator.chance(secondNameRate) else { return first }
    let second = NamePools.randomGivenName(sex, using: &generator)
    return second == first ? first : "\(first) \(second)"
  }

  /// The first of a person's given names (the one naming patterns pass on).
  static func firstName(of givenNames: String) -> String {
    String(givenNames.prefix { $0 != " " })
  }
}
