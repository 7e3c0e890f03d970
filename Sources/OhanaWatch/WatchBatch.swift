/// What woke the watcher: the events drained in one call to ``DirectoryWatcher/next(timeout:)``.
///
/// The folders remain the truth; a batch only says where to look first. Paths are absolute
/// (when the watcher's root was given relative, they are made absolute against the working
/// directory at start), listed once each, in the order the kernel reported them.
public struct WatchBatch: Sendable, Equatable {
  /// Files that were closed after writing (`IN_CLOSE_WRITE`) or renamed into a watched folder
  /// (`IN_MOVED_TO`). Names the ignore predicate rejects are left out; temporary names of
  /// writers that rename on completion are reported too, so the caller filters them.
  public var completedFiles: [String]
  /// Folders that appeared (created or moved in) and are now watched, parents before their
  /// children. Files written into them before the watch existed raise no event, so the caller
  /// must scan each of them.
  public var newDirectories: [String]
  /// The kernel's event queue overflowed (`IN_Q_OVERFLOW`): events were lost and the caller
  /// must rescan everything. The watcher has already re-walked the tree to watch any folder
  /// whose creation was lost.
  public var overflowed: Bool
  /// The timeout elapsed with nothing to report.
  public var timedOut: Bool
  /// SIGINT or SIGTERM arrived: the caller finishes the file in hand and exits.
  public var terminationRequested: Bool
  /// Folders that appeared but could not be watched (e.g. `ENOSPC` when the watch limit is
  /// reached): their changes are only found by the periodic rescan, so the caller logs these.
  public var watchFailures: [WatchError]

  /// A batch with the given contents; every part is empty or false by default.
  public init(
    completedFiles: [String] = [], newDirectories: [String] = [], overflowed: Bool = false,
    timedOut: Bool = false, terminationRequested: Bool = false, watchFailures: [WatchError] = []
  ) {
    self.completedFiles = completedFiles
    self.newDirectories = newDirectories
    self.overflowed = overflowed
    self.timedOut = timedOut
    self.terminationRequested = terminationRequested
    self.watchFailures = watchFailures
  }

  /// Whether the batch holds anything the caller must act on.
  var hasNews: Bool {
    !completedFiles.isEmpty || !newDirectories.isEmpty || overflowed || terminationRequested
      || !watchFailures.isEmpty
  }

  /// Keeps only the first occurrence of each path, in order.
  mutating func removeDuplicates() {
    completedFiles = Self.firstOccurrences(completedFiles)
    newDirectories = Self.firstOccurrences(newDirectories)
  }

  private static func firstOccurrences(_ paths: [String]) -> [String] {
    var seen = Set<String>()
    return paths.filter { seen.insert($0).inserted }
  }
}
