import Foundation

/// The person–family bipartite graph as the GraphSAGE network reads it: an input feature
/// vector per node and four neighbour lists (a person's parents' families and own families, a
/// family's children and spouses).
///
/// Person inputs: sex, birth and death years (scaled, with known flags), lifespan, a 16-bucket
/// hash of the surname's Soundex code, an 8-bucket hash of the birth place's words, the number
/// of own families. Family inputs: marriage year, whether husband and wife are recorded, the
/// parents' birth years, the father's surname bucket and the marriage place's buckets.
/// Nothing in the inputs counts children, so hiding a child's link changes only the edges.
struct GraphSAGEInputs: Sendable {
  static let surnameBuckets = 16
  static let placeBuckets = 8
  static let personWidth = 2 + 2 + 2 + 1 + 1 + surnameBuckets + 1 + placeBuckets + 1
  static let familyWidth = 2 + 2 + 4 + surnameBuckets + placeBuckets

  let personCount: Int
  let familyCount: Int
  /// Row-major person inputs, ``personWidth`` per person.
  let personFeatures: FlatBuffer<Double>
  /// Row-major family inputs, ``familyWidth`` per family.
  let familyFeatures: FlatBuffer<Double>
  /// A person's parents' families (compressed rows).
  let parentStart: FlatBuffer<Int32>
  let parentFamilies: FlatBuffer<Int32>
  /// A person's own families.
  let spouseStart: FlatBuffer<Int32>
  let spouseFamilies: FlatBuffer<Int32>
  /// A family's children.
  let childStart: FlatBuffer<Int32>
  let children: FlatBuffer<Int32>
  /// A family's husband and wife, when recorded.
  let spouseOfFamilyStart: FlatBuffer<Int32>
  let spousesOfFamily: FlatBuffer<Int32>

  init(view: LinkGraph) {
    personCount = view.personCount
    familyCount = view.familyCount
    parentStart = FlatBuffer(view.parentStart)
    parentFamilies = FlatBuffer(view.parentFamilies)
    spouseStart = FlatBuffer(view.spouseStart)
    spouseFamilies = FlatBuffer(view.spouseFamilies)
    childStart = FlatBuffer(view.childStart)
    children = FlatBuffer(view.children)
    var spouseStarts: [Int32] = [0]
    var spouses: [Int32] = []
    for family in 0..<view.familyCount {
      for parent in [view.father[family], view.mother[family]] where parent >= 0 { spouses.append(parent) }
      spouseStarts.append(Int32(spouses.count))
    }
    spouseOfFamilyStart = FlatBuffer(spouseStarts)
    spousesOfFamily = FlatBuffer(spouses)

    func scaledYear(_ year: Double) -> Double { min(3, max(-5, (year - 1800) / 100)) }
    func bucket(_ value: Int32, _ buckets: Int) -> Int {
      var hash = UInt64(UInt32(bitPattern: value)) &* 0x9E37_79B9_7F4A_7C15
      hash ^= hash >> 29
      return Int(hash % UInt64(buckets))
    }
    let pw = Self.personWidth
    var people = [Double](repeating: 0, count: personCount * pw)
    for person in 0..<personCount {
      let base = person * pw
      var column = base
      people[column + Int(view.sex[person] == 1 ? 0 : 1)] = view.sex[person] == 0 ? 0 : 1
      column += 2
      let born = view.birthYear[person]
      if born.isFinite {
        people[column] = 1
        people[column + 1] = scaledYear(born)
      }
      column += 2
      let died = view.deathYear[person]
      if died.isFinite {
        people[column] = 1
        people[column + 1] = scaledYear(died)
      }
      column += 2
      if born.isFinite, died.isFinite { people[column] = min(1.2, max(0, (died - born) / 100)) }
      column += 1
      let surname = view.surnameIndex[person]
      if surname >= 0 {
        people[column] = 1
        people[column + 1 + bucket(view.surnames.soundex[Int(surname)], Self.surnameBuckets)] = 1
      }
      column += 1 + Self.surnameBuckets
      let place = view.birthPlace[person]
      if place >= 0 {
        people[column] = 1
        for slot in Int(view.placeTokenStart[Int(place)])..<Int(view.placeTokenStart[Int(place) + 1]) {
          people[column + 1 + bucket(view.placeTokens[slot], Self.placeBuckets)] = 1
        }
      }
      column += 1 + Self.placeBuckets
      people[column] = log1p(Double(view.spouseStart[person + 1] - view.spouseStart[person]))
    }
    personFeatures = FlatBuffer(people)

    let fw = Self.familyWidth
    var families = [Double](repeating: 0, count: familyCount * fw)
    for family in 0..<familyCount {
      var column = family * fw
      let married = view.marriageYear[family]
      if married.isFinite {
        families[column] = 1
        families[column + 1] = scaledYear(married)
      }
      column += 2
      let dad = Int(view.father[family])
      let mom = Int(view.mother[family])
      families[column] = dad >= 0 ? 1 : 0
      families[column + 1] = mom >= 0 ? 1 : 0
      column += 2
      for parent in [dad, mom] {
        if parent >= 0, view.birthYear[parent].isFinite {
          families[column] = 1
          families[column + 1] = scaledYear(view.birthYear[parent])
        }
        column += 2
      }
      if dad >= 0, view.surnameIndex[dad] >= 0 {
        families[column + bucket(view.surnames.soundex[Int(view.surnameIndex[dad])], Self.surnameBuckets)] = 1
      }
      column += Self.surnameBuckets
      let place = view.marriagePlace[family]
      if place >= 0 {
        for slot in Int(view.placeTokenStart[Int(place)])..<Int(view.placeTokenStart[Int(place) + 1]) {
          families[column + bucket(view.placeTokens[slot], Self.placeBuckets)] = 1
        }
      }
    }
    familyFeatures = FlatBuffer(families)
  }
}
