import OhanaJSON
import Testing

@testable import OhanaTabular

@Suite struct TableSchemaTests {
  static let training = """
    id,age,sex,smoker,visit,outcome
    1,63,M,true,2020-01-01,No
    2,NA,F,false,2020-02-01,Yes
    3,41,F,false,2020-03-01,No
    """

  @Test func inferTakesTypesNullabilityLevelsAndPositiveClass() throws {
    let schema = try TableSchema.infer(from: try parse(Self.training), target: "outcome")
    #expect(schema.version == "1.0")
    #expect(schema.target == "outcome")
    #expect(schema.positiveClass == "Yes")
    #expect(
      schema.fields == [
        .init(name: "id", type: .integer, nullable: false),
        .init(name: "age", type: .integer, nullable: true),
        .init(name: "sex", type: .categorical, nullable: false, levels: ["F", "M"]),
        .init(name: "smoker", type: .boolean, nullable: false),
        .init(name: "visit", type: .date, nullable: false),
        .init(name: "outcome", type: .categorical, nullable: false, levels: ["No", "Yes"]),
      ])
  }

  @Test func positiveClassOfNumericAndBooleanTargets() throws {
    #expect(try TableSchema.infer(from: try parse("x,y\n1,0\n2,1\n"), target: "y").positiveClass == "1")
    #expect(
      try TableSchema.infer(from: try parse("x,y\n1,false\n2,true\n"), target: "y").positiveClass == "true")
    #expect(try TableSchema.infer(from: try parse("x,y\n1,2\n"), target: nil).positiveClass == nil)
  }

  @Test func targetMustExistAndBeBinary() throws {
    let absent = try #require(throws: TabularError.self) {
      try TableSchema.infer(from: try parse("a,b\n1,2\n"), target: "label")
    }
    #expect(absent.message.contains("\"label\" is not in the table"))
    let three = try #require(throws: TabularError.self) {
      try TableSchema.infer(from: try parse("a,y\n1,x\n2,y\n3,z\n"), target: "y")
    }
    #expect(three.message.contains("3 classes (x, y, z)"))
    #expect(three.message.contains("exactly two"))
    let single = try #require(throws: TabularError.self) {
      try TableSchema.infer(from: try parse("a,y\n1,0\n2,0\n"), target: "y")
    }
    #expect(single.message.contains("1 classes"))
    let coded = try #require(throws: TabularError.self) {
      try TableSchema.infer(from: try parse("a,y\n1,1\n2,2\n"), target: "y")
    }
    #expect(coded.message.contains("0/1"))
    #expect(throws: TabularError.self) {
      try TableSchema.infer(from: try parse("a,y\n1,2020-01-01\n2,2020-01-02\n"), target: "y")
    }
  }

  @Test func jsonRoundTrip() throws {
    let schema = try TableSchema.infer(from: try parse(Self.training), target: "outcome")
    let text = CanonicalJSON.encode(schema.json)
    #expect(text.contains("\"positive_class\": \"Yes\""))
    let read = try TableSchema(json: try JSONParser.parse(text))
    #expect(read == schema)
  }

  @Test func badJSONIsNamed() throws {
    let unknown = try #require(throws: TabularError.self) {
      try TableSchema(json: ["version": "1.0", "fields": [], "colour": "red"])
    }
    #expect(unknown.message.contains("\"colour\""))
    #expect(throws: TabularError.self) { try TableSchema(json: ["version": "one", "fields": []]) }
    #expect(throws: TabularError.self) {
      try TableSchema(json: ["version": "1.0", "fields": [["name": "a", "type": "text", "nullable": false]]])
    }
    #expect(throws: TabularError.self) {
      try TableSchema(json: ["version": "1.0", "target": "z", "fields": []])
    }
  }

  @Test func versions() {
    let schema = TableSchema(version: "1.9", target: nil, fields: [])
    #expect(schema.nextMinorVersion == "1.10")
    #expect(schema.nextMajorVersion == "2.0")
  }

  @Test func sameData() throws {
    let schema = try TableSchema.infer(from: try parse(Self.training), target: "outcome")
    let again = try parse("id,age,sex,smoker,visit,outcome\n9,50,M,true,2021-01-01,Yes\n")
    #expect(schema.check(again) == .same)
    // Integers in a float field and 0/1 in a boolean field fit.
    let floats = try TableSchema.infer(from: try parse("v,b\n1.5,true\n"), target: nil)
    #expect(floats.check(try parse("v,b\n2,1\n")) == .same)
  }

  @Test func compatibleChangesMakeAMinorVersion() throws {
    let schema = try TableSchema.infer(from: try parse(Self.training), target: "outcome")
    let newer = try parse(
      "id,age,sex,smoker,visit,outcome,bmi\n4,50.5,X,NA,2021-01-01,No,22.1\n5,44,F,true,2021-01-02,Yes,NA\n")
    guard case .compatible(let evolved, let changes) = schema.check(newer) else {
      Issue.record("expected a compatible change, got \(schema.check(newer))")
      return
    }
    #expect(evolved.version == "1.1")
    #expect(evolved.field(named: "age")?.type == .float)
    #expect(evolved.field(named: "sex")?.levels == ["F", "M", "X"])
    #expect(evolved.field(named: "smoker")?.nullable == true)
    #expect(evolved.field(named: "bmi") == .init(name: "bmi", type: .float, nullable: true))
    #expect(changes.count == 4)
    #expect(changes.contains("column \"sex\" has 1 new level(s): \"X\""))
    #expect(changes.contains("new column \"bmi\" (float, nullable)"))
    // The evolved schema takes the new data as it is.
    #expect(evolved.check(newer) == .same)
  }

  @Test func incompatibleChangesNeedAMajorVersion() throws {
    let schema = try TableSchema.infer(from: try parse(Self.training), target: "outcome")
    let changed = try parse("id,age,sex,visit\nx1,63,M,2020-01-01\n")
    guard case .incompatible(let reasons) = schema.check(changed) else {
      Issue.record("expected incompatible, got \(schema.check(changed))")
      return
    }
    #expect(
      Set(reasons) == [
        "column \"id\" changed type from integer to categorical (values like \"x1\")",
        "column \"smoker\" was removed", "the target column \"outcome\" is missing",
      ])
  }

  @Test func newTargetClassesAreIncompatible() throws {
    let schema = try TableSchema.infer(from: try parse("a,y\n1,No\n2,Yes\n"), target: "y")
    guard case .incompatible(let reasons) = schema.check(try parse("a,y\n1,Maybe\n")) else {
      Issue.record("a third class must be incompatible")
      return
    }
    #expect(reasons.first?.contains("\"Maybe\"") == true)
    let numeric = try TableSchema.infer(from: try parse("a,y\n1,0\n2,1\n"), target: "y")
    guard case .incompatible = numeric.check(try parse("a,y\n1,2\n")) else {
      Issue.record("a target value 2 must be incompatible")
      return
    }
  }

  @Test func emptyColumnsFitAnyType() throws {
    let schema = try TableSchema.infer(from: try parse("a,b\nx,1\n"), target: nil)
    guard case .compatible(let evolved, _) = schema.check(try parse("a,b\nNA,1\n")) else {
      Issue.record("expected only a nullability change")
      return
    }
    #expect(evolved.field(named: "a") == .init(name: "a", type: .categorical, nullable: true, levels: ["x"]))
  }
}
