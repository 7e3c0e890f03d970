import OhanaJSON
import OhanaLearn

/// Turns tables into the ``FeatureMatrix`` a model reads, the same way at training and at
/// prediction time (it is stored with the model).
///
/// The inputs are the schema's fields except the target and the `excluded` columns (an id, for
/// instance). In `.native` mode each input is one matrix column: numbers as they are (missing
/// = NaN, which gradient-boosted trees handle natively; booleans 0/1, dates in days) and
/// categorical values as the index of their level (listed in ``categoricalColumns``; missing or
/// unknown = NaN) — the schema's levels, or for an open domain the training table's; a
/// categorical input with more than ``maxLevels`` levels is left out. In `.oneHot` mode, for logistic
/// regression, a missing number is replaced by its training mean, plus a `name (missing)`
/// indicator column when the field is nullable or had missing values in training, and each
/// categorical input becomes one 0/1 column per level (`sex=F`); a missing or unknown
/// level is all zeros.
public struct FeatureEncoder: Sendable, Equatable {
  /// How inputs become matrix columns.
  public enum Mode: String, Sendable {
    case native
    case oneHot
  }

  /// One input column and what training taught about it.
  struct Input: Sendable, Equatable {
    var field: TableSchema.Field
    /// The training mean of a numeric input (0 when it had no value).
    var mean: Double
    /// One-hot mode: whether a missing-value indicator column follows the value.
    var indicator: Bool
    /// Categorical inputs: the levels matrix codes and one-hot columns refer to (the schema's,
    /// or for an open domain the training table's).
    var levels: [String] = []
  }

  /// How inputs become matrix columns.
  public var mode: Mode
  /// The schema the encoder reads tables with (levels by name, the target's positive class).
  public let schema: TableSchema
  /// Columns left out besides the target.
  public let excluded: Set<String>
  let inputs: [Input]

  /// One readable name per matrix column (`age`, `age (missing)`, `sex=F`).
  public var featureNames: [String] { layout.map(\.name) }
  /// The matrix columns holding level codes (native mode), for `GradientBoostedTrees.Settings.categoricalColumns`.
  public var categoricalColumns: Set<Int> {
    guard mode == .native else { return [] }
    return Set(inputs.indices.filter { inputs[$0].field.type == .categorical })
  }
  /// The input column of each matrix column, for feature importances by input.
  public var sourceColumns: [String] { layout.map(\.source) }

  /// Learns the inputs' means and missing indicators from `training`.
  public init(schema: TableSchema, mode: Mode, training: CSVTable, excluded: Set<String> = []) {
    self.mode = mode
    self.schema = schema
    self.excluded = excluded
    inputs = schema.fields.filter { $0.name != schema.target && !excluded.contains($0.name) }.compactMap { field in
      guard field.type != .categorical else {
        let levels = field.levels.isEmpty ? Self.levels(of: training.column(named: field.name)) : field.levels
        // Too many levels to learn from (ids, free text): not a feature.
        guard levels.count <= Self.maxLevels else { return nil }
        return Input(field: field, mean: 0, indicator: false, levels: levels)
      }
      guard let column = training.column(named: field.name), column.type.isNumeric else {
        return Input(field: field, mean: 0, indicator: true)
      }
      let values = column.numbers.filter { !$0.isNaN }
      let mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
      return Input(field: field, mean: mean, indicator: field.nullable || values.count < column.count)
    }
  }

  /// Categorical inputs with more distinct values in training are left out.
  public static let maxLevels = 100

  /// The distinct values of a training column, sorted by their bytes.
  private static func levels(of column: TableColumn?) -> [String] {
    guard let column else { return [] }
    if column.type == .categorical { return column.levels }
    let texts = Set((0..<column.count).compactMap { column.text(at: $0) })
    return texts.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  private init(mode: Mode, schema: TableSchema, excluded: Set<String>, inputs: [Input]) {
    self.mode = mode
    self.schema = schema
    self.excluded = excluded
    self.inputs = inputs
  }

  /// The matrix columns in order: name and source input.
  private var layout: [(name: String, source: String)] {
    var columns: [(name: String, source: String)] = []
    for input in inputs {
      let name = input.field.name
      if mode == .native {
        columns.append((name, name))
      } else if input.field.type == .categorical {
        columns += input.levels.map { ("\(name)=\($0)", name) }
      } else {
        columns.append((name, name))
        if input.indicator { columns.append(("\(name) (missing)", name)) }
      }
    }
    return columns
  }

  /// The features of every row of `table`. Categorical values are matched to the schema's
  /// levels by name, so tables read with other level orders encode the same. A column absent
  /// from `table` counts as missing.
  public func matrix(_ table: CSVTable) -> FeatureMatrix {
    let width = layout.count
    let rows = table.rowCount
    var values = [Double](repeating: 0, count: rows * width)
    values.withUnsafeMutableBufferPointer { matrix in
      var offset = 0
      for input in inputs {
        let column = table.column(named: input.field.name)
        if input.field.type == .categorical {
          let codes = Self.schemaCodes(column, levels: input.levels, rows: rows)
          if mode == .native {
            for row in 0..<rows { matrix[row * width + offset] = codes[row] < 0 ? .nan : Double(codes[row]) }
            offset += 1
          } else {
            for row in 0..<rows where codes[row] >= 0 { matrix[row * width + offset + Int(codes[row])] = 1 }
            offset += input.levels.count
          }
          continue
        }
        let numbers =
          column.flatMap { $0.type.isNumeric ? $0.numbers : nil } ?? Array(repeating: .nan, count: rows)
        for row in 0..<rows {
          let value = numbers[row]
          if mode == .native {
            matrix[row * width + offset] = value
          } else {
            matrix[row * width + offset] = value.isNaN ? input.mean : value
            if input.indicator { matrix[row * width + offset + 1] = value.isNaN ? 1 : 0 }
          }
        }
        offset += mode == .oneHot && input.indicator ? 2 : 1
      }
    }
    return FeatureMatrix(rowCount: rows, columnCount: width, values: values)
  }

  /// The index in `levels` of each row's value (-1: missing or not a level).
  private static func schemaCodes(_ column: TableColumn?, levels: [String], rows: Int) -> [Int32] {
    guard let column else { return Array(repeating: -1, count: rows) }
    var index: [String: Int32] = [:]
    for (position, level) in levels.enumerated() { index[level] = Int32(position) }
    if column.type == .categorical {
      let remap = column.levels.map { index[$0] ?? -1 }
      return column.codes.map { $0 >= 0 ? remap[Int($0)] : -1 }
    }
    return (0..<column.count).map { row in column.text(at: row).flatMap { index[$0] } ?? -1 }
  }

  /// The binary label of each row: whether the target holds the schema's positive class (its
  /// second level for text targets, 1 for numbers, true for booleans; see
  /// ``TableSchema/positiveClass``); `nil` where the target is missing or the table has none.
  public func labels(_ table: CSVTable) -> [Bool?] {
    guard let target = schema.target, let positive = schema.positiveClass,
      let column = table.column(named: target)
    else { return Array(repeating: nil, count: table.rowCount) }
    if column.type == .categorical {
      let isPositive = column.levels.map { $0 == positive }
      return column.codes.map { $0 < 0 ? nil : isPositive[Int($0)] }
    }
    let positiveValue = positive == "true" ? 1 : Double(positive)
    return column.numbers.map { value in
      if value.isNaN { return nil }
      if let positiveValue { return value == positiveValue }
      return TableColumn.text(of: value, type: column.type) == positive
    }
  }

  /// `{"mode", "schema", "excluded", "inputs": [{"name", "mean", "indicator", "levels"}]}`.
  public var json: JSONValue {
    [
      "mode": .string(mode.rawValue), "schema": schema.json,
      "excluded": .array(excluded.sorted().map(JSONValue.string)),
      "inputs": .array(
        inputs.map { input in
          var entry: [String: JSONValue] = [
            "name": .string(input.field.name), "mean": .double(input.mean), "indicator": .bool(input.indicator),
          ]
          if input.field.type == .categorical { entry["levels"] = .array(input.levels.map(JSONValue.string)) }
          return .object(entry)
        }),
    ]
  }

  /// Reads an encoder written by ``json``.
  public init(json: JSONValue) throws(TabularError) {
    let fields = try JSONReading(json, "the feature encoder", keys: ["mode", "schema", "excluded", "inputs"])
    let modeName = try fields.string("mode")
    guard let mode = Mode(rawValue: modeName) else {
      throw TabularError("the feature encoder's mode \"\(modeName)\" is not native or oneHot")
    }
    let schema = try TableSchema(json: try fields.value("schema"))
    var inputs: [Input] = []
    for (index, element) in try fields.array("inputs").enumerated() {
      let entry = try JSONReading(
        element, "feature encoder input \(index + 1)", keys: ["name", "mean", "indicator", "levels"])
      let name = try entry.string("name")
      guard let field = schema.field(named: name) else {
        throw TabularError("the feature encoder's input \"\(name)\" is not in its schema")
      }
      inputs.append(
        Input(
          field: field, mean: try entry.double("mean"), indicator: try entry.bool("indicator"),
          levels: try entry.optionalStrings("levels") ?? []))
    }
    self.init(mode: mode, schema: schema, excluded: Set(try fields.strings("excluded")), inputs: inputs)
  }
}
