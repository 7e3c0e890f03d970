import Foundation
import OhanaGEDCOM
import OhanaJSON
import Testing

@testable import OhanaParentage

@Suite("Predictions")
struct PredictionTests {
  @Test("CSV cells are quoted and defused for spreadsheets")
  func csvCells() {
    #expect(ParentPredictions.csvCell("Smith") == "Smith")
    #expect(ParentPredictions.csvCell("Smith, John") == "\"Smith, John\"")
    #expect(ParentPredictions.csvCell("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(ParentPredictions.csvCell("two\nlines") == "\"two\nlines\"")
    #expect(ParentPredictions.csvCell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
    #expect(ParentPredictions.csvCell("+1") == "'+1")
    #expect(ParentPredictions.csvCell("-2") == "'-2")
    #expect(ParentPredictions.csvCell("@SUM(A1)") == "'@SUM(A1)")
    #expect(ParentPredictions.csvCell("\tx") == "'\tx")
    #expect(ParentPredictions.csvCell("\rx") == "\"'\rx\"")
    #expect(ParentPredictions.csvCell("a=b") == "a=b")
  }

  /// A tiny tree whose names need escaping: a child without parents and one family.
  static let tree = """
    0 HEAD
    1 CHAR UTF-8
    0 @I1@ INDI
    1 NAME =cmd|'calc'!A0 /Smith, "Jr"/
    1 SEX M
    1 BIRT
    2 DATE 1 JAN 1800
    2 PLAC Leeds, Yorkshire, England
    0 @I2@ INDI
    1 NAME John /Smith, "Jr"/
    1 SEX M
    1 BIRT
    2 DATE 1770
    2 PLAC Leeds, Yorkshire, England
    1 FAMS @F1@
    0 @I3@ INDI
    1 NAME Mary /Jones/
    1 SEX F
    1 BIRT
    2 DATE 1772
    1 FAMS @F1@
    0 @F1@ FAM
    1 HUSB @I2@
    1 WIFE @I3@
    1 MARR
    2 DATE 1795
    2 PLAC Leeds, Yorkshire, England
    0 TRLR
    """

  @Test("Every person without parents gets ranked candidates, as JSON and as safe CSV")
  func predictionsOnTinyTree() throws {
    let graph = FamilyGraph.build(from: try GEDCOMParser.parse(bytes: Array(Self.tree.utf8)))
    let predictions = ParentPredictions.predict(graph: graph, model: .heuristic(), topK: 3)
    #expect(predictions.people.map(\.xref) == ["I1", "I2", "I3"])
    let child = predictions.people[0]
    #expect(child.candidates.count == 1)
    let candidate = child.candidates[0]
    #expect(candidate.familyXref == "F1" && candidate.rank == 1)
    #expect(candidate.fatherName == "John Smith, \"Jr\"" && candidate.motherName == "Mary Jones")
    #expect(candidate.probability > 0.5 && candidate.probability < 1)
    #expect(candidate.reasons.contains { $0.text == "same surname (Smith, \"Jr\")" })
    #expect(candidate.reasons.allSatisfy { !$0.text.isEmpty })

    let csv = predictions.csv()
    let lines = csv.components(separatedBy: "\r\n")
    #expect(lines[0] == ParentPredictions.csvColumns.joined(separator: ","))
    #expect(lines.count == 3 && lines[2].isEmpty)
    #expect(lines[1].hasPrefix("I1,\"'=cmd|'calc'!A0 Smith, \"\"Jr\"\"\",1,F1,\"John Smith, \"\"Jr\"\"\",Mary Jones,0."))

    let json = predictions.json(provenance: ["input": "tiny.ged"])
    #expect(json["provenance"]?["input"]?.stringValue == "tiny.ged")
    #expect(json["people_without_parents"]?.intValue == 3)
    let first = json["predictions"]?[0]?["candidates"]?[0]
    #expect(first?["family_xref"]?.stringValue == "F1")
    #expect(first?["reasons"]?[0]?["text"]?.stringValue?.isEmpty == false)
    // Deterministic bytes.
    #expect(CanonicalJSON.bytes(json) == CanonicalJSON.bytes(ParentPredictions.predict(graph: graph, model: .heuristic(), topK: 3).json(provenance: ["input": "tiny.ged"])))
  }

  @Test("Pair features are finite, named, and ignore the person's own link")
  func features() throws {
    #expect(PairFeatures.featureNames.count == PairFeatures.Index.allCases.count)
    #expect(Set(PairFeatures.featureNames).count == PairFeatures.count)
    let graph = FamilyGraph.build(from: try GEDCOMParser.parse(bytes: Array(Self.tree.utf8)))
    let prepared = PreparedGraph(graph)
    let features = PairFeatures(person: 0, family: 0, in: prepared)
    #expect(features.values.count == PairFeatures.count)
    #expect(features.values.allSatisfy { $0.isFinite })
    func value(_ name: String) -> Double { features.values[PairFeatures.featureNames.firstIndex(of: name)!] }
    #expect(abs(value("mother_age") - 28) < 1.1)
    #expect(abs(value("father_age") - 30) < 1.1)
    #expect(value("surname_exact_father") == 1 && value("surname_phonetic_mother") == 0)
    #expect(value("place_marriage") == 1 && value("place_parents") == 1)
    #expect(value("sibling_dates_missing") == 1 && value("family_children_log") == 0)
  }
}
