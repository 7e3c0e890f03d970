/// Surnames and given names the simulated people draw from.
///
/// Surnames come in groups of spellings that sound alike (Smith/Smyth): founders take any
/// spelling, and a careless clerk may write another spelling of the same group, which a
/// phonetic code still matches.
enum NamePools {
  static let surnameGroups: [[String]] = [
    ["Smith", "Smyth", "Smythe"], ["Clark", "Clarke"], ["Thompson", "Thomson"],
    ["Reid", "Reed", "Read"], ["Gray", "Grey"], ["Phillips", "Philips"], ["Stephens", "Stevens"],
    ["Brown", "Browne"], ["Cooke", "Cook"], ["Davies", "Davis"], ["Mathews", "Matthews"],
    ["Taylor", "Tayler"], ["Wright"], ["Walker"], ["Hughes"], ["Green"], ["Hall"], ["Wood"],
    ["Harris"], ["Martin"], ["Jackson"], ["White"], ["Turner"], ["Hill"], ["Moore"], ["Baker"],
    ["Carter"], ["Mitchell"], ["Roberts"], ["Evans"], ["Jones"], ["Williams"], ["Lewis"],
    ["Morgan"], ["Price"], ["Griffiths"], ["Campbell"], ["Stewart"], ["Murray"], ["Fraser"],
    ["MacLeod"], ["Robertson"], ["Murphy"], ["Kelly"], ["O'Brien"], ["Byrne"], ["Ryan"],
    ["Walsh"], ["O'Sullivan"], ["Fletcher"], ["Shepherd"], ["Parker"], ["Cooper"], ["Fisher"],
    ["Mason"], ["Chapman"], ["Ward"], ["Bennett"], ["Ellis"], ["Holmes"], ["Marshall"],
    ["Ó Briain"], ["Pryce"], ["Lloyd"], ["Vaughan"],
  ]

  /// Every spelling, for founders' surnames.
  static let surnames: [String] = surnameGroups.flatMap { $0 }

  /// For each spelling in `surnames`, the other spellings of its group.
  static let alternativeSpellings: [String: [String]] = {
    var alternatives: [String: [String]] = [:]
    for group in surnameGroups {
      for spelling in group { alternatives[spelling] = group.filter { $0 != spelling } }
    }
    return alternatives
  }()

  /// Male given names, most popular first.
  static let maleNames: [String] = [
    "John", "William", "Thomas", "James", "George", "Joseph", "Richard", "Henry", "Robert",
    "Charles", "Samuel", "Edward", "David", "Benjamin", "Daniel", "Isaac", "Peter", "Hugh",
    "Owen", "Evan", "Patrick", "Michael", "Alexander", "Andrew", "Walter", "Francis", "Matthew",
    "Stephen", "Edmund", "Seán", "Rhys", "Dafydd",
  ]

  /// Female given names, most popular first.
  static let femaleNames: [String] = [
    "Mary", "Elizabeth", "Sarah", "Ann", "Jane", "Margaret", "Hannah", "Susannah", "Catherine",
    "Martha", "Alice", "Ellen", "Frances", "Esther", "Rebecca", "Emma", "Harriet", "Charlotte",
    "Isabella", "Agnes", "Janet", "Bridget", "Honora", "Gwen", "Siân", "Zoë", "Renée", "Lydia",
    "Rachel", "Phoebe",
  ]

  /// Popularity weights that fall off with rank, so a few names dominate as they did.
  static let maleWeights: [Double] = popularityWeights(count: maleNames.count)
  static let femaleWeights: [Double] = popularityWeights(count: femaleNames.count)

  private static func popularityWeights(count: Int) -> [Double] {
    (0..<count).map { 1.0 / Double($0 + 2) }
  }

  /// A name drawn by popularity for a person of `sex`.
  static func randomGivenName(_ sex: Sex, using generator: inout SeededGenerator) -> String {
    switch sex {
    case .male: return maleNames[generator.weightedIndex(maleWeights)]
    case .female: return femaleNames[generator.weightedIndex(femaleWeights)]
    }
  }
}
