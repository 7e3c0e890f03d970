import OhanaFiles
import OhanaJSON
import OhanaStore
import OhanaTabular

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Scored rows by id, kept as derived files in `inbox/.ohana/scored-rows/` so that a tick neither
/// parses every output CSV again nor looks at every scored row again: per batch, the rows that
/// feedback can be joined to (those with an id, in the order of its output CSV); per pipeline,
/// the join itself (see ``ScoredBatches/rows(of:idColumn:)``). Each file states what it was
/// derived from, and is used only when that matches the outputs as they are now.
///
/// A batch's file is `inbox/.ohana/scored-rows/<pipeline>/<provenance-sha256>`: named by the digest of
/// the batch's provenance (a batch scored again has a new provenance, so a new file), and it
/// records the id column it was read with and the output CSV's size, inode and modification time.
/// A file that does not match all of them — or whose body fails its SHA-256 — is never used: it
/// is rebuilt from the outputs, which stay the only truth. So the derived files can be deleted at
/// any time, and a run killed while rescoring (new CSV, old provenance) cannot read stale rows.
///
/// Why files per batch and one join per pipeline, rather than the join of each feedback file
/// recorded once: a batch's rows never change once its provenance is written, but a feedback
/// row's match can change with any later batch (its id's latest scoring wins), so joins kept per
/// feedback file would all be rewritten for each new batch. The one join states the batches it
/// covered and is extended by new ones; new feedback ids take a pass over every batch, through
/// these compact files rather than the CSVs.
///
/// Layout: the line `ohana.scored-rows/1 <header bytes>`, a canonical JSON header, then the body:
/// each id's UTF-8 length (UInt32), the ids' bytes, each row's index into the header's `servings`
/// (variant and version, UInt32), whether it was predicted positive (UInt8) and its probability
/// (Float64), all little-endian.
struct ScoredRowsFile {
  /// The ids, in the order of the output.
  var ids: [String] = []
  /// The scored row of each id.
  var rows: [ScoredBatches.Row] = []

  /// What a batch's derived file must match to describe its outputs as they are now.
  struct Key {
    var provenanceSHA256: String
    var idColumn: String
    /// The version that served rows of outputs without variant columns (older ones).
    var production: String
    var csv: FileInfo

    /// As the header states it (the numbers as text, so that they compare exactly).
    var fields: [String: JSONValue] {
      [
        "provenance_sha256": .string(provenanceSHA256), "id_column": .string(idColumn),
        "production": .string(production), "csv_size": .string(String(csv.size)),
        "csv_inode": .string(String(csv.inode)), "csv_modified": .string(String(csv.modificationTime)),
      ]
    }
  }

  static let format = "ohana.scored-rows/1"

  /// The folder of a pipeline's batch files.
  static func folder(stateFolder: String, pipeline: String) -> String {
    Path.join(stateFolder, "scored-rows", pipeline)
  }

  /// The file of a pipeline's join, beside its folder.
  static func joinPath(stateFolder: String, pipeline: String) -> String {
    Path.join(stateFolder, "scored-rows", pipeline + ".join")
  }

  /// The rows of `csvPath`'s batch: from the derived file in `folder` when it matches `key`,
  /// else read from the CSV and the derived file (re)written.
  static func load(csvPath: String, key: Key, folder: String) throws -> ScoredRowsFile {
    let path = Path.join(folder, key.provenanceSHA256)
    if let existing = read(path), existing.stated == key.fields { return existing.rows }
    let rows = try ScoredRowsFile(csv: csvPath, idColumn: key.idColumn, production: key.production)
    try Directory.create(folder)
    try DurableFile.write(rows.encoded(stating: key.fields), to: path)
    return rows
  }

  /// What a derived file states it was made from, and its rows; nil when it is missing or damaged.
  static func read(_ path: String) -> (stated: [String: JSONValue], rows: ScoredRowsFile)? {
    (try? DurableFile.read(path)).flatMap(decode)
  }

  /// Removes the derived files in `folder` of batches other than `current` (their provenance
  /// digests): those of batches scored again or deleted.
  static func prune(folder: String, keeping current: Set<String>) throws {
    for name in try Directory.entries(of: folder) where !current.contains(name) && !name.hasPrefix(".") {
      let path = Path.join(folder, name)
      // Another tick may have removed it already.
      guard unlink(path) == 0 || errno == ENOENT else { throw FileSystemError("unlink", path: path) }
    }
  }

  init(ids: [String] = [], rows: [ScoredBatches.Row] = []) {
    self.ids = ids
    self.rows = rows
  }

  /// Reads the rows from an output CSV, as the ledger joins them: rows with an id, with their
  /// variant and version from the last two columns (older outputs, without them, were all served
  /// by the production version their provenance names, given as `production`).
  init(csv path: String, idColumn: String, production: String) throws {
    let table = try CSVTable.parse(contentsOf: path)
    guard let ids = table.column(named: idColumn), let probabilities = table.column(named: "probability"),
      let predictions = table.column(named: "prediction"), probabilities.type.isNumeric,
      predictions.type.isNumeric
    else { return }
    let names = table.columnNames.suffix(2)
    let variants = names == ["variant", "model_version"] ? table.columns[table.columns.count - 2] : nil
    let versions = variants == nil ? nil : table.columns.last
    for row in 0..<table.rowCount {
      guard let id = ids.text(at: row), !id.isEmpty else { continue }
      self.ids.append(id)
      self.rows.append(
        ScoredBatches.Row(
          variant: variants?.text(at: row) ?? "production", version: versions?.text(at: row) ?? production,
          probability: probabilities.numbers[row], positive: predictions.numbers[row] == 1))
    }
  }

  /// The file's bytes, with the header `stated` (what the rows were derived from).
  func encoded(stating stated: [String: JSONValue]) -> [UInt8] {
    var servings: [[String]] = []
    var servingIndex: [[String]: UInt32] = [:]
    var body: [UInt8] = []
    for id in ids { Self.append(UInt32(id.utf8.count), to: &body) }
    for id in ids { body.append(contentsOf: id.utf8) }
    for row in rows {
      let serving = [row.variant, row.version]
      if servingIndex[serving] == nil {
        servingIndex[serving] = UInt32(servings.count)
        servings.append(serving)
      }
      Self.append(servingIndex[serving]!, to: &body)
    }
    body.append(contentsOf: rows.map { $0.positive ? 1 : 0 })
    for row in rows { Self.append(row.probability.bitPattern, to: &body) }
    var header = stated
    header["rows"] = .integer(rows.count)
    header["servings"] = .array(servings.map { .array($0.map(JSONValue.string)) })
    header["body_sha256"] = .string(SHA256Hasher.hash(body))
    let headerBytes = CanonicalJSON.bytes(.object(header))
    return Array("\(Self.format) \(headerBytes.count)\n".utf8) + headerBytes + body
  }

  /// What a derived file's `bytes` state and their rows, or nil when they are damaged.
  static func decode(_ bytes: [UInt8]) -> (stated: [String: JSONValue], rows: ScoredRowsFile)? {
    guard let newline = bytes.prefix(64).firstIndex(of: UInt8(ascii: "\n")) else { return nil }
    let first = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
    guard first.count == 2, first[0] == format, let headerCount = Int(first[1]), headerCount >= 0,
      headerCount <= bytes.count - newline - 1,
      let header = try? JSONParser.parse(Array(bytes[(newline + 1)..<(newline + 1 + headerCount)])),
      let count = header["rows"]?.intValue.map(Int.init), count >= 0,
      let servings = header["servings"]?.arrayValue?.map({ $0.arrayValue?.compactMap(\.stringValue) ?? [] }),
      servings.allSatisfy({ $0.count == 2 })
    else { return nil }
    var stated = header.objectValue ?? [:]
    for name in ["rows", "servings", "body_sha256"] { stated[name] = nil }
    let body = Array(bytes[(newline + 1 + headerCount)...])
    guard header["body_sha256"]?.stringValue == SHA256Hasher.hash(body),
      let rows = body.withUnsafeBytes({ raw in decodeBody(raw, count: count, servings: servings) })
    else { return nil }
    return (stated, rows)
  }

  private static func decodeBody(_ raw: UnsafeRawBufferPointer, count: Int, servings: [[String]])
    -> ScoredRowsFile?
  {
    // A length per id, the ids, then 4 + 1 + 8 bytes of fields per row.
    let fixed = 4 + 4 + 1 + 8
    guard count <= raw.count / fixed else { return nil }
    let lengths = (0..<count).map { Int(word(raw, at: 4 * $0)) }
    guard raw.count == count * fixed + lengths.reduce(0, +) else { return nil }
    var file = ScoredRowsFile()
    file.ids.reserveCapacity(count)
    file.rows.reserveCapacity(count)
    var offset = 4 * count
    for length in lengths {
      file.ids.append(String(decoding: raw[offset..<(offset + length)], as: UTF8.self))
      offset += length
    }
    let positives = offset + 4 * count
    let probabilities = positives + count
    for row in 0..<count {
      let serving = Int(word(raw, at: offset + 4 * row))
      guard serving < servings.count else { return nil }
      let bits = UInt64(
        littleEndian: raw.loadUnaligned(fromByteOffset: probabilities + 8 * row, as: UInt64.self))
      file.rows.append(
        ScoredBatches.Row(
          variant: servings[serving][0], version: servings[serving][1],
          probability: Double(bitPattern: bits), positive: raw[positives + row] == 1))
    }
    return file
  }

  private static func word(_ raw: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
    UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
  }

  private static func append<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }
}
