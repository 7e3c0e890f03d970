import Foundation
import OhanaJSON
import OhanaTestSupport
import Testing

/// Small inputs and helpers shared by the ingest tests.
enum Fixtures {
  static func gedcom(_ surname: String, people: Int = 3) -> String {
    var lines = ["0 HEAD", "1 GEDC", "2 VERS 5.5.1", "2 FORM LINEAGE-LINKED", "1 CHAR UTF-8"]
    for index in 1...people {
      lines += ["0 @I\(index)@ INDI", "1 NAME Person\(index) /\(surname)/", "1 SEX \(index % 2 == 0 ? "F" : "M")", "1 BIRT", "2 DATE \(1800 + index)"]
    }
    lines += ["0 @F1@ FAM", "1 HUSB @I1@"]
    if people >= 2 { lines += ["1 WIFE @I2@"] }
    lines.append("0 TRLR")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A table that passes the default configuration's schema and expectations.
  static func csv(_ seed: Int, rows: Int = 5) -> String {
    var lines = ["patient_id,age,sex,target"]
    for row in 0..<rows {
      lines.append("\(seed)-\(row),\(20 + (seed + row) % 50),\(row % 3 == 0 ? "F" : "M"),\(row % 2)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Runs a short Python program (zipfile, tarfile and gzip build the archives the tests need).
  static func python(_ program: String, _ arguments: [String] = []) throws {
    let result = try OhanaCommand.runProgram("/usr/bin/env", ["python3", "-c", program] + arguments)
    try #require(result.status == 0, "python failed: \(result.stderr)")
  }

  static func zip(_ path: String, members: [(String, String)]) throws {
    let spec = try JSONSerialization.data(withJSONObject: members.map { [$0.0, $0.1] })
    try python(
      """
      import json, sys, zipfile
      with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
          for name, text in json.loads(sys.argv[2]):
              z.writestr(name, text)
      """, [path, String(decoding: spec, as: UTF8.self)])
  }

  static func gzip(_ path: String, text: String) throws {
    try python("import gzip, sys; gzip.open(sys.argv[1], 'wb').write(sys.argv[2].encode())", [path, text])
  }

  /// Every file below `folder` with its SHA-256, for before/after comparisons of `registry/`.
  static func snapshot(_ folder: String) throws -> [String: Data] {
    var result: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: folder) else { return result }
    for case let relative as String in walker {
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory)
      if !isDirectory.boolValue { result[relative] = FileManager.default.contents(atPath: folder + "/" + relative) }
    }
    return result
  }

  static func json(_ path: String) throws -> JSONValue {
    try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
  }

  static func files(_ folder: String, suffix: String = "") -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
  }

  /// A fresh initialized tree.
  static func tree() throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory()
    let result = try OhanaCommand.run(["init", "--root", directory.path])
    try #require(result.status == 0, "init failed: \(result.stderr)")
    return directory
  }

  /// Receipts and rejections, keyed by the `source` they name.
  static func outcomes(_ root: String) throws -> (accepted: [String], rejected: [String]) {
    var accepted: [String] = []
    var rejected: [String] = []
    let outbox = root + "/outbox"
    for folder in ["", "family-trees/", "tables/"] {
      for name in files(outbox + "/" + folder + "accepted", suffix: ".json") {
        let receipt = try json(outbox + "/" + folder + "accepted/" + name)
        accepted.append(receipt["source"]?.stringValue ?? "?")
      }
      for name in files(outbox + "/" + folder + "rejected", suffix: ".error.json") {
        let error = try json(outbox + "/" + folder + "rejected/" + name)
        rejected.append(error["source"]?.stringValue ?? "?")
      }
    }
    return (accepted.sorted(), rejected.sorted())
  }
}
