import OhanaJSON

/// The schema of a pipeline's tables: each column's name, type, whether it may be missing and,
/// for categorical columns, its levels; and the binary-classification target with its positive
/// class.
public struct TableSchema: Sendable, Equatable {
  /// One column of the schema.
  public struct Field: Sendable, Equatable {
    /// The column name.
    public var name: String
    /// The type every value has.
    public var type: ColumnType
    /// Whether the column may have missing values (or be absent from a later dataset).
    public var nullable: Bool
    /// Categorical only: the levels, sorted by UTF-8 bytes.
    public var levels: [String]

    /// A field; `levels` only for categorical fields.
    public init(name: String, type: ColumnType, nullable: Bool, levels: [String] = []) {
      self.name = name
      self.type = type
      self.nullable = nullable
      self.levels = levels
    }
  }

  /// `major.minor`: a new minor version for compatible changes, a new major one otherwise.
  public var version: String
  /// The column to predict, if any.
  public var target: String?
  /// The target's positive class as text (`"Yes"`, `"1"`, `"true"`), printed with predictions.
  public var positiveClass: String?
  /// The columns, in order.
  public var fields: [Field]

  /// A schema whose positive class follows the rule of ``defaultPositiveClass(of:)``.
  public init(version: String, target: String?, fields: [Field]) {
    self.version = version
    self.target = target
    self.fields = fields
    positiveClass = target.flatMap { name in fields.first { $0.name == name } }.flatMap(
      Self.defaultPositiveClass)
  }

  /// A schema with an explicit positive class.
  public init(version: String, target: String?, positiveClass: String?, fields: [Field]) {
    self.version = version
    self.target = target
    self.positiveClass = positiveClass
    self.fields = fields
  }

  /// The field called `name`, if any.
  public func field(named name: String) -> Field? { fields.first { $0.name == name } }

  /// The positive class of a binary target: the second of two categorical levels (so `Yes`
  /// over `No`, `true` over `false`, `present` over `absent`), `1` for numbers and `true` for
  /// booleans.
  public static func defaultPositiveClass(of field: Field) -> String? {
    switch field.type {
    case .categorical: return field.levels.count == 2 ? field.levels[1] : nil
    case .integer, .float: return "1"
    case .boolean: return "true"
    case .date: return nil
    }
  }

  /// The schema of a pipeline's first dataset, version 1.0: each column's inferred type (integer
  /// columns stay integer however few their distinct values), nullable when it has missing
  /// values. Throws when `target` is not a column or does not hold exactly two classes (text
  /// with two levels, true/false, or numbers 0/1).
  public static func infer(from table: CSVTable, target: String?) throws(TabularError) -> TableSchema {
    let fields = table.columns.map { column in
      Field(
        name: column.name, type: column.type, nullable: column.missingCount > 0,
        levels: domain(column.levels, isTarget: column.name == target))
    }
    if let target {
      guard let column = table.column(named: target) else {
        throw TabularError(
          "the target column \"\(target)\" is not in the table (its columns: "
            + "\(table.columnNames.joined(separator: ", "))); set the pipeline's target to one of them")
      }
      try checkBinary(column)
    }
    return TableSchema(version: "1.0", target: target, fields: fields)
  }

  /// Categorical fields with more levels than this have an open domain (no `levels` in the
  /// schema): any value is accepted, so ids and free text do not start a schema version per
  /// dataset. A target's levels are always kept.
  public static let maxDomainLevels = 30

  /// The levels a field keeps: all of them for a small domain or the target, none otherwise.
  static func domain(_ levels: [String], isTarget: Bool) -> [String] {
    isTarget || levels.count <= maxDomainLevels ? levels : []
  }

  /// Throws unless `column` holds exactly two classes a binary classifier can learn.
  private static func checkBinary(_ column: TableColumn) throws(TabularError) {
    let classes: [String]
    if column.type == .categorical {
      classes = column.levels
    } else {
      let values = Set(column.numbers.filter { !$0.isNaN }).sorted()
      classes =
        values.prefix(6).map { TableColumn.text(of: $0, type: column.type) } + (values.count > 6 ? ["…"] : [])
      if column.type == .date {
        throw TabularError(
          "the target column \"\(column.name)\" holds dates; binary classification needs two classes")
      }
      if values.count == 2 && values != [0, 1] {
        throw TabularError(
          "the target column \"\(column.name)\" holds \(classes[0]) and \(classes[1]); a numeric target must be "
            + "0/1 (1 = positive): recode it, or write the classes as text")
      }
    }
    guard classes.count == 2 else {
      let listed =
        classes.isEmpty ? "no value" : "\(classes.count) classes (\(classes.joined(separator: ", ")))"
      throw TabularError(
        "the target column \"\(column.name)\" has \(listed); binary classification needs exactly two: "
          + "recode the target or choose another column")
    }
  }

  /// The version with its minor number raised (`1.3` → `1.4`).
  public var nextMinorVersion: String {
    let parts = version.split(separator: ".")
    guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else {
      return version + ".1"
    }
    return "\(major).\(minor + 1)"
  }

  /// The version with its major number raised and minor reset (`1.3` → `2.0`).
  public var nextMajorVersion: String {
    let parts = version.split(separator: ".")
    guard let first = parts.first, let major = Int(first) else { return "2.0" }
    return "\(major + 1).0"
  }

  /// `{"version", "target", "positive_class", "fields": [{"name", "type", "nullable", "levels"}]}`
  /// (`levels` for categorical fields only).
  public var json: JSONValue {
    [
      "version": .string(version), "target": .nullable(target), "positive_class": .nullable(positiveClass),
      "fields": .array(
        fields.map { field in
          var object: [String: JSONValue] = [
            "name": .string(field.name), "type": .string(field.type.rawValue),
            "nullable": .bool(field.nullable),
          ]
          if field.type == .categorical { object["levels"] = .array(field.levels.map(JSONValue.string)) }
          return .object(object)
        }),
    ]
  }

  /// Reads a schema written by ``json``.
  public init(json: JSONValue) throws(TabularError) {
    let object = try JSONReading(json, "the schema", keys: ["version", "target", "positive_class", "fields"])
    version = try object.string("version")
    guard version.split(separator: ".", omittingEmptySubsequences: false).map({ Int($0) }).count == 2,
      !version.split(separator: ".").contains(where: { Int($0) == nil })
    else { throw TabularError("the schema's version \"\(version)\" is not major.minor, like \"1.0\"") }
    target = try object.optionalString("target")
    positiveClass = try object.optionalString("positive_class")
    var fields: [Field] = []
    for (index, element) in try object.array("fields").enumerated() {
      let field = try JSONReading(
        element, "schema field \(index + 1)", keys: ["name", "type", "nullable", "levels"])
      let typeName = try field.string("type")
      guard let type = ColumnType(rawValue: typeName) else {
        throw TabularError(
          "schema field \(index + 1) has type \"\(typeName)\"; use one of "
            + ColumnType.allCases.map(\.rawValue).joined(separator: ", "))
      }
      fields.append(
        Field(
          name: try field.string("name"), type: type, nullable: try field.bool("nullable"),
          levels: try field.optionalStrings("levels") ?? []))
    }
    let names = fields.map(\.name)
    if Set(names).count != names.count { throw TabularError("the schema names a column twice") }
    if let target, !names.contains(target) {
      throw TabularError("the schema's target \"\(target)\" is not one of its fields")
    }
    self.fields = fields
  }
}
