/// The fixed world the population lives in: villages grouped by region and country, with the
/// moves people make between them.
struct PlaceCatalog: Sendable {
  let places: [Place]
  /// For each place, the indices of the other villages of its region.
  private let regionNeighbours: [[Int]]
  /// For each place, the indices of villages in other regions of its country.
  private let countryNeighbours: [[Int]]

  static let standard = PlaceCatalog(countries: [
    (
      "England",
      [
        ("Kent", ["Ashford", "Faversham", "Tenterden", "Wye", "Cranbrook"]),
        ("Yorkshire", ["Thirsk", "Skipton", "Pickering", "Settle", "Helmsley"]),
        ("Devon", ["Tiverton", "Crediton", "Honiton", "Totnes", "Okehampton"]),
        ("Norfolk", ["Swaffham", "Aylsham", "Diss", "Holt", "Wymondham"]),
      ]
    ),
    (
      "Scotland",
      [
        ("Fife", ["Cupar", "Crail", "Falkland", "Leven"]),
        ("Perthshire", ["Crieff", "Aberfeldy", "Dunkeld", "Comrie"]),
      ]
    ),
    (
      "Wales",
      [
        ("Ceredigion", ["Tregaron", "Lampeter", "Aberaeron", "Llanddewi Brefi"]),
        ("Powys", ["Llanidloes", "Rhayader", "Machynlleth", "Builth Wells"]),
      ]
    ),
    (
      "Ireland",
      [
        ("Cork", ["Bandon", "Mallow", "Fermoy", "Skibbereen"]),
        ("Dublin", ["Dún Laoghaire", "Swords", "Lusk", "Balbriggan"]),
      ]
    ),
  ])

  private init(countries: [(String, [(String, [String])])]) {
    var places: [Place] = []
    var regionOf: [Int] = []
    var countryOf: [Int] = []
    var regionCount = 0
    for (countryIndex, (country, regions)) in countries.enumerated() {
      for (region, villages) in regions {
        for village in villages {
          places.append(Place(village: village, region: region, country: country))
          regionOf.append(regionCount)
          countryOf.append(countryIndex)
        }
        regionCount += 1
      }
    }
    self.places = places
    regionNeighbours = places.indices.map { index in
      places.indices.filter { $0 != index && regionOf[$0] == regionOf[index] }
    }
    countryNeighbours = places.indices.map { index in
      places.indices.filter { regionOf[$0] != regionOf[index] && countryOf[$0] == countryOf[index] }
    }
  }

  /// A destination for a move from `origin`: usually a village of the same region, sometimes
  /// another region of the country, rarely anywhere.
  func destination(from origin: Int, using generator: inout SeededGenerator) -> Int {
    let roll = generator.unit()
    if roll < 0.75, let nearby = generator.element(of: regionNeighbours[origin]) {
      return nearby
    }
    if roll < 0.95, let inCountry = generator.element(of: countryNeighbours[origin]) {
      return inCountry
    }
    return generator.index(below: places.count)
  }

  /// A village of the same region as `origin` (for births just outside the home village).
  func neighbour(of origin: Int, using generator: inout SeededGenerator) -> Int {
    generator.element(of: regionNeighbours[origin]) ?? origin
  }

  /// Whether two places lie in the same region.
  func sameRegion(_ first: Int, _ second: Int) -> Bool {
    first == second || regionNeighbours[first].contains(second)
  }
}
