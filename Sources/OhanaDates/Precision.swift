/// How precisely a date is known: to the day, the month, the year, or not at all.
///
/// Ordered from least to most precise, so `min` of two precisions is the coarser one.
public enum Precision: Int, Sendable, Comparable {
  case none, year, month, day

  public static func < (lhs: Precision, rhs: Precision) -> Bool {
    lhs.rawValue < rhs.rawValue
  }
}
