import OhanaJSON
import OhanaLearn
import Testing

@testable import OhanaTabular

@Suite struct FeatureEncoderTests {
  static let training = "id,age,sex,smoker,y\n1,30,M,true,No\n2,NA,F,false,Yes\n3,50,F,NA,No\n"
  /// Rows to predict: no target, the levels in another order and one unknown level.
  static let inputs = "smoker,sex,age\ntrue,X,20\nfalse,M,NA\n"

  func encoder(_ mode: FeatureEncoder.Mode) throws -> (FeatureEncoder, CSVTable) {
    let table = try parse(Self.training)
    let schema = try TableSchema.infer(from: table, target: "y")
    return (FeatureEncoder(schema: schema, mode: mode, training: table, excluded: ["id"]), table)
  }

  @Test func nativeKeepsNumbersAndLevelCodes() throws {
    let (encoder, table) = try encoder(.native)
    #expect(encoder.featureNames == ["age", "sex", "smoker"])
    #expect(encoder.sourceColumns == ["age", "sex", "smoker"])
    #expect(encoder.categoricalColumns == [1])
    let matrix = encoder.matrix(table)
    #expect(matrix.rowCount == 3 && matrix.columnCount == 3)
    #expect(same(matrix.values, [30, 1, 1, .nan, 0, 0, 50, 0, .nan]))
    let predicted = encoder.matrix(try parse(Self.inputs))
    // "X" is unknown: missing. "M" is level 1 of the schema whatever the file's order.
    #expect(same(predicted.values, [20, .nan, 1, .nan, 1, 0]))
  }

  @Test func oneHotImputesMeansAndAddsIndicators() throws {
    let (encoder, table) = try encoder(.oneHot)
    #expect(encoder.featureNames == ["age", "age (missing)", "sex=F", "sex=M", "smoker", "smoker (missing)"])
    #expect(encoder.sourceColumns == ["age", "age", "sex", "sex", "smoker", "smoker"])
    #expect(encoder.categoricalColumns.isEmpty)
    // Training means: age (30 + 50) / 2 = 40, smoker (1 + 0) / 2 = 0.5.
    #expect(
      encoder.matrix(table).values == [
        30, 0, 0, 1, 1, 0,
        40, 1, 1, 0, 0, 0,
        50, 0, 1, 0, 0.5, 1,
      ])
    #expect(encoder.matrix(try parse(Self.inputs)).values == [20, 0, 0, 0, 1, 0, 40, 1, 0, 1, 0, 0])
  }

  @Test func columnsAbsentFromATableAreMissing() throws {
    let (encoder, _) = try encoder(.oneHot)
    let matrix = encoder.matrix(try parse("age\n60\n"))
    #expect(matrix.values == [60, 0, 0, 0, 0.5, 1])
  }

  @Test func labelsFollowThePositiveClass() throws {
    let (encoder, table) = try encoder(.native)
    #expect(encoder.labels(table) == [false, true, false])
    #expect(encoder.labels(try parse(Self.inputs)) == [nil, nil])
    let numeric = try parse("x,y\n1,1\n2,0\n3,NA\n")
    let numericEncoder = FeatureEncoder(
      schema: try TableSchema.infer(from: numeric, target: "y"), mode: .native, training: numeric)
    #expect(numericEncoder.labels(numeric) == [true, false, nil])
    #expect(numericEncoder.featureNames == ["x"])
  }

  @Test func jsonRoundTrip() throws {
    for mode in [FeatureEncoder.Mode.native, .oneHot] {
      let (encoder, table) = try encoder(mode)
      let read = try FeatureEncoder(json: try JSONParser.parse(CanonicalJSON.encode(encoder.json)))
      #expect(read == encoder)
      #expect(same(read.matrix(table).values, encoder.matrix(table).values))
    }
    #expect(throws: TabularError.self) { try FeatureEncoder(json: ["mode": "native"]) }
  }

  @Test func nativeMatrixTrainsBoostedTrees() throws {
    // A learnable rule through a categorical column: y is Yes exactly for colour "red".
    let colours = ["red", "green", "blue"]
    let rows = (0..<300).map { index -> String in
      let colour = colours[index % 3]
      return "\(colour),\(index % 7),\(colour == "red" ? "Yes" : "No")"
    }
    let table = try parse("colour,noise,y\n" + rows.joined(separator: "\n"))
    let encoder = FeatureEncoder(
      schema: try TableSchema.infer(from: table, target: "y"), mode: .native, training: table)
    let settings = GradientBoostedTrees.Settings(
      iterations: 20, minSamplesLeaf: 5, earlyStoppingRounds: nil,
      categoricalColumns: encoder.categoricalColumns)
    let labels = encoder.labels(table).map { $0 == true }
    let model = try GradientBoostedTrees.fit(encoder.matrix(table), labels: labels, settings: settings).model
    let probabilities = model.probabilities(encoder.matrix(table))
    #expect(zip(probabilities, labels).allSatisfy { ($0 > 0.5) == $1 })
  }
}
