/// The version of Ohana recorded in every manifest it writes.
public enum OhanaVersion {
  public static let current = "0.1.0"
}
