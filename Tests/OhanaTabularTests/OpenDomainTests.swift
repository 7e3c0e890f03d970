import OhanaJSON
import Testing

@testable import OhanaTabular

/// Many-valued categorical columns (ids, free text) have an open domain: new values are not a
/// schema change, and they are not features.
struct OpenDomainTests {
  static func table(ids: Range<Int>, colours: [String]) throws -> CSVTable {
    var text = "id,colour,target\n"
    for (index, id) in ids.enumerated() {
      text += "p\(id),\(colours[index % colours.count]),\(index % 2)\n"
    }
    return try CSVTable.parse(bytes: Array(text.utf8))
  }

  @Test func manyLevelsMakeAnOpenDomainThatTakesNewValues() throws {
    let schema = try TableSchema.infer(from: Self.table(ids: 0..<40, colours: ["red", "blue"]), target: "target")
    #expect(schema.field(named: "id")?.levels == [])
    #expect(schema.field(named: "colour")?.levels == ["blue", "red"])
    #expect(schema.check(try Self.table(ids: 100..<140, colours: ["red", "blue"])) == .same)
    guard case .compatible(let evolved, let changes) = schema.check(try Self.table(ids: 0..<4, colours: ["green"]))
    else {
      Issue.record("a new level of a small domain is a minor change")
      return
    }
    #expect(evolved.field(named: "colour")?.levels == ["blue", "green", "red"])
    #expect(changes.count == 1)
  }

  @Test func aSmallDomainThatOutgrowsTheLimitOpens() throws {
    let schema = try TableSchema.infer(from: Self.table(ids: 0..<40, colours: ["a", "b"]), target: "target")
    let many = (0..<TableSchema.maxDomainLevels).map { "c\($0)" }
    guard case .compatible(let evolved, let changes) = schema.check(try Self.table(ids: 0..<40, colours: many))
    else {
      Issue.record("outgrowing the domain is a minor change")
      return
    }
    #expect(evolved.field(named: "colour")?.levels == [])
    #expect(changes.first?.contains("any value is accepted") == true)
  }

  @Test func openFieldsKeepTheirValuesWhenReadWithTheSchemaAndIdsAreNotFeatures() throws {
    let training = try Self.table(ids: 0..<150, colours: ["red", "blue"])
    let schema = try TableSchema.infer(from: training, target: "target")
    let scored = try CSVTable.parse(bytes: Array("id,colour\nnew-1,red\n".utf8), schema: schema)
    #expect(scored.column(named: "id")?.text(at: 0) == "new-1")
    let encoder = FeatureEncoder(schema: schema, mode: .oneHot, training: training)
    #expect(encoder.featureNames == ["colour=blue", "colour=red"])
    let decoded = try FeatureEncoder(json: encoder.json)
    #expect(decoded.matrix(scored) == encoder.matrix(scored))
  }
}
