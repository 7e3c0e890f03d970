/// How CSV bytes are read.
public struct CSVOptions: Sendable, Equatable {
  /// The field separator; `nil` detects it among `,` `;` tab and `|` from the first records
  /// (the one splitting them into the most fields consistently; comma on a tie).
  public var delimiter: UInt8?
  /// Cells that mean "no value", compared with the cell trimmed of spaces and tabs (quoted or
  /// not), with exact letter case.
  public var missingTokens: Set<String>
  /// Whether a record that is one quoted field holding a whole record, as some exporters write
  /// rows containing quotes (`"a,b,""c, d"",e"`), is read as that record rather than reported as
  /// a problem. Only done when the content splits into exactly the header's fields.
  public var repairsQuotedRecords: Bool

  /// `""`, `NA`, `N/A`, `NaN`, `nan`, `?`, `null`, `NULL`, `None` and `-`.
  public static let defaultMissingTokens: Set<String> = [
    "", "NA", "N/A", "NaN", "nan", "?", "null", "NULL", "None", "-",
  ]

  /// Options with a fixed delimiter or detection (`nil`), the missing-value tokens, and whether
  /// wholly quoted records are repaired.
  public init(
    delimiter: UInt8? = nil, missingTokens: Set<String> = CSVOptions.defaultMissingTokens,
    repairsQuotedRecords: Bool = true
  ) {
    self.delimiter = delimiter
    self.missingTokens = missingTokens
    self.repairsQuotedRecords = repairsQuotedRecords
  }
}
