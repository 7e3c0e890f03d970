/// Simulates a population over generations, with the true family links kept for measuring
/// how well missing parents are predicted.
public enum PopulationSimulator {
  /// Runs the simulation described by `settings`; equal settings give equal populations.
  ///
  /// Out-of-range settings are brought into range: at least 2 people, `detachFraction` and
  /// `noise` within 0…1, a founder birth span of at least one year.
  public static func simulate(_ settings: SimulationSettings) -> Population {
    var bounded = settings
    bounded.people = max(2, settings.people)
    bounded.founderBirthSpan = max(1, settings.founderBirthSpan)
    bounded.detachFraction = min(1, max(0, settings.detachFraction))
    bounded.noise = min(1, max(0, settings.noise))
    var run = SimulationRun(settings: bounded)
    run.simulateYears()
    return run.population()
  }
}
