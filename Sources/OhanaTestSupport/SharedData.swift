import Foundation

/// The real public files beside the repository (`../shared/data`, or `$OHANA_DATA`).
public enum SharedData {
  /// The data folder, or `nil` when it is absent (tests then skip with a message).
  public static let root: String? = {
    let environment = ProcessInfo.processInfo.environment["OHANA_DATA"]
    let candidate = environment ?? repositoryRoot + "/../shared/data"
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue
    else { return nil }
    return (candidate as NSString).standardizingPath
  }()

  /// Whether the shared data is present.
  public static var isAvailable: Bool { root != nil }

  /// The path of `relative` inside the data folder (only call when available).
  public static func path(_ relative: String) -> String { (root ?? "/nonexistent") + "/" + relative }

  /// The files of a subfolder with one of `extensions` (lowercased), sorted.
  public static func files(in folder: String, extensions: Set<String>) -> [String] {
    guard let root else { return [] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? []
    return names.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
      .map { root + "/" + folder + "/" + $0 }
  }

  /// The repository root, found from this source file's location.
  public static let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()
}
