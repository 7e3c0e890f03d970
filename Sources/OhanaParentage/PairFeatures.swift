import Foundation

/// The features of a (person, candidate family) pair that every learned model reads.
///
/// All values are finite: a fact that cannot be computed is 0 with a matching `*_missing`
/// indicator. The person's own link to the family, when the graph still has it (training
/// pairs), is always ignored, so training pairs look exactly like the pairs of people whose
/// parents are unknown. Ages and gaps are in years.
///
/// Changing the list, order or meaning of features requires bumping ``schemaVersion``; models
/// record the version they were trained with.
public struct PairFeatures: Sendable, Equatable {
  /// The version of the feature list below.
  public static let schemaVersion = 2

  /// Indices of the features, in schema order.
  enum Index: Int, CaseIterable {
    case motherAge, motherAgeMissing, motherAgeDeviation, motherAgeOutside
    case fatherAge, fatherAgeMissing, fatherAgeDeviation, fatherAgeOutside
    case yearsSinceMarriage, marriageMissing, bornBeforeMarriage
    case nearestSiblingGap, siblingDatesMissing, siblingWithin9Months, insideSiblingSpan, outsideSiblingSpan
    case motherDiedBefore, fatherDiedBefore, motherAlive, fatherAlive
    case surnameSimilarityFather, surnamePhoneticFather, surnameExactFather
    case surnameSimilarityMother, surnamePhoneticMother
    case surnameMissing, fatherSurnameMissing, siblingSurnameMatch
    case givenOverlapParents, firstNameSameSexParent, firstNameGrandparent
    case firstNameLivingSibling, firstNameDeadSibling, givenOverlapSiblings, firstNameExpectedNamesake
    case placeSiblings, placeMarriage, placeParents, placeMissing, placeSiblingsMissing, placeNearestSibling
    case placeLaterLife, placeLaterLifeMissing, siblingHole
    case familyChildren
    case birthPrecision, birthMissing, motherBirthPrecision, fatherBirthPrecision, marriagePrecision
    case hasFather, hasMother
    case candidateCount
    case sharesBlock, windowGap
  }

  /// The feature names, in the order of ``values``.
  public static let featureNames: [String] = [
    "mother_age", "mother_age_missing", "mother_age_deviation", "mother_age_outside_16_45",
    "father_age", "father_age_missing", "father_age_deviation", "father_age_outside_18_60",
    "years_since_marriage", "marriage_missing", "born_before_marriage_years",
    "nearest_sibling_gap", "sibling_dates_missing", "sibling_within_9_months", "inside_sibling_span",
    "outside_sibling_span_years",
    "mother_died_before_birth", "father_died_before_birth", "mother_alive_at_birth", "father_alive_at_birth",
    "surname_jaro_winkler_father", "surname_phonetic_father", "surname_exact_father",
    "surname_jaro_winkler_mother", "surname_phonetic_mother",
    "surname_missing", "father_surname_missing", "sibling_surname_match",
    "given_overlap_parents", "first_name_same_sex_parent", "first_name_grandparent",
    "first_name_living_sibling", "first_name_dead_sibling", "given_overlap_siblings",
    "first_name_expected_namesake",
    "place_siblings", "place_marriage", "place_parents", "place_missing", "place_siblings_missing",
    "place_nearest_sibling", "place_later_life", "place_later_life_missing", "sibling_hole_years",
    "family_children_log",
    "birth_precision", "birth_missing", "mother_birth_precision", "father_birth_precision",
    "marriage_precision",
    "has_father", "has_mother",
    "candidate_count_log",
    "shares_surname_block", "window_gap_years",
  ]

  /// Number of features.
  public static var count: Int { featureNames.count }

  /// The reason group of each feature: features of one group explain the same fact and are
  /// summed into one ``Reason``.
  static let groups: [ReasonGroup] = Index.allCases.map { ReasonGroup(feature: $0) }

  /// The values, in the order of ``featureNames``.
  public let values: [Double]

  /// The features of `person` against `family` in `graph`, with the person's candidate-list
  /// length as the competition feature.
  public init(person: Int, family: Int, in graph: PreparedGraph) {
    let view = graph.view
    let competing = graph.generator.candidates(for: person).count
    var values = [Double](repeating: 0, count: Self.count)
    values.withUnsafeMutableBufferPointer { buffer in
      Self.write(
        person: person, family: family, candidateCount: competing, view: view, into: buffer.baseAddress!)
    }
    self.values = values
  }

  /// Writes the ``count`` features of the pair to `out`.
  static func write(
    person p: Int, family f: Int, candidateCount: Int, view v: LinkGraph,
    into out: UnsafeMutablePointer<Double>
  ) {
    @inline(__always) func set(_ index: Index, _ value: Double) { out[index.rawValue] = value }
    for index in 0..<count { out[index] = 0 }
    let birth = v.birthYear[p]
    let hasBirth = birth.isFinite
    let dad = Int(v.father[f])
    let mom = Int(v.mother[f])

    // Ages of the parents at the birth.
    if mom >= 0, hasBirth, v.birthYear[mom].isFinite {
      let age = min(90, max(-30, birth - v.birthYear[mom]))
      set(.motherAge, age)
      set(.motherAgeDeviation, abs(age - 28))
      set(.motherAgeOutside, max(0, 16 - age) + max(0, age - 45))
    } else {
      set(.motherAgeMissing, 1)
    }
    if dad >= 0, hasBirth, v.birthYear[dad].isFinite {
      let age = min(100, max(-30, birth - v.birthYear[dad]))
      set(.fatherAge, age)
      set(.fatherAgeDeviation, abs(age - 32))
      set(.fatherAgeOutside, max(0, 18 - age) + max(0, age - 60))
    } else {
      set(.fatherAgeMissing, 1)
    }

    // The marriage.
    let married = v.marriageYear[f]
    if hasBirth, married.isFinite {
      let since = min(50, max(-20, birth - married))
      set(.yearsSinceMarriage, since)
      set(.bornBeforeMarriage, max(0, -since))
    } else {
      set(.marriageMissing, 1)
    }

    // The siblings already recorded (never the person themself).
    var siblings = 0
    var dated = 0
    var nearest = Double.infinity
    var within = 0
    var earliest = Double.infinity
    var latest = -Double.infinity
    var surnamed = 0
    var surnameMatches = 0
    var placeBest = 0.0
    var placedSiblings = 0
    var livingNamesake = false
    var deadNamesake = false
    var nearestSibling = -1
    var previous = -Double.infinity
    var next = Double.infinity
    var earlierSameSex = 0
    let ownSex = v.sex[p]
    let ownSurname = v.surnameIndex[p]
    let ownSurnameNorm = ownSurname >= 0 ? v.surnames.normalized[Int(ownSurname)] : -1
    let ownSoundex = ownSurname >= 0 ? v.surnames.soundex[Int(ownSurname)] : -1
    let ownFirst = v.firstName[p]
    let ownPlace = v.birthPlace[p]
    let givenFrom = Int(v.givenStart[p])
    let givenTo = Int(v.givenStart[p + 1])
    var givenSharedWithSiblings = 0
    var givenSharedMask: UInt64 = 0
    v.placeTokenStart.withUnsafeBufferPointer { starts in
      v.placeTokens.withUnsafeBufferPointer { tokens in
        func placeSpan(_ place: Int32) -> UnsafeBufferPointer<Int32> {
          let from = Int(starts[Int(place)])
          let to = Int(starts[Int(place) + 1])
          return UnsafeBufferPointer(rebasing: tokens[from..<to])
        }
        let ownTokens = ownPlace >= 0 ? placeSpan(ownPlace) : UnsafeBufferPointer(start: nil, count: 0)
        for slot in Int(v.childStart[f])..<Int(v.childStart[f + 1]) {
          let sibling = Int(v.children[slot])
          if sibling == p { continue }
          siblings += 1
          let born = v.birthYear[sibling]
          if born.isFinite {
            dated += 1
            earliest = min(earliest, born)
            latest = max(latest, born)
            if hasBirth {
              let gap = abs(born - birth)
              if gap < nearest {
                nearest = gap
                nearestSibling = sibling
              }
              if gap < 0.75 { within += 1 }
              if born < birth {
                previous = max(previous, born)
                if ownSex != 0, v.sex[sibling] == ownSex { earlierSameSex += 1 }
              } else {
                next = min(next, born)
              }
            }
          }
          let surname = v.surnameIndex[sibling]
          if surname >= 0, ownSurname >= 0 {
            surnamed += 1
            if v.surnames.soundex[Int(surname)] == ownSoundex { surnameMatches += 1 }
          }
          let place = v.birthPlace[sibling]
          if place >= 0 {
            placedSiblings += 1
            if ownPlace >= 0 { placeBest = max(placeBest, TextTokens.jaccard(ownTokens, placeSpan(place))) }
          }
          if ownFirst >= 0, v.firstName[sibling] == ownFirst {
            let died = v.deathYear[sibling]
            if hasBirth, died.isFinite, died < birth { deadNamesake = true } else { livingNamesake = true }
          }
          if givenTo > givenFrom {
            let from = Int(v.givenStart[sibling])
            let to = Int(v.givenStart[sibling + 1])
            for (offset, token) in v.givenTokens[givenFrom..<givenTo].enumerated() where offset < 64 {
              if v.givenTokens[from..<to].contains(token) { givenSharedMask |= 1 << UInt64(offset) }
            }
          }
        }
        givenSharedWithSiblings = givenSharedMask.nonzeroBitCount

        // The places of the person's later life (marriages, death) against the family's.
        var laterBest = 0.0
        var laterKnown = false
        let familyPlaces = (
          v.marriagePlace[f], dad >= 0 ? v.deathPlace[dad] : -1, mom >= 0 ? v.deathPlace[mom] : -1
        )
        let hasFamilyPlace = familyPlaces.0 >= 0 || familyPlaces.1 >= 0 || familyPlaces.2 >= 0
        func compare(_ place: Int32) {
          guard place >= 0 else { return }
          laterKnown = true
          let tokens = placeSpan(place)
          for other in [familyPlaces.0, familyPlaces.1, familyPlaces.2] where other >= 0 {
            laterBest = max(laterBest, TextTokens.jaccard(tokens, placeSpan(other)))
          }
        }
        if hasFamilyPlace {
          for slot in Int(v.spouseStart[p])..<Int(v.spouseStart[p + 1]) {
            compare(v.marriagePlace[Int(v.spouseFamilies[slot])])
          }
          compare(v.deathPlace[p])
        }
        if laterKnown { set(.placeLaterLife, laterBest) } else { set(.placeLaterLifeMissing, 1) }

        // Places of the marriage and of the parents.
        if ownPlace >= 0 {
          if nearestSibling >= 0, v.birthPlace[nearestSibling] >= 0 {
            set(.placeNearestSibling, TextTokens.jaccard(ownTokens, placeSpan(v.birthPlace[nearestSibling])))
          }
          if placedSiblings > 0 { set(.placeSiblings, placeBest) } else { set(.placeSiblingsMissing, 1) }
          let marriagePlace = v.marriagePlace[f]
          if marriagePlace >= 0 {
            set(.placeMarriage, TextTokens.jaccard(ownTokens, placeSpan(marriagePlace)))
          }
          var parentsBest = 0.0
          for parent in [dad, mom] where parent >= 0 {
            for place in [v.birthPlace[parent], v.deathPlace[parent]] where place >= 0 {
              parentsBest = max(parentsBest, TextTokens.jaccard(ownTokens, placeSpan(place)))
            }
          }
          set(.placeParents, parentsBest)
        } else {
          set(.placeMissing, 1)
          if placedSiblings == 0 { set(.placeSiblingsMissing, 1) }
        }
      }
    }
    if hasBirth, dated > 0 {
      set(.nearestSiblingGap, min(30, nearest))
      set(.siblingWithin9Months, Double(min(within, 3)))
      if birth >= earliest, birth <= latest {
        set(.insideSiblingSpan, 1)
        if previous.isFinite, next.isFinite { set(.siblingHole, min(30, next - previous)) }
      } else {
        set(.outsideSiblingSpan, min(40, max(earliest - birth, birth - latest)))
      }
    } else {
      set(.siblingDatesMissing, 1)
    }
    if surnamed > 0 { set(.siblingSurnameMatch, Double(surnameMatches) / Double(surnamed)) }
    if livingNamesake { set(.firstNameLivingSibling, 1) }
    if deadNamesake { set(.firstNameDeadSibling, 1) }
    if givenTo > givenFrom {
      set(.givenOverlapSiblings, Double(givenSharedWithSiblings) / Double(givenTo - givenFrom))
    }

    // Parents alive at the birth.
    if hasBirth, mom >= 0, v.deathYear[mom].isFinite {
      if v.deathHigh[mom] < birth - 0.05 {
        set(.motherDiedBefore, 1)
      } else if v.deathYear[mom] >= birth {
        set(.motherAlive, 1)
      }
    }
    if hasBirth, dad >= 0, v.deathYear[dad].isFinite {
      if v.deathHigh[dad] < birth - 1 {
        set(.fatherDiedBefore, 1)
      } else if v.deathYear[dad] >= birth - 0.75 {
        set(.fatherAlive, 1)
      }
    }

    // Surnames.
    if ownSurname < 0 { set(.surnameMissing, 1) }
    let dadSurname = dad >= 0 ? v.surnameIndex[dad] : -1
    if dadSurname < 0 {
      set(.fatherSurnameMissing, 1)
    } else if ownSurname >= 0 {
      let table = v.surnames
      if table.normalized[Int(dadSurname)] == ownSurnameNorm {
        set(.surnameSimilarityFather, 1)
        set(.surnameExactFather, 1)
      } else {
        set(
          .surnameSimilarityFather,
          JaroWinkler.similarity(table.letters[Int(ownSurname)], table.letters[Int(dadSurname)]))
      }
      if table.soundex[Int(dadSurname)] == ownSoundex { set(.surnamePhoneticFather, 1) }
    }
    let momSurname = mom >= 0 ? v.surnameIndex[mom] : -1
    if momSurname >= 0, ownSurname >= 0 {
      let table = v.surnames
      set(
        .surnameSimilarityMother,
        table.normalized[Int(momSurname)] == ownSurnameNorm
          ? 1 : JaroWinkler.similarity(table.letters[Int(ownSurname)], table.letters[Int(momSurname)]))
      if table.soundex[Int(momSurname)] == ownSoundex { set(.surnamePhoneticMother, 1) }
    }

    // Given names and naming customs.
    if givenTo > givenFrom {
      var shared = 0
      for token in v.givenTokens[givenFrom..<givenTo] {
        var found = false
        for parent in [dad, mom] where parent >= 0 && !found {
          if v.givenTokens[Int(v.givenStart[parent])..<Int(v.givenStart[parent + 1])].contains(token) {
            found = true
          }
        }
        if found { shared += 1 }
      }
      set(.givenOverlapParents, Double(shared) / Double(givenTo - givenFrom))
    }
    if ownFirst >= 0 {
      let childSex = v.sex[p]
      let sameSexParent = childSex == 1 ? dad : childSex == 2 ? mom : -1
      if sameSexParent >= 0, v.firstName[sameSexParent] == ownFirst { set(.firstNameSameSexParent, 1) }
      var grandparentMatch = false
      for parent in [dad, mom] where parent >= 0 && !grandparentMatch {
        for grandFamily in v.parentFamilies(of: parent) {
          for grandparent in [v.father[Int(grandFamily)], v.mother[Int(grandFamily)]] where grandparent >= 0 {
            let matchesSex =
              childSex == 0 || v.sex[Int(grandparent)] == 0 || v.sex[Int(grandparent)] == childSex
            if matchesSex, v.firstName[Int(grandparent)] == ownFirst { grandparentMatch = true }
          }
        }
      }
      if grandparentMatch { set(.firstNameGrandparent, 1) }
      // The customary namesake for the child's place among the same-sex children: sons after
      // the paternal grandfather, the maternal grandfather, then the father; daughters after
      // the maternal grandmother, the paternal grandmother, then the mother.
      if childSex != 0, hasBirth, earlierSameSex < 3 {
        func grandparent(_ parent: Int, male: Bool) -> Int {
          guard parent >= 0, let family = v.parentFamilies(of: parent).first else { return -1 }
          return Int(male ? v.father[Int(family)] : v.mother[Int(family)])
        }
        let namesake: Int
        switch (childSex, earlierSameSex) {
        case (1, 0): namesake = grandparent(dad, male: true)
        case (1, 1): namesake = grandparent(mom, male: true)
        case (1, _): namesake = dad
        case (_, 0): namesake = grandparent(mom, male: false)
        case (_, 1): namesake = grandparent(dad, male: false)
        default: namesake = mom
        }
        if namesake >= 0, v.firstName[namesake] == ownFirst { set(.firstNameExpectedNamesake, 1) }
      }
    }

    // Size, precision, structure.
    set(.familyChildren, log1p(Double(siblings)))
    set(.birthPrecision, Double(v.birthPrecision[p]) / 3)
    if !hasBirth { set(.birthMissing, 1) }
    if mom >= 0 { set(.motherBirthPrecision, Double(v.birthPrecision[mom]) / 3) }
    if dad >= 0 { set(.fatherBirthPrecision, Double(v.birthPrecision[dad]) / 3) }
    set(.marriagePrecision, Double(v.marriagePrecision[f]) / 3)
    if dad >= 0 { set(.hasFather, 1) }
    if mom >= 0 { set(.hasMother, 1) }
    set(.candidateCount, log(Double(max(1, candidateCount))))
    // Where the generator finds the family: in the person's surname blocks, and within the
    // years the family could have children (wider breadths and near misses bring others) —
    // both as if the person were not yet the family's child.
    if v.sharesBlock(person: p, family: f) { set(.sharesBlock, 1) }
    let window =
      v.isChild(p, of: f)
      ? v.childbearingWindow(of: f, excluding: p) : (low: v.familyWindowLow[f], high: v.familyWindowHigh[f])
    let gap = max(window.low - v.windowHigh[p], v.windowLow[p] - window.high)
    if gap > 0 { set(.windowGap, min(100, gap)) }
  }
}
