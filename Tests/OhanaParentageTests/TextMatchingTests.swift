import Testing

@testable import OhanaParentage

@Suite("Names and places")
struct TextMatchingTests {
  @Test("Soundex codes follow the standard rules")
  func soundex() {
    func code(_ name: String) -> String { PhoneticCode.soundex(PhoneticCode.letters(name)) }
    #expect(code("Robert") == "R163")
    #expect(code("Rupert") == "R163")
    #expect(code("Tymczak") == "T522")
    #expect(code("Pfister") == "P236")
    #expect(code("Ashcraft") == "A261")
    #expect(code("Smith") == code("Smythe"))
    #expect(code("O'Brien") == code("Ó Briain"))
    #expect(code("") == "")
  }

  @Test("The consonant skeleton merges spellings Soundex keeps apart")
  func skeleton() {
    func key(_ name: String) -> String { PhoneticCode.skeleton(PhoneticCode.letters(name)) }
    #expect(PhoneticCode.soundex(PhoneticCode.letters("Thompson")) != PhoneticCode.soundex(PhoneticCode.letters("Thomson")))
    #expect(key("Thompson") == key("Thomson"))
    #expect(key("Stephens") == key("Stevens"))
    #expect(key("Davies") == key("Davis"))
    #expect(key("Smith") != key("Jones"))
  }

  @Test("Jaro–Winkler similarity matches known values")
  func jaroWinkler() {
    #expect(abs(JaroWinkler.similarity("MARTHA", "MARHTA") - 0.9611) < 1e-4)
    #expect(abs(JaroWinkler.similarity("DWAYNE", "DUANE") - 0.84) < 1e-4)
    #expect(abs(JaroWinkler.similarity("DIXON", "DICKSONX") - 0.8133) < 1e-4)
    #expect(JaroWinkler.similarity("Smith", "smith") == 1)
    #expect(JaroWinkler.similarity("abc", "xyz") == 0)
  }

  @Test("Place words ignore case, accents and filler words")
  func placeWords() {
    let words = TextTokens.words("Dún Laoghaire, Co. Dublin, IRELAND", dropPlaceStopWords: true)
    #expect(words.map { String(decoding: $0, as: UTF8.self) } == ["dun", "laoghaire", "dublin", "ireland"])
  }
}
