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
  /// same for each word of a multi-word surname, and the father's given name of a patronymic).
  let keyStart: [Int32]
  let keys: [Int32]
  /// Patronymic keys from each person's given names: `personKeys[personKeyStart[p]..<…[p + 1]]`.
  private let personKeyStart: [Int32]
  private let personKeys: [Int32]
  /// Number of distinct block keys.
  let keyCount: Int
  /// The block key of each given name that some patronymic surname points to ("ap Hywel",
  /// "Ragnarsson", "ferch Madog", "FitzGerald", or "Hywel" after the given names "Gruffudd ap"
  /// → the father's given name).
  private let patronymicKeys: [String: Int32]

  /// Words that put the father's given name after them.
  static let patronymicPrefixes: Set<String> = [
    "ap", "ab", "ferch", "verch", "vch", "ach", "mac", "mc", "mag", "ingen", "nic", "ni", "fitz", "ben",
    "bin",
    "bat", "bint", "ibn",
  ]
  /// Words of surnames that say nothing on their own ("de la Pole", "van der Berg").
  static let particles: Set<String> = [
    "de", "del", "della", "der", "den", "van", "von", "the", "of", "la", "le", "du", "des",
  ]
  /// Endings that follow the father's given name, longest first.
  static let patronymicSuffixes = [
    "sdottir", "sdotter", "sdatter", "dottir", "dotter", "datter", "sson", "sen", "son", "ovich", "evich",
    "ovna",
    "evna",
  ]

  /// The father's given name a patronymic surname refers to, as a block key text.
  static func patronymicStem(of surname: String) -> String? {
    let words = TextTokens.words(surname).map { String(decoding: $0, as: UTF8.self) }
    guard let first = words.first else { return nil }
    var stem: String?
    if patronymicPrefixes.contains(first), words.count >= 2 {
      stem = words[1]
    } else if let attached = attachedStem(first) {
      stem = attached
    } else if let last = words.last, let suffix = patronymicSuffixes.first(where: { last.hasSuffix($0) }),
      last.count >= suffix.count + 3
    {
      stem = String(last.dropLast(suffix.count))
    }
    guard let stem else { return nil }
    let letters = PhoneticCode.letters(stem)
    return letters.count >= 2 ? "G" + PhoneticCode.soundex(letters) : nil
  }

  /// The block keys of a father's given names that some patronymic surname in the graph
  /// refers to (every given name counts: "Rhisiart Richard" is the father of "ap Richard").
  func patronymicKeys(forGivenNames names: String) -> [Int32] {
    let words = TextTokens.words(names).map { String(decoding: $0, as: UTF8.self) }
      .filter { !Self.patronymicPrefixes.contains($0) }.map(PhoneticCode.letters)
    var found: [Int32] = []
    // Each name, and all of them run together ("Gilla Patriaic" is the father of "MacGillapatrick").
    for letters in words + (words.count > 1 ? [Array(words.joined())] : []) where letters.count >= 2 {
      if let key = patronymicKeys["G" + PhoneticCode.soundex(letters)], !found.contains(key) {
        found.append(key)
      }
    }
    return found
  }

  /// The father's names that given names point to: the word after a particle inside them
  /// ("Rhodri ap Owain" → owain) or after an attached prefix ("Macdairmata" → dairmata), as
  /// letters; and whether they end with a particle ("Gruffudd ap"), which makes the surname
  /// that follows the father's given name.
  static func givenNameStems(_ givenNames: String) -> (stems: [[UInt8]], endsWithParticle: Bool) {
    let words = TextTokens.words(givenNames).map { String(decoding: $0, as: UTF8.self) }
    var stems: [[UInt8]] = []
    for (position, word) in words.enumerated() {
      if patronymicPrefixes.contains(word) {
        if position + 1 < words.count { stems.append(PhoneticCode.letters(words[position + 1])) }
      } else if let stem = attachedStem(word) {
        stems.append(PhoneticCode.letters(stem))
      }
    }
    return (stems.filter { $0.count >= 2 }, words.last.map(patronymicPrefixes.contains) ?? false)
  }

  /// The name after a prefix written together with it ("MacGilla" → gilla, "FitzGerald" → gerald).
  static func attachedStem(_ word: String) -> String? {
    for prefix in ["fitz", "mac", "mc"] where word.hasPrefix(prefix) && word.count >= prefix.count + 3 {
      return String(word.dropFirst(prefix.count))
    }
    return nil
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
      var stems: [String] = []
      if let stem = Self.patronymicStem(of: text) { stems.append(stem) }
      let words = TextTokens.words(text).map { String(decoding: $0, as: UTF8.self) }
        .filter { !Self.patronymicPrefixes.contains($0) }
      for stem in stems {
        let key = keyID(stem)
        own.append(key)
        patronymic[stem] = key
      }
      // Each word of a double or compound surname ("Spencer-Churchill", "Burke_Roche") is a key
      // too: children often carry only one of them.
      let longWords = words.filter { $0.utf8.count >= 3 && !Self.particles.contains($0) }
      if longWords.count > 1 {
        for word in longWords {
          let wordLetters = PhoneticCode.letters(word)
          if !wordLetters.isEmpty {
            own.append(keyID("S" + PhoneticCode.soundex(wordLetters)))
            own.append(keyID("K" + PhoneticCode.skeleton(wordLetters)))
          }
        }
      }
      var unique: [Int32] = []
      for key in own where !unique.contains(key) { unique.append(key) }
      keys += unique
      keyStart.append(Int32(keys.count))
    }
    for position in index.indices where index[position] == -2 { index[position] = -1 }
    // Patronymics carried by the given names, per person.
    var stemsOfGiven: [Int32: (stems: [[UInt8]], endsWithParticle: Bool)] = [:]
    var personStart: [Int32] = [0]
    var personKeys: [Int32] = []
    personStart.reserveCapacity(graph.personCount + 1)
    for person in 0..<graph.personCount {
      let given = graph.givenNames[person]
      if given != 0 {
        let found: (stems: [[UInt8]], endsWithParticle: Bool)
        if let known = stemsOfGiven[given] {
          found = known
        } else {
          found = Self.givenNameStems(graph.strings[Int(given)])
          stemsOfGiven[given] = found
        }
        var stems = found.stems
        if found.endsWithParticle, graph.surname[person] != 0 {
          stems += TextTokens.words(graph.strings[Int(graph.surname[person])])
            .map { PhoneticCode.letters(String(decoding: $0, as: UTF8.self)) }.filter { $0.count >= 2 }
        }
        for stem in stems {
          let text = "G" + PhoneticCode.soundex(stem)
          let key = keyID(text)
          patronymic[text] = key
          if !personKeys[Int(personStart[person])...].contains(key) { personKeys.append(key) }
        }
      }
      personStart.append(Int32(personKeys.count))
    }
    personKeyStart = personStart
    self.personKeys = personKeys
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

  /// The patronymic block keys person `person`'s given names carry (see ``givenNameStems(_:)``).
  func keys(ofPerson person: Int) -> ArraySlice<Int32> {
    personKeys[Int(personKeyStart[person])..<Int(personKeyStart[person + 1])]
  }

  /// The block keys of surname `surname`.
  func keys(of surname: Int32) -> ArraySlice<Int32> {
    keys[Int(keyStart[Int(surname)])..<Int(keyStart[Int(surname) + 1])]
  }
}
