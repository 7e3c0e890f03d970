import Glibc

/// Watches a folder tree with inotify: files that finished being written and folders that
/// appeared, anywhere below the root.
///
/// inotify watches are not recursive, so the watcher adds a watch to every existing subfolder at
/// start and to each new one as it appears, and reports new folders so the caller scans them
/// (files copied into a folder before its watch existed raise no event). Entries whose name the
/// `ignoring` predicate accepts (e.g. hidden claim folders or temporary names) are neither
/// watched nor reported, nor is anything below them. Symbolic links are never followed.
///
/// Folders moved within the tree keep their watches under the new path; folders deleted or
/// moved out of the tree lose them. Events only wake the caller early: the folders remain the
/// truth, and the caller still rescans periodically (network file systems send no events).
///
/// Not thread-safe: call ``next(timeout:)`` from one thread at a time.
public final class DirectoryWatcher {
  /// The absolute path of the watched tree's root.
  public let root: String

  private let ignoring: @Sendable (String) -> Bool
  private let termination: TerminationSignal?
  private let inotify: Int32
  /// The watched folders by watch descriptor.
  private var folders: [Int32: WatchedFolder] = [:]
  /// Failures while watching subfolders at start, handed out with the first batch.
  private var pendingFailures: [WatchError]
  /// Event buffer, aligned for `inotify_event`.
  private let buffer: UnsafeMutableRawBufferPointer

  /// What the kernel reports for each watched folder, and how the watch is placed: only on a
  /// folder, never through a symbolic link, and without events for already unlinked files.
  private static let watchMask =
    UInt32(bitPattern: IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF)
    | UInt32(bitPattern: IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK)
  /// Large enough for hundreds of events; at least one event with the longest name fits.
  private static let bufferSize = 64 * 1024
  /// Reads per call, so a flood of events cannot keep ``next(timeout:)`` from returning.
  private static let maximumReadsPerBatch = 64

  /// A watched folder: its current path and identity, to tell a folder renamed within the tree
  /// (its path was updated) from one moved away (its old path names something else now).
  private struct WatchedFolder {
    var path: String
    var device: UInt64
    var inode: UInt64
  }

  /// Starts watching `root` and every folder below it.
  ///
  /// - Parameters:
  ///   - root: The folder to watch; a relative path is resolved against the working directory.
  ///   - termination: When given, ``next(timeout:)`` also wakes when it fires.
  ///   - ignoring: Receives entry names (not paths); `true` skips the entry and all below it.
  /// - Throws: ``WatchError/inotifyUnavailable(errno:)``, or
  ///   ``WatchError/cannotWatch(path:errno:)`` for the root. Subfolders that cannot be watched
  ///   are reported in the first batch instead.
  public init(
    root: String, termination: TerminationSignal? = nil,
    ignoring: @escaping @Sendable (String) -> Bool = { _ in false }
  ) throws(WatchError) {
    self.root = Self.absolutePath(root)
    self.ignoring = ignoring
    self.termination = termination
    inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
    guard inotify >= 0 else { throw .inotifyUnavailable(errno: errno) }
    buffer = .allocate(
      byteCount: Self.bufferSize, alignment: MemoryLayout<inotify_event>.alignment)
    pendingFailures = []
    if case .failure(let error) = watch(folder: self.root) { throw error }
    pendingFailures = watchTree(from: self.root).failures
  }

  deinit {
    close(inotify)
    buffer.deallocate()
  }

  /// Waits up to `timeout` for something to report and returns everything pending as one batch.
  ///
  /// Blocks in `poll` on the inotify descriptor and the termination descriptor. Events that
  /// carry nothing to report (a file created but still open, an ignored name) do not end the
  /// wait. Returns at once when termination was already requested.
  /// - Throws: ``WatchError/waitFailed(errno:)`` or ``WatchError/readFailed(errno:)``.
  public func next(timeout: Duration) throws(WatchError) -> WatchBatch {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    var batch = WatchBatch(watchFailures: pendingFailures)
    pendingFailures = []
    while true {
      batch.terminationRequested = termination?.isRequested ?? false
      if batch.hasNews { break }
      guard try waitForActivity(milliseconds: Self.milliseconds(deadline - clock.now)) else {
        batch.timedOut = true
        break
      }
      try drainEvents(into: &batch)
    }
    batch.removeDuplicates()
    return batch
  }

  /// The paths of all folders currently watched, sorted (for diagnostics and logs).
  public var watchedPaths: [String] { folders.values.map(\.path).sorted() }

  /// Applies decoded events: records completed files and new folders, and keeps the watch
  /// table in step with folders created, renamed, moved away or deleted.
  func apply(_ events: [InotifyEvent], to batch: inout WatchBatch) {
    var sawOverflow = false
    for event in events {
      if event.has(IN_Q_OVERFLOW) {
        sawOverflow = true
        continue
      }
      let descriptor = event.watchDescriptor
      guard let folder = folders[descriptor] else { continue }
      if event.has(IN_IGNORED) || event.has(IN_DELETE_SELF) {
        folders[descriptor] = nil
      } else if event.has(IN_MOVE_SELF) {
        forgetIfMovedAway(descriptor, folder)
      } else if let name = event.name, !ignoring(name) {
        let path = FolderListing.join(folder.path, name)
        if event.has(IN_ISDIR) {
          if event.has(IN_CREATE) || event.has(IN_MOVED_TO) { watchNewTree(path, into: &batch) }
        } else if event.has(IN_CLOSE_WRITE) || event.has(IN_MOVED_TO) {
          batch.completedFiles.append(path)
        }
      }
    }
    if sawOverflow {
      // Lost events may include folder creations: watch whatever is not watched yet.
      batch.overflowed = true
      watchNewTree(root, into: &batch)
    }
  }

  /// Watches `top` and the folders below it, reporting those watched at a new path.
  private func watchNewTree(_ top: String, into batch: inout WatchBatch) {
    let (newPaths, failures) = watchTree(from: top)
    batch.newDirectories += newPaths
    batch.watchFailures += failures
  }

  /// Watches `top` and every folder below it that is not ignored, parents before children.
  /// Returns the folders now watched at a path they were not watched at before, and the
  /// failures other than folders vanishing while being walked.
  private func watchTree(from top: String) -> (newPaths: [String], failures: [WatchError]) {
    var newPaths: [String] = []
    var failures: [WatchError] = []
    var pending = [top]
    while let path = pending.popLast() {
      switch watch(folder: path) {
      case .success(let changed): newPaths += changed
      case .failure(let error):
        if ![ENOENT, ENOTDIR, ELOOP].contains(error.errno) { failures.append(error) }
        continue
      }
      let children = FolderListing.subfolderNames(of: path).filter { !ignoring($0) }
      pending += children.reversed().map { FolderListing.join(path, $0) }
    }
    return (newPaths, failures)
  }

  /// Adds (or confirms) the watch on `path`. Returns the paths that changed: `[path]` for a new
  /// watch; for a folder already watched under another path (renamed within the tree), that
  /// folder and everything watched below it, under their new paths; nothing otherwise.
  private func watch(folder path: String) -> Result<[String], WatchError> {
    let descriptor = inotify_add_watch(inotify, path, Self.watchMask)
    guard descriptor >= 0 else { return .failure(.cannotWatch(path: path, errno: errno)) }
    var status = stat()
    let identified = lstat(path, &status) == 0
    let current = WatchedFolder(
      path: path, device: identified ? UInt64(status.st_dev) : 0,
      inode: identified ? UInt64(status.st_ino) : 0)
    guard let previous = folders[descriptor] else {
      folders[descriptor] = current
      return .success([path])
    }
    folders[descriptor] = current
    guard previous.path != path else { return .success([]) }
    return .success([path] + movePaths(under: previous.path, to: path, except: descriptor))
  }

  /// Rewrites the paths of the folders watched below `oldPrefix` to lie below `newPrefix`.
  private func movePaths(
    under oldPrefix: String, to newPrefix: String, except moved: Int32
  ) -> [String] {
    let oldBase = oldPrefix.hasSuffix("/") ? oldPrefix : oldPrefix + "/"
    var renamed: [String] = []
    for (descriptor, folder) in folders
    where descriptor != moved && folder.path.hasPrefix(oldBase) {
      let newPath = FolderListing.join(newPrefix, String(folder.path.dropFirst(oldBase.count)))
      folders[descriptor]?.path = newPath
      renamed.append(newPath)
    }
    return renamed.sorted()
  }

  /// Handles `IN_MOVE_SELF`. A rename within the tree was already applied by the `IN_MOVED_TO`
  /// that precedes it, so the folder is still found at its recorded path; otherwise it left
  /// the tree, and its watch and those below it are removed.
  private func forgetIfMovedAway(_ descriptor: Int32, _ folder: WatchedFolder) {
    var status = stat()
    let stillThere =
      lstat(folder.path, &status) == 0 && UInt64(status.st_dev) == folder.device
      && UInt64(status.st_ino) == folder.inode
    guard !stillThere else { return }
    let base = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
    for (watched, entry) in folders where watched == descriptor || entry.path.hasPrefix(base) {
      inotify_rm_watch(inotify, watched)
      folders[watched] = nil
    }
  }

  /// Reads every pending event (up to a bound) and applies it to `batch`.
  private func drainEvents(into batch: inout WatchBatch) throws(WatchError) {
    for _ in 0..<Self.maximumReadsPerBatch {
      let count = read(inotify, buffer.baseAddress, buffer.count)
      if count < 0 {
        if errno == EINTR { continue }
        if errno == EAGAIN || errno == EWOULDBLOCK { return }
        throw .readFailed(errno: errno)
      }
      if count == 0 { return }
      apply(InotifyEvent.decode(UnsafeRawBufferPointer(rebasing: buffer[..<count])), to: &batch)
    }
  }

  /// Polls the inotify and termination descriptors; false when the time ran out.
  private func waitForActivity(milliseconds: Int32) throws(WatchError) -> Bool {
    var descriptors = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)]
    if let termination {
      descriptors.append(pollfd(fd: termination.fileDescriptor, events: Int16(POLLIN), revents: 0))
    }
    let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
    if ready < 0 {
      // A signal interrupted the wait: the caller loops and recomputes the time left.
      guard errno == EINTR else { throw .waitFailed(errno: errno) }
      return true
    }
    return ready > 0
  }

  /// `duration` in whole milliseconds for `poll`, rounded up so the wait never ends early,
  /// clamped to 0...Int32.max.
  static func milliseconds(_ duration: Duration) -> Int32 {
    guard duration > .zero else { return 0 }
    let (seconds, attoseconds) = duration.components
    let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
    let fraction = (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond
    let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1000)
    guard !overflow, whole <= Int64(Int32.max) - fraction else { return Int32.max }
    return Int32(whole + fraction)
  }

  /// `path` without trailing slashes, made absolute against the working directory.
  private static func absolutePath(_ path: String) -> String {
    var trimmed = path
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
    guard !trimmed.hasPrefix("/") else { return trimmed }
    guard let directory = getcwd(nil, 0) else { return trimmed }
    defer { free(directory) }
    return FolderListing.join(String(cString: directory), trimmed)
  }
}
