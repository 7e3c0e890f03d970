/// A simulated person's sex, written to GEDCOM as `M` or `F`.
public enum Sex: String, Sendable, Hashable {
  case male = "M"
  case female = "F"
}
