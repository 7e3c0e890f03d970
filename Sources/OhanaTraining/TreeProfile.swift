import OhanaDates
import OhanaGEDCOM
import OhanaMonitor

/// The people of family trees as columns that drift analysis can compare: what a parent
/// prediction model learned from, so a tree unlike its training trees (another century, other
/// record-keeping habits, sparser links) shows up before its predictions are trusted.
///
/// One row per person. Years come from a date's midpoint and only from dates known to within
/// ten years; other values are missing (NaN), as are the parents' ages of people without parents.
struct TreeProfile {
  /// The columns, by name.
  private(set) var columns: [String: ColumnSample] = [:]

  /// The number of people.
  private(set) var people = 0

  /// Column names, in the order reports list them.
  static let columnNames = [
    "birth_year", "lifespan_years", "birth_date_precision", "sex", "surname_known", "birth_place_known",
    "parents_known", "siblings", "father_age_at_birth", "mother_age_at_birth",
  ]

  /// The people of all `graphs`, one after the other.
  init(graphs: [FamilyGraph]) {
    var birthYear: [Double] = []
    var lifespan: [Double] = []
    var precision: [String?] = []
    var sex: [String?] = []
    var surnameKnown: [String?] = []
    var birthPlaceKnown: [String?] = []
    var parentsKnown: [String?] = []
    var siblings: [Double] = []
    var fatherAge: [Double] = []
    var motherAge: [Double] = []
    for graph in graphs {
      for person in 0..<graph.personCount {
        let born = Self.year(graph.birth[person])
        birthYear.append(born)
        lifespan.append(Self.year(graph.death[person]) - born)
        precision.append(Self.precisionName(graph.birth[person].precision))
        sex.append(graph.sex[person].rawValue)
        surnameKnown.append(Self.yesNo(!graph.strings[Int(graph.surname[person])].isEmpty))
        birthPlaceKnown.append(Self.yesNo(!graph.strings[Int(graph.birthPlace[person])].isEmpty))
        let family = graph.parentFamilies(of: person).first.map(Int.init)
        parentsKnown.append(Self.yesNo(family != nil))
        guard let family else {
          siblings.append(.nan)
          fatherAge.append(.nan)
          motherAge.append(.nan)
          continue
        }
        siblings.append(Double(graph.children(of: family).count - 1))
        fatherAge.append(born - Self.parentBirthYear(graph, graph.husband[family]))
        motherAge.append(born - Self.parentBirthYear(graph, graph.wife[family]))
      }
      people += graph.personCount
    }
    columns = [
      "birth_year": .numeric(birthYear), "lifespan_years": .numeric(lifespan),
      "birth_date_precision": .categorical(precision), "sex": .categorical(sex),
      "surname_known": .categorical(surnameKnown), "birth_place_known": .categorical(birthPlaceKnown),
      "parents_known": .categorical(parentsKnown), "siblings": .numeric(siblings),
      "father_age_at_birth": .numeric(fatherAge), "mother_age_at_birth": .numeric(motherAge),
    ]
  }

  /// Julian day 2451545 is 1 January 2000.
  private static let julianDayOf2000 = 2_451_545.0
  private static let daysPerYear = 365.2425
  /// Wider ranges say too little about when something happened to count.
  private static let widestRangeDays: Int32 = 3_653

  /// The date's year (with fractions), or NaN when it is unknown, open or vaguer than ten years.
  static func year(_ date: DateColumn.Entry) -> Double {
    guard let range = date.range, let middle = range.midpoint,
      Int64(range.latest) - Int64(range.earliest) <= Int64(widestRangeDays)
    else { return .nan }
    return 2000 + (Double(middle) - julianDayOf2000) / daysPerYear
  }

  private static func parentBirthYear(_ graph: FamilyGraph, _ parent: Int32) -> Double {
    parent < 0 ? .nan : year(graph.birth[Int(parent)])
  }

  private static func yesNo(_ flag: Bool) -> String { flag ? "yes" : "no" }

  private static func precisionName(_ precision: Precision) -> String {
    switch precision {
    case .none: "none"
    case .year: "year"
    case .month: "month"
    case .day: "day"
    }
  }
}
