/// What heart-disease table to simulate.
public struct TableSettings: Sendable, Hashable {
  /// The seed; equal settings give byte-identical tables.
  public var seed: UInt64
  /// The number of data rows (at least 1).
  public var rows: Int
  /// The share of feature cells left empty, 0…1 (identifiers, visit dates and the target are
  /// always present).
  public var missingFraction: Double

  /// Settings with the given values.
  public init(seed: UInt64, rows: Int = 1000, missingFraction: Double = 0.02) {
    self.seed = seed
    self.rows = rows
    self.missingFraction = missingFraction
  }
}
