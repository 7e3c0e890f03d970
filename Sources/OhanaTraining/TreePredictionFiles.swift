import OhanaFiles
import OhanaIngest
import OhanaJSON

/// The files of one tree's parent predictions in `outbox/<pipeline>/predictions/`:
/// `<stem>.parents.json`, `.parents.csv`, and `.parents.provenance.json`, written last.
struct TreePredictionFiles {
  let json: String
  let csv: String
  let provenance: String

  init(workspace: Workspace, pipeline: String, stem: String) {
    let folder = workspace.outboxFolder(pipeline: pipeline, "predictions")
    json = Path.join(folder, stem + ".parents.json")
    csv = Path.join(folder, stem + ".parents.csv")
    provenance = Path.join(folder, stem + ".parents.provenance.json")
  }

  /// Whether the predictions of dataset `datasetSHA256` by model `version` are complete here.
  /// The small provenance file, written last, says what the predictions beside it came from;
  /// reading it is cheap, unlike the predictions of a large tree, and tick runs often.
  func areCurrent(version: String, datasetSHA256: String) -> Bool {
    guard let existing = try? JSONParser.parse(DurableFile.read(provenance)) else { return false }
    return existing["model_version"]?.stringValue == version
      && existing["dataset_sha256"]?.stringValue == datasetSHA256
  }
}
