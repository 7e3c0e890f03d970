/// How a new dataset relates to a pipeline's schema.
public enum SchemaCheck: Sendable, Equatable {
  /// The dataset fits the schema as it is.
  case same
  /// The dataset fits an evolved schema, a new minor version: new columns (nullable fields),
  /// new levels of a small categorical domain (an open domain takes any value), missing values in a column that had none, fractions in an integer
  /// column (it becomes float). `changes` says what changed, in words.
  case compatible(evolved: TableSchema, changes: [String])
  /// The dataset needs a new major version: a column removed or of another type, the target
  /// missing or with other classes. `reasons` says why, in words.
  case incompatible(reasons: [String])
}

extension TableSchema {
  /// Compares a new dataset with this schema.
  ///
  /// A column of the dataset with no value fits any type. Integers fit a float field, 0/1
  /// integers fit a boolean field, and any value fits a categorical field (as a level).
  public func check(_ table: CSVTable) -> SchemaCheck {
    var evolved = self
    var changes: [String] = []
    var reasons: [String] = []
    for (index, field) in fields.enumerated() {
      guard let column = table.column(named: field.name) else {
        reasons.append(
          field.name == target
            ? "the target column \"\(field.name)\" is missing" : "column \"\(field.name)\" was removed")
        continue
      }
      var updated = field
      let outcome = Self.fit(column, into: &updated, isTarget: field.name == target)
      reasons += outcome.reasons
      changes += outcome.changes
      evolved.fields[index] = updated
    }
    for column in table.columns where field(named: column.name) == nil {
      changes.append("new column \"\(column.name)\" (\(column.type.rawValue), nullable)")
      evolved.fields.append(
        Field(
          name: column.name, type: column.type, nullable: true,
          levels: TableSchema.domain(column.levels, isTarget: column.name == target)))
    }
    if !reasons.isEmpty { return .incompatible(reasons: reasons) }
    if changes.isEmpty { return .same }
    evolved.version = nextMinorVersion
    return .compatible(evolved: evolved, changes: changes)
  }

  /// Fits `column` into `field`, widening the field where that is compatible.
  private static func fit(_ column: TableColumn, into field: inout Field, isTarget: Bool)
    -> (changes: [String], reasons: [String])
  {
    var changes: [String] = []
    let name = field.name
    let missing = column.missingCount
    if missing > 0 && !field.nullable {
      if isTarget {
        changes.append("the target column \"\(name)\" now has \(missing) missing value(s)")
      } else {
        changes.append("column \"\(name)\" now has missing values")
      }
      field.nullable = true
    }
    guard missing < column.count else { return (changes, []) }
    let values = Set(column.numbers.filter { !$0.isNaN })
    if isTarget && field.type != .categorical && column.type != .categorical && !values.isSubset(of: [0, 1]) {
      let shown = values.sorted().prefix(5).map { TableColumn.text(of: $0, type: column.type) }
      return (
        changes,
        ["the target column \"\(name)\" holds values other than 0/1 (\(shown.joined(separator: ", ")))"]
      )
    }
    switch (field.type, column.type) {
    case (let expected, let found) where expected == found && expected != .categorical:
      break
    case (.float, .integer):
      break
    case (.boolean, .integer) where values.isSubset(of: [0, 1]):
      break
    case (.integer, .float) where !isTarget:
      changes.append("column \"\(name)\" has fractions: integer becomes float")
      field.type = .float
    case (.categorical, _) where field.levels.isEmpty && !isTarget:
      break  // An open domain takes any value.
    case (.categorical, _):
      let seen =
        column.type == .categorical
        ? column.levels : values.sorted().map { TableColumn.text(of: $0, type: column.type) }
      let known = Set(field.levels)
      let added = seen.filter { !known.contains($0) }
      guard !added.isEmpty else { break }
      let listed =
        added.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ") + (added.count > 5 ? ", …" : "")
      if isTarget {
        return (
          changes,
          ["the target column \"\(name)\" has new class(es) \(listed); a binary model cannot use them"]
        )
      }
      let levels = (field.levels + added).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      if !isTarget && levels.count > TableSchema.maxDomainLevels {
        changes.append(
          "column \"\(name)\" has more than \(TableSchema.maxDomainLevels) levels: any value is accepted from now on")
        field.levels = []
      } else {
        changes.append("column \"\(name)\" has \(added.count) new level(s): \(listed)")
        field.levels = levels
      }
    default:
      let example = column.text(at: (0..<column.count).first { !column.isMissing(at: $0) } ?? 0) ?? ""
      return (
        changes,
        [
          "\(isTarget ? "the target " : "")column \"\(name)\" changed type from \(field.type.rawValue) to "
            + "\(column.type.rawValue) (values like \"\(example)\")"
        ]
      )
    }
    return (changes, [])
  }
}
