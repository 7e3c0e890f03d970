import OhanaJSON
import Testing

@Suite struct CanonicalJSONTests {
  @Test func sortsKeysIndentsAndEndsWithNewline() {
    let value: JSONValue = ["b": 1, "a": ["z": true, "y": .null], "c": [1, 2.5, "x"]]
    let expected = """
      {
        "a": {
          "y": null,
          "z": true
        },
        "b": 1,
        "c": [
          1,
          2.5,
          "x"
        ]
      }

      """
    #expect(CanonicalJSON.encode(value) == expected)
  }

  @Test func keysSortByBytesNotLocale() {
    let value: JSONValue = ["é": 1, "Z": 2, "a": 3]
    #expect(CanonicalJSON.encodeCompact(value) == #"{"Z":2,"a":3,"é":1}"#)
  }

  @Test func numbersAreStable() {
    #expect(CanonicalJSON.encodeCompact([0.1, 1e-7, 3.0, 0.0, -2.5, 12345678901234]) == "[0.1,1e-07,3.0,0.0,-2.5,12345678901234]")
    #expect(CanonicalJSON.encodeCompact(.double(.nan)) == "null")
    #expect(CanonicalJSON.encodeCompact(.double(.infinity)) == "null")
  }

  @Test func escapesControlCharactersAndQuotes() throws {
    let text = "quote \" backslash \\ newline \n tab \t bell \u{07} line-separator \u{2028} ünïcödé"
    let encoded = CanonicalJSON.encodeCompact(.string(text))
    #expect(encoded == #""quote \" backslash \\ newline \n tab \t bell \u0007 line-separator \u2028 ünïcödé""#)
    #expect(try JSONParser.parse(encoded) == .string(text))
  }

  @Test func emptyContainers() {
    #expect(CanonicalJSON.encode(["a": [], "b": [:]]) == "{\n  \"a\": [],\n  \"b\": {}\n}\n")
  }

  @Test(arguments: [
    "{\"a\":[1,2,{\"b\":null}],\"c\":\"d\",\"e\":-0.5,\"f\":1e300,\"g\":false}",
    "[]", "{}", "\"\\ud83d\\ude00\"", "-12", "[[[[[]]]]]",
  ])
  func roundTripsThroughTheParser(_ text: String) throws {
    let value = try JSONParser.parse(text)
    #expect(try JSONParser.parse(CanonicalJSON.encode(value)) == value)
    #expect(CanonicalJSON.encode(try JSONParser.parse(CanonicalJSON.encode(value))) == CanonicalJSON.encode(value))
  }

  @Test func integersAndDoublesStayApart() throws {
    #expect(try JSONParser.parse("3") == .int(3))
    #expect(try JSONParser.parse("3.0") == .double(3))
    #expect(try JSONParser.parse("3e0") == .double(3))
    #expect(try JSONParser.parse("\"\\ud83d\\ude00\"") == .string("😀"))
  }

  @Test(arguments: [
    "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\u{01}\"", "\"\\x\"", "tru", "[1] 2",
    "{\"a\":1,\"a\":2}", "\"\\ud800\"", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
  ])
  func rejectsInvalidDocuments(_ text: String) {
    #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
  }

  @Test func accessors() throws {
    let value = try JSONParser.parse(#"{"n": 2, "d": 2.5, "s": "x", "b": true, "a": [1], "o": {}}"#)
    #expect(value["n"]?.intValue == 2)
    #expect(value["d"]?.doubleValue == 2.5)
    #expect(value["s"]?.stringValue == "x")
    #expect(value["b"]?.boolValue == true)
    #expect(value["a"]?.arrayValue == [1])
    #expect(value["o"]?.objectValue == [:])
    #expect(value["missing"] == nil)
    #expect(JSONValue.nullable(nil) == .null)
    #expect(JSONValue.integer(UInt8(7)) == .int(7))
  }
}
