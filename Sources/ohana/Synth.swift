import ArgumentParser
import OhanaFiles
import OhanaJSON
import OhanaSynth

struct Synth: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Generate sample data with known answers.",
    subcommands: [SynthGEDCOM.self, SynthTable.self])
}

struct SynthGEDCOM: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gedcom",
    abstract: "Simulate a population and write it as GEDCOM 5.5.1, with some parent links removed.",
    discussion: "--truth writes the removed links (person → true family) as JSON.")

  @Option(help: "Approximate number of people.") var people = 1000
  @Option(help: "Seed; the same seed gives the same bytes.") var seed: UInt64 = 1
  @Option(help: "Fraction of people whose parent link is removed (and written to --truth).")
  var detach = 0.1
  @Option(help: "Record noise from 0 (exact) to 1.") var noise = 0.5
  @Option(help: "The first year in which founders are born.") var startYear = 1750
  @Option(help: "The GEDCOM file to write.") var out: String
  @Option(help: "Where to write the removed links as JSON.") var truth: String?

  func run() {
    do {
      let population = PopulationSimulator.simulate(
        SimulationSettings(
          seed: seed, people: people, startYear: startYear, detachFraction: detach, noise: noise))
      try DurableFile.write(population.gedcom(), to: out)
      if let truth { try DurableFile.write(CanonicalJSON.encode(population.truth()), to: truth) }
      print(
        "wrote \(out): \(population.people.count) people, \(population.families.count) families, \(population.detached.count) parent links removed"
      )
    } catch { fail(error) }
  }
}

struct SynthTable: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "table",
    abstract: "Write a heart-disease-like CSV table whose target follows a known model.")

  @Option(help: "Number of rows.") var rows = 1000
  @Option(help: "Seed; the same seed gives the same bytes.") var seed: UInt64 = 1
  @Option(help: "Fraction of feature cells left empty.") var missing = 0.02
  @Option(help: "The CSV file to write.") var out: String

  func run() {
    do {
      try DurableFile.write(
        TableSimulator.csv(TableSettings(seed: seed, rows: rows, missingFraction: missing)), to: out)
      print("wrote \(out): \(rows) rows")
    } catch { fail(error) }
  }
}
