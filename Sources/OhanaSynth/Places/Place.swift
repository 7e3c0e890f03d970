/// A village within a region within a country, as genealogists record it.
public struct Place: Sendable, Hashable {
  /// The village or parish, e.g. "Ashford".
  public let village: String
  /// The county or province, e.g. "Kent".
  public let region: String
  /// The country, e.g. "England".
  public let country: String

  /// Creates a place from its three levels.
  public init(village: String, region: String, country: String) {
    self.village = village
    self.region = region
    self.country = country
  }

  /// The full jurisdiction text, e.g. "Ashford, Kent, England".
  public var name: String { "\(village), \(region), \(country)" }
}
