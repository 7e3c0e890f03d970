import OhanaJSON

/// The outcome of an ``ExpectationSuite``, in the shape users of data-validation suites know:
/// `{"success", "statistics": {"evaluated_expectations", "successful_expectations",
/// "unsuccessful_expectations", "success_percent"}, "results": [{"expectation", "success",
/// "result": {"element_count", "missing_count", "missing_percent", "unexpected_count",
/// "unexpected_percent", "partial_unexpected_list", "partial_unexpected_lines"} or
/// {"observed_value", …}}]}`. Percentages are of the rows with a value (of all rows for
/// `not_null`), `null` when there are none.
public struct ValidationResult: Sendable, Equatable {
  /// Whether every expectation passed.
  public var success: Bool
  /// One result object per expectation, in order.
  public var results: [JSONValue]

  /// The outcome of these per-expectation results.
  public init(results: [JSONValue]) {
    self.results = results
    success = results.allSatisfy { $0["success"] == .bool(true) }
  }

  /// The number of expectations that passed.
  public var successfulCount: Int { results.filter { $0["success"] == .bool(true) }.count }

  /// The whole result, with its statistics.
  public var json: JSONValue {
    let passed = successfulCount
    return [
      "success": .bool(success),
      "statistics": [
        "evaluated_expectations": .integer(results.count), "successful_expectations": .integer(passed),
        "unsuccessful_expectations": .integer(results.count - passed),
        "success_percent": .double(results.isEmpty ? 100 : 100 * Double(passed) / Double(results.count)),
      ],
      "results": .array(results),
    ]
  }
}
