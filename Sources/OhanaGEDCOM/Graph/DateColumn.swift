import OhanaDates

/// How the graph keeps a date: its day range and precision, in fixed-size form.
public enum DateColumn {
  /// One date of the graph; `precision == .none` means no usable date.
  public struct Entry: Sendable, Equatable {
    /// First possible Julian day (`Int32.min` when open).
    public var earliest: Int32
    /// Last possible Julian day (`Int32.max` when open).
    public var latest: Int32
    public var precision: Precision

    /// No date.
    public static let unknown = Entry(earliest: 0, latest: 0, precision: .none)

    public init(earliest: Int32, latest: Int32, precision: Precision) {
      self.earliest = earliest
      self.latest = latest
      self.precision = precision
    }

    /// The range of a parsed date, or ``unknown``.
    public init(_ date: GEDCOMDate?) {
      guard let date, let range = date.range else {
        self = .unknown
        return
      }
      self.init(earliest: range.earliest, latest: range.latest, precision: date.precision)
    }

    /// The day range, when the date is known.
    public var range: DayRange? {
      precision == .none ? nil : DayRange(earliest: earliest, latest: latest)
    }
  }
}
