import OhanaGEDCOM

/// The distinct surnames of a graph with what blocking and the surname features need: the
/// folded letters, an id shared by names that differ only in case, accents or punctuation,
/// and phonetic block keys.
struct SurnameTable: Sendable {
  /// Surname-table index of each string id of the graph (-1 for strings that are no surname
  /// or have no letters).
  private let indexOfString: [Int32]
  /// Folded letters of each surname.
  let letters: [[UInt8]]
  /// Equal for surnames with equal letters.
  let normalized: [Int32]
  /// Soundex key id of each surname.
  let soundex: [Int32]
  /// Block keys of each surname: `keys[keyStart[s]..<keyStart[s + 1]]` (Soundex, skeleton, the
  /// same for the first word of a multi-word surname, and the father's given name of a
  /// patronymic).
  let keyStart: [Int32]
  let keys: [Int32]
  /// Number of distinct block keys.
  let keyCount: Int
  /// The block key of each given name that some patronymic surname points to ("ap Hywel",
  /// "Ragnarsson", "ferch Madog", "FitzGerald" → the father's given name).
  private let patronymicKeys: [String: Int32]

  /// Words that put the father's given name after them.
  static let patronymicPrefixes: Set<String> = [
    "ap", "ab", "ferch", "verch", "vch", "ach", "mac", "mc", "mag", "ingen", "nic", "ni", "fitz", "ben", "bin",
    "bat", "bint", "ibn",
  ]
  /// Endings that follow the father's given name, longest first.
  static let patronymicSuffixes = [
    "sdottir", "sdotter", "sdatter", "dottir", "dotter", "datter", "sson", "sen", "son", "ovich", "evich", "ovna",
    "evna",
  ]

  /// The father's given name a patronymic surname refers to, as a block key text.
  static func patronymicStem(of surname: String) -> String? {
    let words = TextTokens.words(surname).map { String(decoding: $0, as: UTF8.self) }
    guard let first = words.first else { return nil }
    var stem: String?
    if patronymicPrefixes.contains(first), words.count >= 2 {
      stem = words[1]
    } else if first.hasPrefix("fitz"), first.count > 6 {
      stem = String(first.dropFirst(4))
    } else if let last = words.last, let suffix = patronymicSuffixes.first(where: { last.hasSuffix($0) }),
      last.count >= suffix.count + 3
    {
      stem = String(last.dropLast(suffix.count))
    }
    guard let stem else { return nil }
    let letters = PhoneticCode.letters(stem)
    return letters.count >= 2 ? "G" + PhoneticCode.soundex(letters) : nil
  }

  /// The block key of a father's given name, when some surname in the graph refers to it.
  func patronymicKey(forGivenName name: String) -> Int32? {
    let letters = PhoneticCode.letters(name)
    guard letters.count >= 2 else { return nil }
    return patronymicKeys["G" + PhoneticCode.soundex(letters)]
  }

  init(graph: FamilyGraph) {
    var index = [Int32](repeating: -1, count: graph.strings.count)
    var letters: [[UInt8]] = []
    var normalized: [Int32] = []
    var soundex: [Int32] = []
    var keyStart: [Int32] = [0]
    var keys: [Int32] = []
    var normalizedIDs: [[UInt8]: Int32] = [:]
    var keyIDs: [String: Int32] = [:]
    var patronymic: [String: Int32] = [:]
    func keyID(_ text: String) -> Int32 {
      if let id = keyIDs[text] { return id }
      let id = Int32(keyIDs.count)
      keyIDs[text] = id
      return id
    }
    for stringID in graph.surname where stringID != 0 && index[Int(stringID)] == -1 {
      let text = graph.strings[Int(stringID)]
      let folded = PhoneticCode.letters(text)
      guard !folded.isEmpty else {
        index[Int(stringID)] = -2
        continue
      }
      index[Int(stringID)] = Int32(letters.count)
      letters.append(folded)
      if let id = normalizedIDs[folded] {
        normalized.append(id)
      } else {
        let id = Int32(normalizedIDs.count)
        normalizedIDs[folded] = id
        normalized.append(id)
      }
      var own: [Int32] = []
      let code = keyID("S" + PhoneticCode.soundex(folded))
      soundex.append(code)
      own.append(code)
      own.append(keyID("K" + PhoneticCode.skeleton(folded)))
      if let stem = Self.patronymicStem(of: text) {
        let key = keyID(stem)
        own.append(key)
        patronymic[stem] = key
      }
      let words = TextTokens.words(text).filter { $0.count >= 3 }
      if words.count > 1, let firstWord = words.first {
        let wordLetters = PhoneticCode.letters(String(decoding: firstWord, as: UTF8.self))
        if !wordLetters.isEmpty {
          own.append(keyID("S" + PhoneticCode.soundex(wordLetters)))
          own.append(keyID("K" + PhoneticCode.skeleton(wordLetters)))
        }
      }
      var unique: [Int32] = []
      for key in own where !unique.contains(key) { unique.append(key) }
      keys += unique
      keyStart.append(Int32(keys.count))
    }
    for position in index.indices where index[position] == -2 { index[position] = -1 }
    indexOfString = index
    self.letters = letters
    self.normalized = normalized
    self.soundex = soundex
    self.keyStart = keyStart
    self.keys = keys
    keyCount = keyIDs.count
    patronymicKeys = patronymic
  }

  /// The table index of the surname with string id `stringID`, or -1.
  func index(ofString stringID: Int32) -> Int32 { indexOfString[Int(stringID)] }

  /// The block keys of surname `surname`.
  func keys(of surname: Int32) -> ArraySlice<Int32> {
    keys[Int(keyStart[Int(surname)])..<Int(keyStart[Int(surname) + 1])]
  }
}
