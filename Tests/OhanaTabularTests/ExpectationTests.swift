import Foundation
import OhanaJSON
import Testing

@testable import OhanaTabular

@Suite struct ExpectationTests {
  static let text =
    """
    age,sex,id,zip,day
    25,M,1,02134,2020-01-01
    40,F,2,10001,2020-06-01
    NA,F,2,9999,NA
    130,X,3,ABCDE,2019-01-01
    61,NA,4,02134,2020-03-01
    33,M,5,NA,2020-02-01

    """

  /// The result object of one expectation on the sample table.
  func result(_ config: JSONValue) throws -> JSONValue {
    let suite = try ExpectationSuite(json: [config])
    return try #require(suite.validate(try parse(Self.text)).results.first)
  }

  @Test func notNull() throws {
    let strict = try result(["expect": "not_null", "column": "age"])
    #expect(strict["success"] == false)
    #expect(strict["result"]?["unexpected_count"] == 1)
    #expect(strict["result"]?["element_count"] == 6)
    #expect(strict["result"]?["partial_unexpected_lines"] == [4])
    #expect(strict["result"]?["unexpected_percent"]?.doubleValue == 100.0 / 6)
    // 5 of 6 rows have a value: enough for mostly 0.8, not for 0.9.
    #expect(try result(["expect": "not_null", "column": "age", "mostly": 0.8])["success"] == true)
    #expect(try result(["expect": "not_null", "column": "age", "mostly": 0.9])["success"] == false)
  }

  @Test func between() throws {
    let outcome = try result(["expect": "between", "column": "age", "min": 0, "max": 120])
    #expect(outcome["success"] == false)
    #expect(outcome["result"]?["unexpected_count"] == 1)
    #expect(outcome["result"]?["missing_count"] == 1)
    #expect(outcome["result"]?["partial_unexpected_list"] == [130])
    // 4 of the 5 values are in range.
    #expect(outcome["result"]?["unexpected_percent"]?.doubleValue == 20)
    #expect(
      try result(["expect": "between", "column": "age", "min": 0, "max": 120, "mostly": 0.8])["success"]
        == true)
    #expect(try result(["expect": "between", "column": "age", "min": 25])["success"] == true)
    let days = try result(["expect": "between", "column": "day", "min": "2020-01-01", "max": "2020-12-31"])
    #expect(days["result"]?["partial_unexpected_list"] == ["2019-01-01"])
  }

  @Test func inSet() throws {
    let outcome = try result(["expect": "in_set", "column": "sex", "values": ["M", "F"]])
    #expect(outcome["success"] == false)
    #expect(outcome["result"]?["partial_unexpected_list"] == ["X"])
    #expect(outcome["result"]?["partial_unexpected_lines"] == [5])
    #expect(try result(["expect": "in_set", "column": "id", "values": [1, 2, 3, 4, 5]])["success"] == true)
    #expect(
      try result(["expect": "in_set", "column": "id", "values": [1, 2]])["result"]?["unexpected_count"] == 3)
  }

  @Test func unique() throws {
    let outcome = try result(["expect": "unique", "column": "id"])
    #expect(outcome["success"] == false)
    // Both rows holding the repeated value are unexpected, as in Great Expectations.
    #expect(outcome["result"]?["partial_unexpected_list"] == [2, 2])
    let sex = try result(["expect": "unique", "column": "sex"])
    #expect(sex["result"]?["unexpected_count"] == 4)
    #expect(try result(["expect": "unique", "column": "day"])["success"] == true)
  }

  @Test func matchesRegex() throws {
    let outcome = try result(["expect": "matches_regex", "column": "zip", "regex": "^[0-9]{5}$"])
    #expect(outcome["success"] == false)
    #expect(outcome["result"]?["partial_unexpected_list"] == ["9999", "ABCDE"])
    #expect(outcome["result"]?["missing_count"] == 1)
    let numbers = try result(["expect": "matches_regex", "column": "age", "regex": "^[0-9]{2}$"])
    #expect(numbers["result"]?["partial_unexpected_list"] == [130])
  }

  @Test func rowCountBetween() throws {
    let outcome = try result(["expect": "row_count_between", "min": 10, "max": 1_000_000])
    #expect(outcome["success"] == false)
    #expect(outcome["result"]?["observed_value"] == 6)
    #expect(try result(["expect": "row_count_between", "min": 6])["success"] == true)
  }

  @Test func columnType() throws {
    #expect(try result(["expect": "column_type", "column": "age", "type": "integer"])["success"] == true)
    let outcome = try result(["expect": "column_type", "column": "zip", "type": "integer"])
    #expect(outcome["success"] == false)
    #expect(outcome["result"]?["observed_value"] == "categorical")
  }

  @Test func meanAndStandardDeviation() throws {
    // pandas: Series([25, 40, None, 130, 61, 33]).mean() == 57.8, .std() == 42.51705540133277
    let mean = try result(["expect": "mean_between", "column": "age", "min": 30, "max": 70])
    #expect(mean["success"] == true)
    #expect(abs((mean["result"]?["observed_value"]?.doubleValue ?? 0) - 57.8) < 1e-12)
    let spread = try result(["expect": "stdev_between", "column": "age", "min": 1, "max": 30])
    #expect(spread["success"] == false)
    #expect(abs((spread["result"]?["observed_value"]?.doubleValue ?? 0) - 42.51705540133277) < 1e-9)
    let text = try result(["expect": "mean_between", "column": "sex", "min": 0])
    #expect(text["success"] == false)
    #expect(
      text["exception_info"]?["exception_message"]
        == "column \"sex\" is categorical; mean_between needs numbers")
  }

  @Test func missingColumnsFailWithAMessage() throws {
    let outcome = try result(["expect": "not_null", "column": "weight"])
    #expect(outcome["success"] == false)
    #expect(outcome["exception_info"]?["exception_message"] == "column \"weight\" is not in the table")
  }

  @Test func badConfigurationsAreNamed() throws {
    func message(_ config: JSONValue) -> String {
      do {
        _ = try Expectation(json: config)
        return ""
      } catch {
        return error.message
      }
    }
    #expect(message(["expect": "frobnicate", "column": "a"]).contains("unknown expectation \"frobnicate\""))
    #expect(message(["expect": "not_null", "column": "a", "colour": 1]).contains("unknown key \"colour\""))
    #expect(message(["expect": "between", "column": "a"]).contains("needs \"min\", \"max\" or both"))
    #expect(message(["expect": "between", "column": "a", "min": "low"]).contains("bounds must be numbers"))
    #expect(message(["expect": "not_null"]).contains("lacks \"column\""))
    #expect(message(["expect": "not_null", "column": "a", "mostly": 2]).contains("between 0 and 1"))
    #expect(
      message(["expect": "matches_regex", "column": "a", "regex": "(["]).contains(
        "not a valid regular expression"))
    #expect(
      message(["expect": "column_type", "column": "a", "type": "text"]).contains("unknown type \"text\""))
    #expect(message(["column": "a"]).contains("lacks \"expect\""))
    let suite = try #require(throws: TabularError.self) {
      try ExpectationSuite(json: [["expect": "unique", "column": "a"], ["expect": "nope"]])
    }
    #expect(suite.message.hasPrefix("expectation 2: "))
  }

  @Test func suiteResultShape() throws {
    let suite = try ExpectationSuite(json: [
      ["expect": "not_null", "column": "sex", "mostly": 0.5],
      ["expect": "between", "column": "age", "min": 0, "max": 120],
      ["expect": "row_count_between", "min": 1],
    ])
    let validation = suite.validate(try parse(Self.text))
    #expect(validation.success == false)
    let json = validation.json
    #expect(json["success"] == false)
    #expect(
      json["statistics"]
        == [
          "evaluated_expectations": 3, "successful_expectations": 2, "unsuccessful_expectations": 1,
          "success_percent": .double(200.0 / 3),
        ])
    #expect(
      json["results"]?[1]?["expectation"] == ["expect": "between", "column": "age", "min": 0, "max": 120])
    #expect(suite.json == .array(suite.expectations.map(\.json)))
    #expect(ExpectationSuite(expectations: []).validate(try parse(Self.text)).json["success"] == true)
  }

  @Test func aMillionBadRowsStaySmallAndFast() throws {
    let rows = 1_000_000
    let table = CSVTable(columns: [
      TableColumn(name: "x", type: .float, numbers: (0..<rows).map { Double($0) + 1000.5 }),
      TableColumn(
        name: "c", type: .categorical, codes: (0..<rows).map { Int32($0 % 3) }, levels: ["a", "b", "c"]),
    ])
    let suite = try ExpectationSuite(json: [
      ["expect": "between", "column": "x", "min": 0, "max": 10],
      ["expect": "in_set", "column": "c", "values": ["z"]],
      ["expect": "matches_regex", "column": "c", "regex": "^z"],
      ["expect": "not_null", "column": "x"],
    ])
    let start = Date()
    let validation = suite.validate(table)
    let seconds = Date().timeIntervalSince(start)
    #expect(seconds < 10, "validating 1,000,000 rows took \(seconds) s")
    for index in 0..<3 {
      let result = validation.results[index]["result"]
      #expect(result?["unexpected_count"] == .integer(rows))
      #expect(result?["partial_unexpected_list"]?.arrayValue?.count == 20)
      #expect(result?["partial_unexpected_lines"]?.arrayValue?.count == 20)
    }
    #expect(CanonicalJSON.bytes(validation.json).count < 20_000)
  }
}
