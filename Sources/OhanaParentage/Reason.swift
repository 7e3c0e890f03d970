/// Why a candidate family was ranked where it is: one fact about the pair and how much it
/// weighed in the model's score.
public struct Reason: Sendable, Equatable {
  /// The fact's name (a feature group such as `mother_age`, `surname`, `place`).
  public var feature: String
  /// Its contribution to the score (log-odds for the learned models; positive supports the
  /// family, negative counts against it).
  public var weight: Double
  /// The fact in words, e.g. "mother aged 27 at the birth" or "same surname (Smith)".
  public var text: String

  /// A reason.
  public init(feature: String, weight: Double, text: String) {
    self.feature = feature
    self.weight = weight
    self.text = text
  }
}
