/// Why a training, promotion or prediction command could not do its work.
public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
  case unknownPipeline(String)
  case wrongKind(pipeline: String, expected: String)
  case noDatasets(pipeline: String)
  case noGraph(dataset: String)
  case noProductionModel(pipeline: String)
  case badVersion(String)
  case noTable(dataset: String)
  case noSchema(pipeline: String)
  /// A prediction input could not be read at all (its rows are fine but the file is not).
  case unreadableInput(path: String, reason: String)

  public var description: String {
    switch self {
    case .unknownPipeline(let name): return "ohana.yaml has no pipeline called \(name)"
    case .wrongKind(let pipeline, let expected): return "pipeline \(pipeline) is not a \(expected) pipeline"
    case .noDatasets(let pipeline): return "pipeline \(pipeline) has no datasets yet: copy files into inbox/\(pipeline)/"
    case .noGraph(let dataset): return "dataset \(dataset) has no family graph (ingest it again)"
    case .noProductionModel(let pipeline):
      return "pipeline \(pipeline) has no production model yet: run `ohana train \(pipeline)`"
    case .badVersion(let text): return "\(text) is not a model version like 1.2.0"
    case .noTable(let dataset): return "dataset \(dataset) has no table artifact (ingest it again)"
    case .noSchema(let pipeline): return "pipeline \(pipeline) has no schema yet: copy a CSV file into inbox/\(pipeline)/"
    case .unreadableInput(let path, let reason): return "\(path): \(reason)"
    }
  }
}
