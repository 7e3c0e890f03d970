import Foundation

/// The facts that features explain, one ``Reason`` each: the features of a group are summed
/// and described together ("mother aged 27 at the birth" covers the age, its deviation from
/// typical and its missing flag).
enum ReasonGroup: String, CaseIterable, Sendable {
  case motherAge = "mother_age"
  case fatherAge = "father_age"
  case marriage
  case siblings
  case parentsAlive = "parents_alive"
  case childbearingYears = "childbearing_years"
  case surname
  case givenNames = "given_names"
  case place
  case familySize = "family_size"
  case datePrecision = "date_precision"
  case parentsRecorded = "parents_recorded"
  case competition

  init(feature: PairFeatures.Index) {
    switch feature {
    case .motherAge, .motherAgeMissing, .motherAgeDeviation, .motherAgeOutside: self = .motherAge
    case .fatherAge, .fatherAgeMissing, .fatherAgeDeviation, .fatherAgeOutside: self = .fatherAge
    case .yearsSinceMarriage, .marriageMissing, .bornBeforeMarriage: self = .marriage
    case .nearestSiblingGap, .siblingDatesMissing, .siblingWithin9Months, .insideSiblingSpan,
      .outsideSiblingSpan,
      .siblingHole:
      self = .siblings
    case .motherDiedBefore, .fatherDiedBefore, .motherAlive, .fatherAlive: self = .parentsAlive
    case .windowGap: self = .childbearingYears
    case .surnameSimilarityFather, .surnamePhoneticFather, .surnameExactFather, .surnameSimilarityMother,
      .surnamePhoneticMother, .surnameMissing, .fatherSurnameMissing, .siblingSurnameMatch, .sharesBlock:
      self = .surname
    case .givenOverlapParents, .firstNameSameSexParent, .firstNameGrandparent, .firstNameLivingSibling,
      .firstNameDeadSibling, .givenOverlapSiblings, .firstNameExpectedNamesake:
      self = .givenNames
    case .placeSiblings, .placeMarriage, .placeParents, .placeMissing, .placeSiblingsMissing,
      .placeNearestSibling,
      .placeLaterLife, .placeLaterLifeMissing:
      self = .place
    case .familyChildren: self = .familySize
    case .birthPrecision, .birthMissing, .motherBirthPrecision, .fatherBirthPrecision, .marriagePrecision:
      self = .datePrecision
    case .hasFather, .hasMother: self = .parentsRecorded
    case .candidateCount: self = .competition
    }
  }

  /// Rewrites the group's features in `values` (one pair, schema order) as if the fact were
  /// unknown: values 0, missing flags 1. Groups that state no fact (date precision, recorded
  /// parents, competition) are left unchanged and so never weigh as reasons.
  func neutralize(_ values: UnsafeMutablePointer<Double>) {
    typealias F = PairFeatures.Index
    func clear(_ features: [F], missing: [F] = []) {
      for feature in features { values[feature.rawValue] = 0 }
      for feature in missing { values[feature.rawValue] = 1 }
    }
    switch self {
    case .motherAge:
      clear([.motherAge, .motherAgeDeviation, .motherAgeOutside], missing: [.motherAgeMissing])
    case .fatherAge:
      clear([.fatherAge, .fatherAgeDeviation, .fatherAgeOutside], missing: [.fatherAgeMissing])
    case .marriage: clear([.yearsSinceMarriage, .bornBeforeMarriage], missing: [.marriageMissing])
    case .siblings:
      clear(
        [.nearestSiblingGap, .siblingWithin9Months, .insideSiblingSpan, .outsideSiblingSpan, .siblingHole],
        missing: [.siblingDatesMissing])
    case .parentsAlive: clear([.motherDiedBefore, .fatherDiedBefore, .motherAlive, .fatherAlive])
    case .childbearingYears: clear([.windowGap])
    case .surname:
      clear(
        [
          .surnameSimilarityFather, .surnamePhoneticFather, .surnameExactFather, .surnameSimilarityMother,
          .surnamePhoneticMother, .siblingSurnameMatch, .sharesBlock,
        ],
        missing: [.surnameMissing])
    case .givenNames:
      clear([
        .givenOverlapParents, .firstNameSameSexParent, .firstNameGrandparent, .firstNameLivingSibling,
        .firstNameDeadSibling, .givenOverlapSiblings, .firstNameExpectedNamesake,
      ])
    case .place:
      clear(
        [.placeSiblings, .placeMarriage, .placeParents, .placeNearestSibling, .placeLaterLife],
        missing: [.placeMissing, .placeSiblingsMissing, .placeLaterLifeMissing])
    case .familySize: clear([.familyChildren])
    case .datePrecision, .parentsRecorded, .competition: break
    }
  }

  /// Groups whose facts are explained as reasons.
  static let explained: [ReasonGroup] = allCases.filter {
    $0 != .datePrecision && $0 != .parentsRecorded && $0 != .competition
  }

  /// A human-readable statement of the group's facts for the pair.
  func text(values: [Double], person: Int, family: Int, view: LinkGraph) -> String {
    func value(_ index: PairFeatures.Index) -> Double { values[index.rawValue] }
    func flag(_ index: PairFeatures.Index) -> Bool { values[index.rawValue] > 0.5 }
    let dad = Int(view.father[family])
    let mom = Int(view.mother[family])
    switch self {
    case .motherAge:
      if flag(.motherAgeMissing) {
        return mom < 0 ? "no mother recorded" : "mother's age at the birth unknown"
      }
      return "mother aged \(Int(value(.motherAge).rounded())) at the birth"
    case .fatherAge:
      if flag(.fatherAgeMissing) {
        return dad < 0 ? "no father recorded" : "father's age at the birth unknown"
      }
      return "father aged \(Int(value(.fatherAge).rounded())) at the birth"
    case .marriage:
      if flag(.marriageMissing) { return "marriage date unknown" }
      let since = value(.yearsSinceMarriage)
      return since >= 0
        ? "born \(Self.duration(since)) after the parents' marriage"
        : "born \(Self.duration(-since)) before the parents' marriage"
    case .siblings:
      if flag(.siblingDatesMissing) {
        return view.childCount(family) == 0
          ? "no other children recorded" : "siblings' or own birth date unknown"
      }
      if flag(.siblingWithin9Months) { return "a sibling was born within 9 months of this birth" }
      if value(.siblingHole) >= 3 {
        return "fills a \(Self.duration(value(.siblingHole))) gap between siblings' births"
      }
      let gap = "nearest sibling born \(Self.duration(value(.nearestSiblingGap))) apart"
      return flag(.insideSiblingSpan)
        ? gap + ", between the siblings' births"
        : gap + ", \(Self.duration(value(.outsideSiblingSpan))) outside the siblings' births"
    case .parentsAlive:
      if flag(.motherDiedBefore) { return "mother died before the birth" }
      if flag(.fatherDiedBefore) { return "father died more than a year before the birth" }
      if flag(.motherAlive) && flag(.fatherAlive) { return "both parents alive at the birth" }
      if flag(.motherAlive) { return "mother alive at the birth" }
      if flag(.fatherAlive) { return "father alive at the birth" }
      return "parents' deaths unknown"
    case .childbearingYears:
      let gap = value(.windowGap)
      return gap > 0
        ? "born \(Self.duration(gap)) outside the years the parents could have children"
        : "born in the years the parents could have children"
    case .surname:
      let own = view.surnameText(person)
      if flag(.surnameMissing) { return "no surname recorded" }
      let fathers = dad >= 0 ? view.surnameText(dad) : ""
      if flag(.surnameExactFather) { return "same surname (\(own))" }
      if flag(.surnamePhoneticFather) || value(.surnameSimilarityFather) >= 0.85 {
        return "similar surname (\(own) ~ \(fathers))"
      }
      if flag(.surnamePhoneticMother) { return "mother's surname (\(view.surnameText(mom)))" }
      if flag(.fatherSurnameMissing) {
        return value(.siblingSurnameMatch) > 0.5 ? "siblings' surname (\(own))" : "father's surname unknown"
      }
      if flag(.sharesBlock) { return "surname matches the family's names (\(own))" }
      return "different surname (\(own) vs \(fathers))"
    case .givenNames:
      let first = view.firstNameText(person)
      if flag(.firstNameLivingSibling) { return "a living sibling has the same first name (\(first))" }
      if flag(.firstNameExpectedNamesake) { return "named by the family's naming pattern (\(first))" }
      if flag(.firstNameSameSexParent) {
        return "named after \(view.sex[person] == 2 ? "the mother" : "the father") (\(first))"
      }
      if flag(.firstNameGrandparent) { return "named after a grandparent (\(first))" }
      if flag(.firstNameDeadSibling) { return "named after a sibling who died before (\(first))" }
      if value(.givenOverlapParents) > 0 { return "shares a given name with a parent" }
      if value(.givenOverlapSiblings) > 0 { return "shares a given name with a sibling" }
      return "no family naming pattern"
    case .place:
      if flag(.placeMissing) {
        return value(.placeLaterLife) > 0 ? "married or died near the family's places" : "birth place unknown"
      }
      let place = view.placeText(view.birthPlace[person])
      if value(.placeNearestSibling) >= 0.999 { return "born where the nearest sibling was born (\(place))" }
      if value(.placeSiblings) >= 0.999 { return "born in the same place as siblings (\(place))" }
      if value(.placeSiblings) > 0 { return "born near the siblings' birth places (\(place))" }
      if value(.placeMarriage) > 0 { return "born near where the parents married (\(place))" }
      if value(.placeParents) > 0 { return "born near where a parent was born or died (\(place))" }
      return "born away from the family's places (\(place))"
    case .familySize:
      let count = view.childCount(family) - (view.parentFamilies(of: person).contains(Int32(family)) ? 1 : 0)
      return count == 1 ? "family has 1 other child" : "family has \(count) other children"
    case .datePrecision:
      if flag(.birthMissing) { return "birth date unknown" }
      switch view.birthPrecision[person] {
      case 3: return "birth date known to the day"
      case 2: return "birth date known to the month"
      default: return "birth date known only to the year"
      }
    case .parentsRecorded:
      if dad < 0 { return "no father recorded" }
      if mom < 0 { return "no mother recorded" }
      return "both parents recorded"
    case .competition:
      let count = Int(exp(value(.candidateCount)).rounded())
      return count == 1 ? "the only candidate family" : "one of \(count) candidate families"
    }
  }

  /// "4 months", "1 year", "2.5 years".
  static func duration(_ years: Double) -> String {
    if years < 1 {
      let months = Int((years * 12).rounded())
      return months == 1 ? "1 month" : "\(months) months"
    }
    let rounded = (years * 2).rounded() / 2
    if rounded == 1 { return "1 year" }
    return rounded == rounded.rounded() ? "\(Int(rounded)) years" : "\(rounded) years"
  }
}
