import Foundation
import OhanaClassifiers
import OhanaIngest
import OhanaTabular
import OhanaTestSupport
import Testing

@testable import OhanaTraining

/// A predict batch is read once, as written, and scored from that reading when its columns fit
/// the schema; only a batch with values its fields cannot take is read against the schema too.
struct BatchPredictionsTests {
  static func column(_ type: ColumnType, _ numbers: [Double]) -> TableColumn {
    TableColumn(name: "x", type: type, numbers: numbers)
  }

  static func field(_ type: ColumnType, levels: [String] = []) -> TableSchema.Field {
    TableSchema.Field(name: "x", type: type, nullable: true, levels: levels)
  }

  /// `line` with its cell number `cell` (0-based) replaced by `text`.
  static func replacing(cell: Int, of line: String, with text: String) -> String {
    var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    cells[cell] = text
    return cells.joined(separator: ",")
  }

  @Test func columnsFitTheFieldsTheSchemaWouldReadThemAs() {
    let categories = TableColumn(name: "x", type: .categorical, codes: [0, 1, -1], levels: ["a", "b"])
    #expect(BatchPredictions.fits(Self.column(.integer, [1, 2]), Self.field(.integer)))
    #expect(BatchPredictions.fits(Self.column(.integer, [1, 2]), Self.field(.float)))
    #expect(!BatchPredictions.fits(Self.column(.float, [1.5]), Self.field(.integer)))
    #expect(BatchPredictions.fits(Self.column(.integer, [0, 1, .nan]), Self.field(.boolean)))
    #expect(!BatchPredictions.fits(Self.column(.integer, [0, 2]), Self.field(.boolean)))
    #expect(BatchPredictions.fits(categories, Self.field(.categorical, levels: ["a"])))
    #expect(!BatchPredictions.fits(Self.column(.integer, [1]), Self.field(.categorical, levels: ["1"])))
    #expect(BatchPredictions.fits(Self.column(.integer, [1]), Self.field(.categorical)))
    #expect(!BatchPredictions.fits(categories, Self.field(.date)))
    // A column with no value at all (read as float) fits any field.
    #expect(BatchPredictions.fits(Self.column(.float, [.nan, .nan]), Self.field(.date)))
  }

  @Test func aFittingBatchIsReadOnceAndScoresAsTheSchemasReadingWould() throws {
    let tree = try MonitoringTree.make()
    try tree.train()
    let workspace = Workspace(root: tree.root)
    let pipeline = try PipelineContextTests.pipeline("tables", in: tree.root)
    let predictions = BatchPredictions(
      workflow: try TabularWorkflow(workspace: workspace, pipeline: pipeline))
    let model = try predictions.productionModel().model
    let schema = try #require(
      try SchemaCatalog(registry: workspace.registry, pipeline: "tables").schema(model.schemaVersion))
    try tree.dropBatch("fits", rows: 50, seed: 9, prefix: "NEW")
    let path = tree.directory.file("inbox/tables/predict/fits.csv")
    // An extra column the schema lacks, and a category the schema does not know, are kept.
    var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    for index in lines.indices { lines[index] += index == 0 ? ",note" : ",n\(index)" }
    #expect(lines[0].split(separator: ",")[3] == "sex")
    lines[1] = Self.replacing(cell: 3, of: lines[1], with: "X")
    let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)

    let batch = try predictions.read(bytes, schema: schema, file: path)
    #expect(batch.scored == batch.asWritten, "one reading serves both")
    #expect(batch.rowAsWritten == Array(0..<50).map { Optional($0) })
    #expect(batch.asWritten.column(named: "note")?.text(at: 0) == "n1")
    #expect(batch.asWritten.column(named: "patient_id")?.text(at: 0)?.hasPrefix("NEW") == true)
    #expect(batch.asWritten.column(named: "sex")?.text(at: 0) == "X")
    let againstSchema = try CSVTable.parse(bytes: bytes, schema: schema)
    #expect(
      againstSchema.column(named: "sex")?.text(at: 0) == nil, "the schema's reading blanks new categories")
    #expect(model.probabilities(batch.scored) == model.probabilities(againstSchema))

    // An age that is not a number: read against the schema too, for the rejected row (line 3).
    #expect(lines[0].split(separator: ",")[2] == "age")
    lines[2] = Self.replacing(cell: 2, of: lines[2], with: "old")
    let bad = try predictions.read(
      Array((lines.joined(separator: "\n") + "\n").utf8), schema: schema, file: path)
    #expect(bad.scored.rowCount == 49 && bad.scored.problems.map(\.line) == [3])
    #expect(bad.asWritten.rowCount == 50)
    #expect(bad.rowAsWritten.first == 0 && bad.rowAsWritten[1] == 2, "row 2 as written is line 3, rejected")
  }
}
