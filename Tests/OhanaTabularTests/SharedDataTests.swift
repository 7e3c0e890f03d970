import OhanaTestSupport
import Testing

@testable import OhanaTabular

/// The real public tables in the shared data folder. Reference counts come from Python's csv
/// module (`csv.reader` with `encoding="utf-8-sig"`: records after the header, and those whose
/// field count differs from the header's) and pandas 3.1 (`read_csv`, default options).
@Suite(.enabled(if: SharedData.isAvailable, "shared data folder absent (../shared/data or $OHANA_DATA)"))
struct SharedDataTests {
  func table(_ name: String) throws -> CSVTable {
    try CSVTable.parse(contentsOf: SharedData.path("tabular/" + name))
  }

  @Test func heartCleveland() throws {
    let table = try table("heart-cleveland.csv")
    #expect(table.rowCount == 303)
    #expect(table.problems.isEmpty)
    #expect(table.columns.count == 14)
    #expect(table.column(named: "oldpeak")?.type == .float)
    #expect(table.columns.filter { $0.type == .integer }.count == 13)
    #expect(try TableSchema.infer(from: table, target: "target").positiveClass == "1")
  }

  @Test func heartUCIFourSites() throws {
    let table = try table("heart-uci-4sites.csv")
    #expect(table.rowCount == 920)
    #expect(table.problems.isEmpty)
    // pandas: df.isna().sum()
    let missing = ["trestbps": 59, "chol": 30, "fbs": 90, "restecg": 2, "thalch": 55, "ca": 611, "thal": 486]
    for (name, count) in missing { #expect(table.column(named: name)?.missingCount == count, "\(name)") }
    #expect(table.column(named: "fbs")?.type == .boolean)
    #expect(
      table.column(named: "dataset")?.levels == ["Cleveland", "Hungary", "Switzerland", "VA Long Beach"])
    // pandas: df.chol.mean(), df.chol.std()
    let suite = try ExpectationSuite(json: [
      ["expect": "mean_between", "column": "chol", "min": 199.1303370786, "max": 199.1303370787],
      ["expect": "stdev_between", "column": "chol", "min": 110.78081035, "max": 110.78081036],
    ])
    #expect(suite.validate(table).success)
    // "num" has five classes (0-4): not a binary target as it stands.
    #expect(throws: TabularError.self) { try TableSchema.infer(from: table, target: "num") }
  }

  @Test func framingham() throws {
    let table = try table("framingham-chd.csv")
    #expect(table.rowCount == 4238)
    #expect(table.problems.isEmpty)
    let glucose = try #require(table.column(named: "glucose"))
    #expect(glucose.missingCount == 388)
    let values = glucose.numbers.filter { !$0.isNaN }
    // pandas: df.glucose.mean() == 81.96675324675324
    #expect(abs(values.reduce(0, +) / Double(values.count) - 81.96675324675324) < 1e-9)
    let schema = try TableSchema.infer(from: table, target: "TenYearCHD")
    let labels = FeatureEncoder(schema: schema, mode: .oneHot, training: table).labels(table)
    #expect(labels.filter { $0 == true }.count == 644)
  }

  @Test func brfss() throws {
    let table = try table("brfss-heart-2020.csv")
    // 287,959 records; 6,011 of them are whole rows wrapped in one pair of quotes (the rows whose
    // Diabetic value holds a comma), read as the rows they hold.
    #expect(table.rowCount == 287_959)
    #expect(table.problems.isEmpty)
    #expect(table.lines[18] == 20)
    #expect(table.columnNames.first == "HeartDisease")
    let target = try #require(table.column(named: "HeartDisease"))
    // Python, csv.reader with each one-field record read again as a record: 24,670 "Yes".
    #expect(target.levels == ["No", "Yes"])
    #expect(target.codes.filter { $0 == 1 }.count == 24670)
    #expect(
      table.column(named: "Diabetic")?.levels == [
        "No", "No, borderline diabetes", "Yes", "Yes (during pregnancy)",
      ])
    let bmi = try #require(table.column(named: "BMI")).numbers
    // pandas: Series(BMI).mean() == 28.362143256505266
    #expect(abs(bmi.reduce(0, +) / Double(bmi.count) - 28.362143256505266) < 1e-9)
    #expect(try CSVTable(decoding: table.encoded()) == table)
    // Without the repair the wrapped rows are problems, with their lines.
    let strict = try CSVTable.parse(
      contentsOf: SharedData.path("tabular/brfss-heart-2020.csv"),
      options: CSVOptions(repairsQuotedRecords: false))
    #expect(strict.rowCount == 281_948)
    #expect(strict.problems.count == 6011)
    #expect(strict.problems.first?.line == 20)
    #expect(strict.problems.first?.reason == "1 field, expected 18 like the header")
  }

  @Test func nycFlights() throws {
    let table = try table("nyc-flights-2013-delay.csv")
    #expect(table.rowCount == 327_346)
    #expect(table.problems.isEmpty)
    #expect(table.columns.count == 29)
    #expect(table.columns.allSatisfy { $0.type == .integer })
  }

  @Test func parsingWithTheInferredSchemaGivesTheSameTable() throws {
    for name in ["heart-uci-4sites.csv", "framingham-chd.csv"] {
      let path = SharedData.path("tabular/" + name)
      let table = try CSVTable.parse(contentsOf: path)
      let schema = try TableSchema.infer(from: table, target: nil)
      #expect(try CSVTable.parse(contentsOf: path, schema: schema) == table, "\(name)")
      #expect(schema.check(table) == .same)
    }
  }
}
