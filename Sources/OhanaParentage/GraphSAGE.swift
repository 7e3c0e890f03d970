import Foundation
import OhanaJSON
import OhanaParallel

/// A two-layer GraphSAGE network over the person–family bipartite graph, with a link decoder.
///
/// **Encoder.** Each layer gives every node a new vector from its own vector and the *means*
/// of its neighbours' vectors, one weight matrix per kind of neighbour:
///
///     person:  h = ReLU(W·x + W_parents·mean(parents' families) + W_own·mean(own families) + b)
///     family:  h = ReLU(W·x + W_children·mean(children) + W_spouses·mean(husband, wife) + b)
///
/// The second layer has the same shape on the first layer's outputs, without the ReLU, and
/// gives the embeddings `z`. A person whose parent links are *hidden* (the people being
/// predicted, and the supervised people during training) has no parents' families, and no
/// family counts them among its children.
///
/// **Decoder.** A pair scores `s = wᵀ·ReLU(A·[z_person ⊙ z_family ; φ] + a) + vᵀ·φ + c`, where φ
/// are the standardized ``PairFeatures``; `vᵀ·φ` is the pair-feature part reported as reasons.
///
/// **Training.** Sampled-softmax cross-entropy of each supervised person's true family against
/// negative candidate families, plus an L2 penalty; gradients are written out by hand below
/// (``lossAndGradient(inputs:targets:workspace:l2:wantGradient:)``) and checked against finite
/// differences in the tests.
struct GraphSAGE: Sendable, Equatable {
  let personWidth: Int
  let familyWidth: Int
  let dimensions: Int
  let hidden: Int
  let pairWidth: Int
  /// Every weight, laid out as ``Layout`` describes.
  var parameters: [Double]

  /// Offsets of the weight tensors in ``parameters``.
  struct Layout: Sendable {
    let wpSelf, wpParents, wpOwn, bp: Int
    let wfSelf, wfChildren, wfSpouses, bf: Int
    let vpSelf, vpParents, vpOwn, cp: Int
    let vfSelf, vfChildren, vfSpouses, cf: Int
    let decoderWeights, decoderBias, outputWeights, pairWeights, outputBias: Int
    let total: Int

    init(personWidth dp: Int, familyWidth df: Int, dimensions d: Int, hidden h: Int, pairWidth k: Int) {
      var offset = 0
      func take(_ count: Int) -> Int {
        defer { offset += count }
        return offset
      }
      wpSelf = take(d * dp)
      wpParents = take(d * df)
      wpOwn = take(d * df)
      bp = take(d)
      wfSelf = take(d * df)
      wfChildren = take(d * dp)
      wfSpouses = take(d * dp)
      bf = take(d)
      vpSelf = take(d * d)
      vpParents = take(d * d)
      vpOwn = take(d * d)
      cp = take(d)
      vfSelf = take(d * d)
      vfChildren = take(d * d)
      vfSpouses = take(d * d)
      cf = take(d)
      decoderWeights = take(h * (d + k))
      decoderBias = take(h)
      outputWeights = take(h)
      pairWeights = take(k)
      outputBias = take(1)
      total = offset
    }
  }

  var layout: Layout {
    Layout(personWidth: personWidth, familyWidth: familyWidth, dimensions: dimensions, hidden: hidden, pairWidth: pairWidth)
  }

  /// A freshly initialized network (He-scaled normal weights from `seed`, zero biases).
  init(personWidth: Int, familyWidth: Int, dimensions: Int, hidden: Int, pairWidth: Int, seed: UInt64) {
    self.personWidth = personWidth
    self.familyWidth = familyWidth
    self.dimensions = dimensions
    self.hidden = hidden
    self.pairWidth = pairWidth
    let layout = Layout(
      personWidth: personWidth, familyWidth: familyWidth, dimensions: dimensions, hidden: hidden, pairWidth: pairWidth)
    var parameters = [Double](repeating: 0, count: layout.total)
    var random = SeededRandom(seed: seed, stream: 0x6753_4147)
    func fill(_ offset: Int, _ count: Int, fanIn: Int, gain: Double) {
      let scale = (gain / Double(max(1, fanIn))).squareRoot()
      for index in offset..<offset + count { parameters[index] = random.normal() * scale }
    }
    let d = dimensions
    fill(layout.wpSelf, d * personWidth, fanIn: personWidth + 2 * familyWidth, gain: 2)
    fill(layout.wpParents, d * familyWidth, fanIn: personWidth + 2 * familyWidth, gain: 2)
    fill(layout.wpOwn, d * familyWidth, fanIn: personWidth + 2 * familyWidth, gain: 2)
    fill(layout.wfSelf, d * familyWidth, fanIn: familyWidth + 2 * personWidth, gain: 2)
    fill(layout.wfChildren, d * personWidth, fanIn: familyWidth + 2 * personWidth, gain: 2)
    fill(layout.wfSpouses, d * personWidth, fanIn: familyWidth + 2 * personWidth, gain: 2)
    for offset in [layout.vpSelf, layout.vpParents, layout.vpOwn, layout.vfSelf, layout.vfChildren, layout.vfSpouses] {
      fill(offset, d * d, fanIn: 3 * d, gain: 1)
    }
    fill(layout.decoderWeights, hidden * (d + pairWidth), fanIn: d + pairWidth, gain: 2)
    fill(layout.outputWeights, hidden, fanIn: hidden, gain: 1)
    self.parameters = parameters
  }

  init(personWidth: Int, familyWidth: Int, dimensions: Int, hidden: Int, pairWidth: Int, parameters: [Double]) {
    self.personWidth = personWidth
    self.familyWidth = familyWidth
    self.dimensions = dimensions
    self.hidden = hidden
    self.pairWidth = pairWidth
    self.parameters = parameters
  }

  // MARK: Dense helpers

  /// `out[i] += Σⱼ w[i·cols + j]·x[j]·scale`.
  @inline(__always)
  static func multiplyAdd(
    _ w: UnsafePointer<Double>, rows: Int, cols: Int, _ x: UnsafePointer<Double>, scale: Double,
    into out: UnsafeMutablePointer<Double>
  ) {
    for i in 0..<rows {
      var sum = 0.0
      let row = w + i * cols
      for j in 0..<cols { sum += row[j] * x[j] }
      out[i] += sum * scale
    }
  }

  /// `out[j] += Σᵢ w[i·cols + j]·g[i]·scale` (the transpose).
  @inline(__always)
  static func transposeMultiplyAdd(
    _ w: UnsafePointer<Double>, rows: Int, cols: Int, _ g: UnsafePointer<Double>, scale: Double,
    into out: UnsafeMutablePointer<Double>
  ) {
    for i in 0..<rows {
      let factor = g[i] * scale
      if factor == 0 { continue }
      let row = w + i * cols
      for j in 0..<cols { out[j] += row[j] * factor }
    }
  }

  /// `dw[i·cols + j] += g[i]·x[j]·scale`.
  @inline(__always)
  static func outerAdd(
    _ g: UnsafePointer<Double>, rows: Int, _ x: UnsafePointer<Double>, cols: Int, scale: Double,
    into dw: UnsafeMutablePointer<Double>
  ) {
    for i in 0..<rows {
      let factor = g[i] * scale
      if factor == 0 { continue }
      let row = dw + i * cols
      for j in 0..<cols { row[j] += factor * x[j] }
    }
  }

  // MARK: Message passing

  /// One node type at one layer: where its own and its neighbours' vectors are, which weights
  /// apply, and its two neighbour lists (parents' families and own families for people;
  /// children and spouses for families).
  struct Side {
    var selfRows: UnsafePointer<Double>
    var selfWidth: Int
    var otherRows: UnsafePointer<Double>
    var otherWidth: Int
    var weightSelf: Int
    var weightFirst: Int
    var weightSecond: Int
    var bias: Int
    var firstStart: UnsafePointer<Int32>
    var firstNodes: UnsafePointer<Int32>
    var secondStart: UnsafePointer<Int32>
    var secondNodes: UnsafePointer<Int32>
    /// People: a hidden person has no parents' families. Families: hidden children are skipped.
    var isPerson: Bool
    var relu: Bool
  }

  func side(isPerson: Bool, layer: Int, inputs: GraphSAGEInputs, personRows: UnsafePointer<Double>, familyRows: UnsafePointer<Double>) -> Side {
    let l = layout
    let d = dimensions
    if isPerson {
      return Side(
        selfRows: personRows, selfWidth: layer == 1 ? personWidth : d, otherRows: familyRows,
        otherWidth: layer == 1 ? familyWidth : d, weightSelf: layer == 1 ? l.wpSelf : l.vpSelf,
        weightFirst: layer == 1 ? l.wpParents : l.vpParents, weightSecond: layer == 1 ? l.wpOwn : l.vpOwn,
        bias: layer == 1 ? l.bp : l.cp, firstStart: inputs.parentStart.pointer, firstNodes: inputs.parentFamilies.pointer,
        secondStart: inputs.spouseStart.pointer, secondNodes: inputs.spouseFamilies.pointer, isPerson: true,
        relu: layer == 1)
    }
    return Side(
      selfRows: familyRows, selfWidth: layer == 1 ? familyWidth : d, otherRows: personRows,
      otherWidth: layer == 1 ? personWidth : d, weightSelf: layer == 1 ? l.wfSelf : l.vfSelf,
      weightFirst: layer == 1 ? l.wfChildren : l.vfChildren, weightSecond: layer == 1 ? l.wfSpouses : l.vfSpouses,
      bias: layer == 1 ? l.bf : l.cf, firstStart: inputs.childStart.pointer, firstNodes: inputs.children.pointer,
      secondStart: inputs.spouseOfFamilyStart.pointer, secondNodes: inputs.spousesOfFamily.pointer, isPerson: false,
      relu: layer == 1)
  }

  /// Calls `body` for each neighbour of `node` in the side's first (`first == true`) or second
  /// list, honouring hidden links.
  @inline(__always)
  static func forEachNeighbour(
    _ side: Side, _ node: Int, first: Bool, hidden: UnsafePointer<Bool>?, _ body: (Int) -> Void
  ) {
    let start = first ? side.firstStart : side.secondStart
    let nodes = first ? side.firstNodes : side.secondNodes
    if first, side.isPerson, let hidden, hidden[node] { return }
    for slot in Int(start[node])..<Int(start[node + 1]) {
      let neighbour = Int(nodes[slot])
      if first, !side.isPerson, let hidden, hidden[neighbour] { continue }
      body(neighbour)
    }
  }

  /// The mean of the neighbours' rows (of the side's other type) into `out`; the count.
  @inline(__always)
  static func neighbourMean(
    _ side: Side, _ node: Int, first: Bool, hidden: UnsafePointer<Bool>?, into out: UnsafeMutablePointer<Double>
  ) -> Int {
    let width = side.otherWidth
    for j in 0..<width { out[j] = 0 }
    var count = 0
    forEachNeighbour(side, node, first: first, hidden: hidden) { neighbour in
      let row = side.otherRows + neighbour * width
      for j in 0..<width { out[j] += row[j] }
      count += 1
    }
    if count > 1 {
      let inverse = 1 / Double(count)
      for j in 0..<width { out[j] *= inverse }
    }
    return count
  }

  /// One node's vector at the side's layer, into `out` (`dimensions` wide).
  @inline(__always)
  func encode(
    _ side: Side, _ node: Int, hidden: UnsafePointer<Bool>?, weights w: UnsafePointer<Double>,
    scratch: UnsafeMutablePointer<Double>, out: UnsafeMutablePointer<Double>
  ) {
    let d = dimensions
    for i in 0..<d { out[i] = w[side.bias + i] }
    Self.multiplyAdd(w + side.weightSelf, rows: d, cols: side.selfWidth, side.selfRows + node * side.selfWidth, scale: 1, into: out)
    if Self.neighbourMean(side, node, first: true, hidden: hidden, into: scratch) > 0 {
      Self.multiplyAdd(w + side.weightFirst, rows: d, cols: side.otherWidth, scratch, scale: 1, into: out)
    }
    if Self.neighbourMean(side, node, first: false, hidden: hidden, into: scratch) > 0 {
      Self.multiplyAdd(w + side.weightSecond, rows: d, cols: side.otherWidth, scratch, scale: 1, into: out)
    }
    if side.relu { for i in 0..<d where out[i] < 0 { out[i] = 0 } }
  }

  /// Back-propagates `gradientOut` (the loss gradient of one node's output, after the ReLU if
  /// any) into the side's weights (`g`) and its neighbours' input gradients (`otherGradient`,
  /// nil at layer 1 where the inputs are fixed).
  @inline(__always)
  func backpropagate(
    _ side: Side, _ node: Int, output: UnsafePointer<Double>, gradientOut: UnsafePointer<Double>,
    hidden: UnsafePointer<Bool>?, weights w: UnsafePointer<Double>, gradient g: UnsafeMutablePointer<Double>,
    selfGradient: UnsafeMutablePointer<Double>?, otherGradient: UnsafeMutablePointer<Double>?,
    delta: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>
  ) {
    let d = dimensions
    var any = false
    for i in 0..<d {
      delta[i] = side.relu && output[i] <= 0 ? 0 : gradientOut[i]
      if delta[i] != 0 { any = true }
    }
    guard any else { return }
    for i in 0..<d { g[side.bias + i] += delta[i] }
    Self.outerAdd(delta, rows: d, side.selfRows + node * side.selfWidth, cols: side.selfWidth, scale: 1, into: g + side.weightSelf)
    if let selfGradient {
      Self.transposeMultiplyAdd(w + side.weightSelf, rows: d, cols: d, delta, scale: 1, into: selfGradient + node * d)
    }
    for first in [true, false] {
      let count = Self.neighbourMean(side, node, first: first, hidden: hidden, into: scratch)
      guard count > 0 else { continue }
      let weight = first ? side.weightFirst : side.weightSecond
      Self.outerAdd(delta, rows: d, scratch, cols: side.otherWidth, scale: 1, into: g + weight)
      if let otherGradient {
        let share = 1 / Double(count)
        Self.forEachNeighbour(side, node, first: first, hidden: hidden) { neighbour in
          Self.transposeMultiplyAdd(w + weight, rows: d, cols: d, delta, scale: share, into: otherGradient + neighbour * d)
        }
      }
    }
  }

  /// The embeddings of every node of a graph (no links hidden), for ranking.
  struct Embeddings: Sendable {
    var dimensions: Int
    var person: FlatBuffer<Double>
    var family: FlatBuffer<Double>
  }

  func embeddings(of inputs: GraphSAGEInputs) -> Embeddings {
    let d = dimensions
    let layer1Person = FlatBuffer<Double>(repeating: 0, count: inputs.personCount * d)
    let layer1Family = FlatBuffer<Double>(repeating: 0, count: inputs.familyCount * d)
    let layer2Person = FlatBuffer<Double>(repeating: 0, count: inputs.personCount * d)
    let layer2Family = FlatBuffer<Double>(repeating: 0, count: inputs.familyCount * d)
    let scratchWidth = max(personWidth, familyWidth, d)
    parameters.withUnsafeBufferPointer { weightBuffer in
      let w = weightBuffer.baseAddress!
      let steps: [(isPerson: Bool, layer: Int, count: Int, input: (UnsafePointer<Double>, UnsafePointer<Double>), out: FlatBuffer<Double>)] = [
        (true, 1, inputs.personCount, (UnsafePointer(inputs.personFeatures.pointer), UnsafePointer(inputs.familyFeatures.pointer)), layer1Person),
        (false, 1, inputs.familyCount, (UnsafePointer(inputs.personFeatures.pointer), UnsafePointer(inputs.familyFeatures.pointer)), layer1Family),
        (true, 2, inputs.personCount, (UnsafePointer(layer1Person.pointer), UnsafePointer(layer1Family.pointer)), layer2Person),
        (false, 2, inputs.familyCount, (UnsafePointer(layer1Person.pointer), UnsafePointer(layer1Family.pointer)), layer2Family),
      ]
      for step in steps {
        let side = self.side(isPerson: step.isPerson, layer: step.layer, inputs: inputs, personRows: step.input.0, familyRows: step.input.1)
        let out = step.out
        Parallel.map(step.count, chunks: 8, minimumPerChunk: 4096) { range in
          let scratch = UnsafeMutablePointer<Double>.allocate(capacity: scratchWidth)
          defer { scratch.deallocate() }
          for node in range {
            encode(side, node, hidden: nil, weights: w, scratch: scratch, out: out.pointer + node * d)
          }
        }
      }
    }
    return Embeddings(dimensions: d, person: layer2Person, family: layer2Family)
  }

  // MARK: Decoder

  /// The score of a pair from the two embeddings and the standardized pair features; the
  /// decoder's input and hidden activations are left in `q` and `u`.
  @inline(__always)
  func decode(
    person z1: UnsafePointer<Double>, family z2: UnsafePointer<Double>, pair phi: UnsafePointer<Double>,
    weights w: UnsafePointer<Double>, input q: UnsafeMutablePointer<Double>, activations u: UnsafeMutablePointer<Double>
  ) -> Double {
    let l = layout
    let d = dimensions
    for i in 0..<d { q[i] = z1[i] * z2[i] }
    for i in 0..<pairWidth { q[d + i] = phi[i] }
    for i in 0..<hidden { u[i] = w[l.decoderBias + i] }
    Self.multiplyAdd(w + l.decoderWeights, rows: hidden, cols: d + pairWidth, q, scale: 1, into: u)
    var score = w[l.outputBias]
    for i in 0..<hidden {
      if u[i] < 0 { u[i] = 0 }
      score += w[l.outputWeights + i] * u[i]
    }
    for i in 0..<pairWidth { score += w[l.pairWeights + i] * phi[i] }
    return score
  }

  /// The score of person `person` and family `family` from precomputed embeddings.
  func score(person: Int, family: Int, embeddings: Embeddings, pair phi: UnsafePointer<Double>, scratch: UnsafeMutablePointer<Double>) -> Double {
    let d = dimensions
    return parameters.withUnsafeBufferPointer { w in
      decode(
        person: embeddings.person.pointer + person * d, family: embeddings.family.pointer + family * d, pair: phi,
        weights: w.baseAddress!, input: scratch, activations: scratch + d + pairWidth)
    }
  }

  /// Scratch doubles ``score(person:family:embeddings:pair:scratch:)`` needs.
  var scoreScratchCount: Int { dimensions + pairWidth + hidden }

  /// The pair-feature part of a score, feature by feature (`vᵢ·φᵢ`).
  func pairContributions(_ phi: [Double]) -> [Double] {
    let offset = layout.pairWeights
    return phi.indices.map { parameters[offset + $0] * phi[$0] }
  }

  // MARK: Training loss and gradient

  /// Per-graph scratch memory for training steps: node vectors of both layers, their
  /// gradients, the hidden-link flags and the stamps that collect the nodes a step touches.
  final class Workspace {
    let layer1Person, layer1Family, layer2Person, layer2Family: FlatBuffer<Double>
    let gradient1Person, gradient1Family, gradient2Person, gradient2Family: FlatBuffer<Double>
    let hiddenLinks: FlatBuffer<Bool>
    let personStamp1, familyStamp1, personStamp2, familyStamp2: FlatBuffer<UInt32>
    var generation: UInt32 = 0

    init(inputs: GraphSAGEInputs, dimensions d: Int) {
      func doubles(_ count: Int) -> FlatBuffer<Double> { FlatBuffer(repeating: 0, count: count * d) }
      layer1Person = doubles(inputs.personCount)
      layer2Person = doubles(inputs.personCount)
      gradient1Person = doubles(inputs.personCount)
      gradient2Person = doubles(inputs.personCount)
      layer1Family = doubles(inputs.familyCount)
      layer2Family = doubles(inputs.familyCount)
      gradient1Family = doubles(inputs.familyCount)
      gradient2Family = doubles(inputs.familyCount)
      hiddenLinks = FlatBuffer(repeating: false, count: inputs.personCount)
      personStamp1 = FlatBuffer(repeating: 0, count: inputs.personCount)
      personStamp2 = FlatBuffer(repeating: 0, count: inputs.personCount)
      familyStamp1 = FlatBuffer(repeating: 0, count: inputs.familyCount)
      familyStamp2 = FlatBuffer(repeating: 0, count: inputs.familyCount)
    }

    /// A fresh generation for the stamps.
    func nextGeneration() -> UInt32 {
      generation &+= 1
      if generation == 0 {
        for stamps in [personStamp1, personStamp2, familyStamp1, familyStamp2] {
          for index in 0..<stamps.count { stamps[index] = 0 }
        }
        generation = 1
      }
      return generation
    }
  }

  /// One supervised person of a step: candidate families (the true one at `positive`, or -1
  /// when only scores are wanted) and their standardized pair features, row-major.
  struct Target: Sendable {
    var person: Int32
    var families: [Int32]
    var pairFeatures: [Double]
    var positive: Int
  }

  /// The mean sampled-softmax loss of `targets` (each person's true family against the other
  /// families listed) plus `l2/2·‖θ‖²`, the scores of every listed family, and — with
  /// `wantGradient` — the gradient with respect to every parameter.
  ///
  /// The targets' parent links are hidden from message passing for the step. Only the nodes
  /// within two hops of the targets and their candidate families are computed.
  func lossAndGradient(
    inputs: GraphSAGEInputs, targets: [Target], workspace ws: Workspace, l2: Double, wantGradient: Bool
  ) -> (loss: Double, scores: [[Double]], gradient: [Double]) {
    let d = dimensions
    let l = layout
    let k = pairWidth
    let generation = ws.nextGeneration()
    let masked = UnsafePointer(ws.hiddenLinks.pointer)
    for target in targets { ws.hiddenLinks[Int(target.person)] = true }
    defer { for target in targets { ws.hiddenLinks[Int(target.person)] = false } }

    // The decoded nodes (layer 2) and the nodes they read (layer 1).
    var persons2: [Int] = []
    var families2: [Int] = []
    for target in targets {
      let person = Int(target.person)
      if ws.personStamp2[person] != generation {
        ws.personStamp2[person] = generation
        persons2.append(person)
      }
      for family in target.families where ws.familyStamp2[Int(family)] != generation {
        ws.familyStamp2[Int(family)] = generation
        families2.append(Int(family))
      }
    }
    var persons1: [Int] = []
    var families1: [Int] = []
    func needPerson(_ person: Int) {
      if ws.personStamp1[person] != generation {
        ws.personStamp1[person] = generation
        persons1.append(person)
      }
    }
    func needFamily(_ family: Int) {
      if ws.familyStamp1[family] != generation {
        ws.familyStamp1[family] = generation
        families1.append(family)
      }
    }
    let inputPerson = side(isPerson: true, layer: 1, inputs: inputs, personRows: inputs.personFeatures.pointer, familyRows: inputs.familyFeatures.pointer)
    let inputFamily = side(isPerson: false, layer: 1, inputs: inputs, personRows: inputs.personFeatures.pointer, familyRows: inputs.familyFeatures.pointer)
    let outputPerson = side(isPerson: true, layer: 2, inputs: inputs, personRows: ws.layer1Person.pointer, familyRows: ws.layer1Family.pointer)
    let outputFamily = side(isPerson: false, layer: 2, inputs: inputs, personRows: ws.layer1Person.pointer, familyRows: ws.layer1Family.pointer)
    for person in persons2 {
      needPerson(person)
      for first in [true, false] {
        Self.forEachNeighbour(outputPerson, person, first: first, hidden: masked) { needFamily($0) }
      }
    }
    for family in families2 {
      needFamily(family)
      for first in [true, false] {
        Self.forEachNeighbour(outputFamily, family, first: first, hidden: masked) { needPerson($0) }
      }
    }

    var gradient = [Double](repeating: 0, count: wantGradient ? parameters.count : 0)
    var scores: [[Double]] = []
    scores.reserveCapacity(targets.count)
    var loss = 0.0
    let scratchWidth = max(personWidth, familyWidth, d, d + k, hidden)
    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 4 * scratchWidth)
    defer { scratch.deallocate() }
    let q = scratch
    let u = scratch + scratchWidth
    let delta = scratch + 2 * scratchWidth
    let dq = scratch + 3 * scratchWidth

    parameters.withUnsafeBufferPointer { weightBuffer in
      gradient.withUnsafeMutableBufferPointer { gradientBuffer in
        let w = weightBuffer.baseAddress!
        // Forward.
        for person in persons1 { encode(inputPerson, person, hidden: masked, weights: w, scratch: scratch, out: ws.layer1Person.pointer + person * d) }
        for family in families1 { encode(inputFamily, family, hidden: masked, weights: w, scratch: scratch, out: ws.layer1Family.pointer + family * d) }
        for person in persons2 { encode(outputPerson, person, hidden: masked, weights: w, scratch: scratch, out: ws.layer2Person.pointer + person * d) }
        for family in families2 { encode(outputFamily, family, hidden: masked, weights: w, scratch: scratch, out: ws.layer2Family.pointer + family * d) }
        if wantGradient {
          for person in persons1 { for i in 0..<d { ws.gradient1Person[person * d + i] = 0 } }
          for family in families1 { for i in 0..<d { ws.gradient1Family[family * d + i] = 0 } }
          for person in persons2 { for i in 0..<d { ws.gradient2Person[person * d + i] = 0 } }
          for family in families2 { for i in 0..<d { ws.gradient2Family[family * d + i] = 0 } }
        }
        let inverseCount = 1 / Double(max(1, targets.count))

        // Decoder, loss, and the decoder's backward pass.
        for target in targets {
          let person = Int(target.person)
          let zp = ws.layer2Person.pointer + person * d
          var targetScores = [Double](repeating: 0, count: target.families.count)
          target.pairFeatures.withUnsafeBufferPointer { phiBuffer in
            for (j, family) in target.families.enumerated() {
              targetScores[j] = decode(
                person: zp, family: ws.layer2Family.pointer + Int(family) * d, pair: phiBuffer.baseAddress! + j * k,
                weights: w, input: q, activations: u)
            }
          }
          scores.append(targetScores)
          guard target.positive >= 0, target.positive < targetScores.count else { continue }
          let top = targetScores.max()!
          var total = 0.0
          for score in targetScores { total += exp(score - top) }
          let logTotal = log(total) + top
          loss += (logTotal - targetScores[target.positive]) * inverseCount
          guard wantGradient, let g = gradientBuffer.baseAddress else { continue }
          target.pairFeatures.withUnsafeBufferPointer { phiBuffer in
            for (j, family) in target.families.enumerated() {
              var ds = exp(targetScores[j] - logTotal)
              if j == target.positive { ds -= 1 }
              ds *= inverseCount
              if ds == 0 { continue }
              let zf = ws.layer2Family.pointer + Int(family) * d
              let phi = phiBuffer.baseAddress! + j * k
              _ = decode(person: zp, family: zf, pair: phi, weights: w, input: q, activations: u)
              g[l.outputBias] += ds
              for i in 0..<hidden { g[l.outputWeights + i] += ds * u[i] }
              for i in 0..<k { g[l.pairWeights + i] += ds * phi[i] }
              for i in 0..<hidden {
                delta[i] = u[i] > 0 ? ds * w[l.outputWeights + i] : 0
                g[l.decoderBias + i] += delta[i]
              }
              Self.outerAdd(delta, rows: hidden, q, cols: d + k, scale: 1, into: g + l.decoderWeights)
              for i in 0..<(d + k) { dq[i] = 0 }
              Self.transposeMultiplyAdd(w + l.decoderWeights, rows: hidden, cols: d + k, delta, scale: 1, into: dq)
              let gzp = ws.gradient2Person.pointer + person * d
              let gzf = ws.gradient2Family.pointer + Int(family) * d
              for i in 0..<d {
                gzp[i] += dq[i] * zf[i]
                gzf[i] += dq[i] * zp[i]
              }
            }
          }
        }
        guard wantGradient, let g = gradientBuffer.baseAddress else { return }
        let mean = dq  // reused as the neighbour-mean scratch below
        // Layer 2, then layer 1.
        for person in persons2 {
          backpropagate(outputPerson, person, output: ws.layer2Person.pointer + person * d,
            gradientOut: ws.gradient2Person.pointer + person * d, hidden: masked, weights: w, gradient: g,
            selfGradient: ws.gradient1Person.pointer, otherGradient: ws.gradient1Family.pointer, delta: delta, scratch: mean)
        }
        for family in families2 {
          backpropagate(outputFamily, family, output: ws.layer2Family.pointer + family * d,
            gradientOut: ws.gradient2Family.pointer + family * d, hidden: masked, weights: w, gradient: g,
            selfGradient: ws.gradient1Family.pointer, otherGradient: ws.gradient1Person.pointer, delta: delta, scratch: mean)
        }
        for person in persons1 {
          backpropagate(inputPerson, person, output: ws.layer1Person.pointer + person * d,
            gradientOut: ws.gradient1Person.pointer + person * d, hidden: masked, weights: w, gradient: g,
            selfGradient: nil, otherGradient: nil, delta: delta, scratch: mean)
        }
        for family in families1 {
          backpropagate(inputFamily, family, output: ws.layer1Family.pointer + family * d,
            gradientOut: ws.gradient1Family.pointer + family * d, hidden: masked, weights: w, gradient: g,
            selfGradient: nil, otherGradient: nil, delta: delta, scratch: mean)
        }
      }
    }

    if l2 > 0 {
      var squares = 0.0
      for (index, value) in parameters.enumerated() {
        squares += value * value
        if wantGradient { gradient[index] += l2 * value }
      }
      loss += 0.5 * l2 * squares
    }
    return (loss, scores, gradient)
  }

  // MARK: JSON

  var json: JSONValue {
    [
      "person_width": .integer(personWidth), "family_width": .integer(familyWidth),
      "dimensions": .integer(dimensions), "hidden": .integer(hidden), "pair_width": .integer(pairWidth),
      "parameters": .array(parameters.map { .double($0) }),
    ]
  }

  init(json: JSONValue) throws(ParentageError) {
    guard let personWidth = json["person_width"]?.intValue, let familyWidth = json["family_width"]?.intValue,
      let dimensions = json["dimensions"]?.intValue, let hidden = json["hidden"]?.intValue,
      let pairWidth = json["pair_width"]?.intValue, let values = json["parameters"]?.arrayValue
    else { throw .invalidModel("GraphSAGE parameters are incomplete") }
    let parameters = values.compactMap(\.doubleValue)
    let layout = Layout(
      personWidth: Int(personWidth), familyWidth: Int(familyWidth), dimensions: Int(dimensions), hidden: Int(hidden),
      pairWidth: Int(pairWidth))
    guard parameters.count == values.count, parameters.count == layout.total,
      personWidth == GraphSAGEInputs.personWidth, familyWidth == GraphSAGEInputs.familyWidth
    else { throw .invalidModel("GraphSAGE parameters do not match their shapes") }
    self.init(
      personWidth: Int(personWidth), familyWidth: Int(familyWidth), dimensions: Int(dimensions), hidden: Int(hidden),
      pairWidth: Int(pairWidth), parameters: parameters)
  }
}

