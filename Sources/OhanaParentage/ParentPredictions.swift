import Foundation
import OhanaGEDCOM
import OhanaJSON
import OhanaParallel

/// The product's answer for one tree: for every person without parents, the most likely
/// parents' families with probabilities, reasons, names and cross-references — as JSON and as
/// CSV for spreadsheets.
public struct ParentPredictions: Sendable, Equatable {
  /// One candidate family of a person.
  public struct Candidate: Sendable, Equatable {
    /// 1 for the most likely family.
    public var rank: Int
    /// The family's index in the graph.
    public var family: Int
    /// The family's cross-reference (without `@`).
    public var familyXref: String
    /// The father's cross-reference ("" when the family has none).
    public var fatherXref: String
    /// The father's name as recorded.
    public var fatherName: String
    /// The mother's cross-reference ("" when the family has none).
    public var motherXref: String
    /// The mother's name as recorded.
    public var motherName: String
    /// The calibrated probability (see ``Calibration``).
    public var probability: Double
    /// The model's raw score.
    public var score: Double
    /// The facts that weighed most, strongest first.
    public var reasons: [Reason]
  }

  /// One person without parents and their candidates (possibly none).
  public struct Person: Sendable, Equatable {
    /// The person's index in the graph.
    public var person: Int
    /// The person's cross-reference (without `@`).
    public var xref: String
    /// The person's name as recorded.
    public var name: String
    /// The most likely parents' families, best first.
    public var candidates: [Candidate]
  }

  /// The family of the model that ranked.
  public var modelFamily: ModelFamily
  /// Candidates kept per person.
  public var topK: Int
  /// Everyone without parents, in graph order.
  public var people: [Person]

  /// Ranks the candidates of every person without parents in `graph` with `model`, keeping
  /// `topK` (the model's ``TrainingSettings/topK`` by default). Parallel, deterministic.
  public static func predict(graph: FamilyGraph, model: ParentageModel, topK: Int? = nil) -> ParentPredictions {
    let prepared = PreparedGraph(
      graph, usesPlaces: model.settings.usePlaces, maximumCandidates: model.settings.maxCandidates)
    return predict(graph: prepared, model: model, topK: topK)
  }

  /// As ``predict(graph:model:topK:)`` on an already prepared graph.
  public static func predict(graph prepared: PreparedGraph, model: ParentageModel, topK: Int? = nil) -> ParentPredictions {
    let keep = max(1, topK ?? model.settings.topK)
    let ranker = ParentRanker(model: model, graph: prepared)
    let view = prepared.view
    let graph = prepared.graph
    func xref(ofPerson person: Int) -> String { person < 0 ? "" : graph.strings[Int(graph.personXref[person])] }
    func name(ofPerson person: Int) -> String { person < 0 ? "" : view.displayName(person) }
    let orphans = prepared.peopleWithoutParents
    let people = Parallel.map(orphans.count, chunks: 8, minimumPerChunk: 64) { range -> [Person] in
      var scratch = ParentRanker.Scratch(ranker: ranker)
      return range.map { index in
        let person = orphans[index]
        let ranked = ranker.rank(person: person, topK: keep, scratch: &scratch)
        let candidates = ranked.enumerated().map { position, candidate in
          let father = Int(view.father[candidate.family])
          let mother = Int(view.mother[candidate.family])
          return Candidate(
            rank: position + 1, family: candidate.family,
            familyXref: graph.strings[Int(graph.familyXref[candidate.family])], fatherXref: xref(ofPerson: father),
            fatherName: name(ofPerson: father), motherXref: xref(ofPerson: mother), motherName: name(ofPerson: mother),
            probability: candidate.probability, score: candidate.score, reasons: candidate.reasons)
        }
        return Person(person: person, xref: xref(ofPerson: person), name: name(ofPerson: person), candidates: candidates)
      }
    }.flatMap { $0 }
    return ParentPredictions(modelFamily: model.family, topK: keep, people: people)
  }

  /// The predictions as JSON, with the caller's `provenance` (input file, model hash, …).
  public func json(provenance: JSONValue) -> JSONValue {
    [
      "provenance": provenance, "model_family": .string(modelFamily.rawValue), "top_k": .integer(topK),
      "feature_schema_version": .integer(PairFeatures.schemaVersion),
      "people_without_parents": .integer(people.count),
      "people_with_candidates": .integer(people.filter { !$0.candidates.isEmpty }.count),
      "predictions": .array(
        people.map { person in
          [
            "person_xref": .string(person.xref), "person_name": .string(person.name),
            "candidates": .array(
              person.candidates.map { candidate in
                [
                  "rank": .integer(candidate.rank), "family_xref": .string(candidate.familyXref),
                  "father_xref": .string(candidate.fatherXref), "father_name": .string(candidate.fatherName),
                  "mother_xref": .string(candidate.motherXref), "mother_name": .string(candidate.motherName),
                  "probability": .double(candidate.probability), "score": .double(candidate.score),
                  "reasons": .array(
                    candidate.reasons.map { reason in
                      ["feature": .string(reason.feature), "weight": .double(reason.weight), "text": .string(reason.text)]
                    }),
                ]
              }),
          ]
        }),
    ]
  }

  /// The CSV header.
  public static let csvColumns = [
    "person_xref", "person_name", "rank", "family_xref", "father_name", "mother_name", "probability", "reasons",
  ]

  /// One row per person and candidate (RFC 4180: comma-separated, CRLF line ends, cells with a
  /// comma, quote or line break quoted with doubled quotes). Cells that a spreadsheet would run
  /// as a formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage return — get a
  /// leading single quote. Probabilities have six decimals; reasons are joined with "; ".
  public func csv() -> String {
    var out = Self.csvColumns.joined(separator: ",") + "\r\n"
    for person in people {
      for candidate in person.candidates {
        let cells = [
          person.xref, person.name, String(candidate.rank), candidate.familyXref, candidate.fatherName,
          candidate.motherName, String(format: "%.6f", candidate.probability),
          candidate.reasons.map(\.text).joined(separator: "; "),
        ]
        out += cells.map(Self.csvCell).joined(separator: ",")
        out += "\r\n"
      }
    }
    return out
  }

  /// A cell made safe for spreadsheets and quoted when needed.
  static func csvCell(_ text: String) -> String {
    var cell = text
    if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
      cell = "'" + cell
    }
    if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
      cell = "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return cell
  }
}
