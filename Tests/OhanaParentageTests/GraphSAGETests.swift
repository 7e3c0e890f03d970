import Foundation
import OhanaGEDCOM
import Testing

@testable import OhanaParentage

@Suite("GraphSAGE")
struct GraphSAGETests {
  /// A tiny graph, a small network and a batch of supervised people with negatives.
  static func setup() throws -> (GraphSAGE, GraphSAGEInputs, [GraphSAGE.Target]) {
    let tree = try TestTrees.simulated(people: 60, seed: 11)
    let view = LinkGraph(tree.graph)
    let inputs = GraphSAGEInputs(view: view)
    let pairWidth = 4
    var network = GraphSAGE(
      personWidth: GraphSAGEInputs.personWidth, familyWidth: GraphSAGEInputs.familyWidth, dimensions: 3, hidden: 4,
      pairWidth: pairWidth, seed: 5)
    var random = SeededRandom(seed: 9)
    // Non-zero biases and pair weights, so every parameter matters.
    for index in network.parameters.indices { network.parameters[index] += 0.1 * random.normal() }
    var targets: [GraphSAGE.Target] = []
    for person in 0..<view.personCount where !view.parentFamilies(of: person).isEmpty && targets.count < 6 {
      let positive = view.parentFamilies(of: person).first!
      var families = [positive]
      while families.count < 4 {
        let family = Int32(random.index(below: view.familyCount))
        if !families.contains(family) { families.append(family) }
      }
      let features = (0..<(families.count * pairWidth)).map { _ in random.normal() }
      targets.append(GraphSAGE.Target(person: Int32(person), families: families, pairFeatures: features, positive: 0))
    }
    return (network, inputs, targets)
  }

  @Test("Every analytic gradient matches central finite differences")
  func gradientCheck() throws {
    let (network, inputs, targets) = try Self.setup()
    #expect(targets.count == 6)
    let workspace = GraphSAGE.Workspace(inputs: inputs, dimensions: network.dimensions)
    let l2 = 1e-2
    let analytic = network.lossAndGradient(inputs: inputs, targets: targets, workspace: workspace, l2: l2, wantGradient: true)
    #expect(analytic.loss.isFinite && analytic.loss > 0)
    var worst = 0.0
    var checked = 0
    var nonZero = 0
    let step = 1e-5
    for index in 0..<network.parameters.count {
      var plus = network
      plus.parameters[index] += step
      var minus = network
      minus.parameters[index] -= step
      let up = plus.lossAndGradient(inputs: inputs, targets: targets, workspace: workspace, l2: l2, wantGradient: false).loss
      let down = minus.lossAndGradient(inputs: inputs, targets: targets, workspace: workspace, l2: l2, wantGradient: false).loss
      let numeric = (up - down) / (2 * step)
      let exact = analytic.gradient[index]
      let error = abs(numeric - exact) / max(1e-5, abs(numeric), abs(exact))
      worst = max(worst, error)
      checked += 1
      if abs(exact) > 1e-8 { nonZero += 1 }
    }
    #expect(checked == network.layout.total)
    // With the penalty every gradient is non-zero (the output bias gets no data gradient: a
    // softmax ignores a shared shift).
    #expect(nonZero == checked)
    #expect(worst < 1e-4, "worst relative gradient error \(worst)")
  }

  @Test("Hiding a person's parent links changes only what message passing sees")
  func hiddenLinksAreInvisible() throws {
    let (network, inputs, targets) = try Self.setup()
    let workspace = GraphSAGE.Workspace(inputs: inputs, dimensions: network.dimensions)
    let one = [targets[0]]
    let first = network.lossAndGradient(inputs: inputs, targets: one, workspace: workspace, l2: 0, wantGradient: false)
    // The same person scored with the full-graph embeddings (links visible) gets other scores.
    let embeddings = network.embeddings(of: inputs)
    var scratch = [Double](repeating: 0, count: network.scoreScratchCount)
    let visible = one[0].families.enumerated().map { j, family in
      one[0].pairFeatures.withUnsafeBufferPointer { phi in
        scratch.withUnsafeMutableBufferPointer { s in
          network.score(person: Int(one[0].person), family: Int(family), embeddings: embeddings,
            pair: phi.baseAddress! + j * network.pairWidth, scratch: s.baseAddress!)
        }
      }
    }
    #expect(first.scores[0] != visible)
    // A person without parent links scores the same either way.
    let orphan = (0..<inputs.personCount).first { person in
      inputs.parentStart[person] == inputs.parentStart[person + 1]
    }!
    var target = one[0]
    target.person = Int32(orphan)
    let hiddenScores = network.lossAndGradient(inputs: inputs, targets: [target], workspace: workspace, l2: 0, wantGradient: false).scores[0]
    let openScores = target.families.enumerated().map { j, family in
      target.pairFeatures.withUnsafeBufferPointer { phi in
        scratch.withUnsafeMutableBufferPointer { s in
          network.score(person: orphan, family: Int(family), embeddings: embeddings,
            pair: phi.baseAddress! + j * network.pairWidth, scratch: s.baseAddress!)
        }
      }
    }
    for (a, b) in zip(hiddenScores, openScores) { #expect(abs(a - b) < 1e-12) }
  }
}
