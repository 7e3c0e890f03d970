/// What a pipeline learns from.
public enum PipelineKind: String, Sendable, CaseIterable, Equatable {
  /// Family trees in GEDCOM: parent prediction.
  case gedcom
  /// CSV tables: classification.
  case tabular
}
