import OhanaSynth
import Testing

@Suite struct TableSimulatorTests {
  static let settings = TableSettings(seed: 9, rows: 4000, missingFraction: 0.05)
  static let text = TableSimulator.csv(settings)
  static let rows: [[String]] = text.split(separator: "\n").dropFirst().map {
    $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
  }

  static func column(_ name: String) -> Int { TableSimulator.columns.firstIndex(of: name)! }

  @Test func headerAndRowCount() {
    let header = Self.text.prefix { $0 != "\n" }
    #expect(
      header
        == "patient_id,visit_date,age,sex,chest_pain,resting_bp,cholesterol,fasting_blood_sugar,"
        + "max_heart_rate,exercise_angina,st_depression,target")
    #expect(Self.rows.count == 4000)
    #expect(Self.rows.allSatisfy { $0.count == TableSimulator.columns.count })
    #expect(Self.text.hasSuffix("\n"))
  }

  @Test func sameSeedSameBytesOtherSeedOtherBytes() {
    #expect(TableSimulator.csv(Self.settings) == Self.text)
    var other = Self.settings
    other.seed = 10
    #expect(TableSimulator.csv(other) != Self.text)
  }

  @Test func valuesStayInTheirRanges() throws {
    let integerRanges: [String: ClosedRange<Int>] = [
      "age": 29...77, "resting_bp": 90...200, "cholesterol": 120...564, "max_heart_rate": 70...202,
    ]
    let choices: [String: Set<String>] = [
      "sex": ["M", "F"], "chest_pain": ["typical", "atypical", "non-anginal", "asymptomatic"],
      "fasting_blood_sugar": ["true", "false"], "exercise_angina": ["yes", "no"],
      "target": ["0", "1"],
    ]
    var identifiers: Set<String> = []
    for row in Self.rows {
      #expect(identifiers.insert(row[0]).inserted)
      let date = row[Self.column("visit_date")]
      #expect(date.count == 10 && date >= "2015-01-01" && date <= "2024-12-31", "date \(date)")
      for (name, range) in integerRanges where !row[Self.column(name)].isEmpty {
        let value = try #require(Int(row[Self.column(name)]))
        #expect(range.contains(value), "\(name) \(value)")
      }
      for (name, allowed) in choices where !row[Self.column(name)].isEmpty {
        #expect(allowed.contains(row[Self.column(name)]), "\(name) \(row[Self.column(name)])")
      }
      let depression = row[Self.column("st_depression")]
      if !depression.isEmpty {
        let value = try #require(Double(depression))
        #expect((0...6.2).contains(value))
      }
      #expect(!row[Self.column("target")].isEmpty)
    }
  }

  @Test func aboutTheRequestedShareOfFeatureCellsIsEmpty() {
    let featureColumns = 2..<(TableSimulator.columns.count - 1)
    let empty = Self.rows.map { row in featureColumns.filter { row[$0].isEmpty }.count }
      .reduce(0, +)
    let share = Double(empty) / Double(Self.rows.count * featureColumns.count)
    #expect((0.04...0.06).contains(share), "share \(share)")
    let complete = TableSimulator.csv(TableSettings(seed: 9, rows: 500, missingFraction: 0))
    #expect(!complete.contains(",,") && !complete.contains(",\n"))
  }

  /// Mean target over the rows whose `column` value satisfies `include`.
  func targetRate(where column: String, _ include: (String) -> Bool) -> Double {
    let selected = Self.rows.filter {
      !$0[Self.column(column)].isEmpty && include($0[Self.column(column)])
    }
    let positives = selected.filter { $0[Self.column("target")] == "1" }.count
    return Double(positives) / Double(selected.count)
  }

  @Test func targetFollowsTheRiskFeatures() {
    let ages = Self.rows.compactMap { Int($0[Self.column("age")]) }.sorted()
    let lowerQuartile = ages[ages.count / 4]
    let upperQuartile = ages[3 * ages.count / 4]
    let oldRate = targetRate(where: "age") { Int($0)! >= upperQuartile }
    let youngRate = targetRate(where: "age") { Int($0)! <= lowerQuartile }
    #expect(oldRate > youngRate + 0.1, "old \(oldRate) young \(youngRate)")
    let asymptomatic = targetRate(where: "chest_pain") { $0 == "asymptomatic" }
    let atypical = targetRate(where: "chest_pain") { $0 == "atypical" }
    #expect(asymptomatic > atypical + 0.2)
    let overall = targetRate(where: "patient_id") { _ in true }
    #expect((0.3...0.7).contains(overall), "prevalence \(overall)")
  }
}
