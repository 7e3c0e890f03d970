import OhanaJSON

/// A list of expectations checked together against a table.
public struct ExpectationSuite: Sendable, Equatable {
  /// The expectations, checked in order.
  public var expectations: [Expectation]

  /// A suite of `expectations`.
  public init(expectations: [Expectation]) { self.expectations = expectations }

  /// Reads a JSON array of expectation objects; an error names the expectation at fault.
  public init(json: JSONValue) throws(TabularError) {
    guard let elements = json.arrayValue else {
      throw TabularError("expectations must be a JSON list of objects")
    }
    var expectations: [Expectation] = []
    for (index, element) in elements.enumerated() {
      do {
        expectations.append(try Expectation(json: element))
      } catch {
        throw TabularError("expectation \(index + 1): \(error.message)")
      }
    }
    self.expectations = expectations
  }

  /// The configurations, as a JSON array.
  public var json: JSONValue { .array(expectations.map(\.json)) }

  /// Checks every expectation, each in one pass over its column. The result stays small
  /// whatever the table: at most 20 unexpected values per expectation.
  public func validate(_ table: CSVTable) -> ValidationResult {
    let evaluator = ExpectationEvaluator(table: table)
    return ValidationResult(results: expectations.map(evaluator.evaluate))
  }
}
