import Foundation
import Glibc
import Testing

@testable import OhanaWatch

@Suite("DirectoryWatcher")
struct DirectoryWatcherTests {
  /// Long enough for the kernel to queue the events of work already done.
  let quiet = Duration.milliseconds(300)

  @Test("a file created, written and closed is reported once closed")
  func closedFileIsReported() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    let watcher = try DirectoryWatcher(root: folder.path)
    try writeFile(folder.path("tree.ged"))
    let batch = try watcher.collect { $0.completedFiles.contains(folder.path("tree.ged")) }
    #expect(batch.completedFiles == [folder.path("tree.ged")])
    #expect(batch.newDirectories.isEmpty)
    #expect(!batch.overflowed && !batch.timedOut && !batch.terminationRequested)
  }

  @Test("a file renamed into the folder is reported under its new name only")
  func renamedInFileIsReported() throws {
    let folder = try TestFolder()
    let staging = try TestFolder()
    defer {
      folder.remove()
      staging.remove()
    }
    let watcher = try DirectoryWatcher(root: folder.path)
    try writeFile(staging.path("upload.tmp"))
    #expect(rename(staging.path("upload.tmp"), folder.path("family.ged")) == 0)
    let batch = try watcher.collect { $0.completedFiles.contains(folder.path("family.ged")) }
    #expect(batch.completedFiles == [folder.path("family.ged")])
    #expect(try watcher.next(timeout: quiet).timedOut)
  }

  @Test("a temporary name written inside the folder is reported too; the caller filters it")
  func temporaryNameInsideFolderIsReported() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    let watcher = try DirectoryWatcher(root: folder.path)
    try writeFile(folder.path("data.csv.part"))
    #expect(rename(folder.path("data.csv.part"), folder.path("data.csv")) == 0)
    let batch = try watcher.collect { $0.completedFiles.contains(folder.path("data.csv")) }
    #expect(batch.completedFiles == [folder.path("data.csv.part"), folder.path("data.csv")])
  }

  @Test("a file still being written is not reported until it is closed")
  func slowWriterIsReportedOnlyAtClose() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    let watcher = try DirectoryWatcher(root: folder.path)
    let descriptor = try openForWriting(folder.path("slow.ged"))
    try append("0 HEAD\n", to: descriptor)
    let early = try watcher.next(timeout: quiet)
    #expect(early.timedOut)
    #expect(early.completedFiles.isEmpty)
    try append("0 TRLR\n", to: descriptor)
    close(descriptor)
    let batch = try watcher.collect { $0.completedFiles.contains(folder.path("slow.ged")) }
    #expect(batch.completedFiles == [folder.path("slow.ged")])
  }

  @Test("a new subfolder is reported and watched, even when a file lands in it at once")
  func newSubfolderIsReportedAndWatched() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    let watcher = try DirectoryWatcher(root: folder.path)
    try folder.makeFolder("batch-7")
    try writeFile(folder.path("batch-7/early.ged"))
    let batch = try watcher.collect { $0.newDirectories.contains(folder.path("batch-7")) }
    #expect(batch.newDirectories == [folder.path("batch-7")])
    #expect(watcher.watchedPaths == [folder.path, folder.path("batch-7")])
    try writeFile(folder.path("batch-7/late.ged"))
    let later = try watcher.collect {
      $0.completedFiles.contains(folder.path("batch-7/late.ged"))
    }
    #expect(later.completedFiles.contains(folder.path("batch-7/late.ged")))
  }

  @Test("folders created together, deeper than one level, are all watched and reported")
  func nestedNewFoldersAreAllWatched() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    let watcher = try DirectoryWatcher(root: folder.path)
    try folder.makeFolder("a/b/c")
    let expected = [folder.path("a"), folder.path("a/b"), folder.path("a/b/c")]
    let batch = try watcher.collect { batch in expected.allSatisfy(batch.newDirectories.contains) }
    #expect(batch.newDirectories.sorted() == expected)
    #expect(watcher.watchedPaths == [folder.path] + expected)
    try writeFile(folder.path("a/b/c/deep.ged"))
    let later = try watcher.collect { $0.completedFiles.contains(folder.path("a/b/c/deep.ged")) }
    #expect(later.completedFiles == [folder.path("a/b/c/deep.ged")])
  }

  @Test("folders that exist at start are watched without being reported")
  func existingFoldersAreWatchedAtStart() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    try folder.makeFolder("x/y")
    let watcher = try DirectoryWatcher(root: folder.path)
    #expect(watcher.watchedPaths == [folder.path, folder.path("x"), folder.path("x/y")])
    try writeFile(folder.path("x/y/found.ged"))
    let batch = try watcher.collect { $0.completedFiles.contains(folder.path("x/y/found.ged")) }
    #expect(batch.completedFiles == [folder.path("x/y/found.ged")])
    #expect(batch.newDirectories.isEmpty)
  }

  @Test("a deleted subfolder loses its watch and is watched again when recreated")
  func deletedSubfolderIsForgotten() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    try folder.makeFolder("gone")
    let watcher = try DirectoryWatcher(root: folder.path)
    #expect(rmdir(folder.path("gone")) == 0)
    let batch = try watcher.next(timeout: quiet)
    #expect(batch.timedOut)
    #expect(watcher.watchedPaths == [folder.path])
    try folder.makeFolder("gone")
    let again = try watcher.collect { $0.newDirectories.contains(folder.path("gone")) }
    #expect(again.newDirectories == [folder.path("gone")])
    #expect(watcher.watchedPaths == [folder.path, folder.path("gone")])
  }

  @Test("a folder renamed within the tree keeps its watches under the new paths")
  func renamedFolderKeepsItsWatches() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    try folder.makeFolder("old/inner")
    let watcher = try DirectoryWatcher(root: folder.path)
    #expect(rename(folder.path("old"), folder.path("new")) == 0)
    let batch = try watcher.collect { $0.newDirectories.contains(folder.path("new/inner")) }
    #expect(batch.newDirectories == [folder.path("new"), folder.path("new/inner")])
    #expect(try watcher.next(timeout: quiet).timedOut)
    #expect(watcher.watchedPaths == [folder.path, folder.path("new"), folder.path("new/inner")])
    try writeFile(folder.path("new/inner/moved.ged"))
    let later = try watcher.collect {
      $0.completedFiles.contains(folder.path("new/inner/moved.ged"))
    }
    #expect(later.completedFiles == [folder.path("new/inner/moved.ged")])
  }

  @Test("a folder moved out of the tree is forgotten with everything below it")
  func folderMovedAwayIsForgotten() throws {
    let folder = try TestFolder()
    let outside = try TestFolder()
    defer {
      folder.remove()
      outside.remove()
    }
    try folder.makeFolder("leaving/child")
    let watcher = try DirectoryWatcher(root: folder.path)
    #expect(rename(folder.path("leaving"), outside.path("leaving")) == 0)
    #expect(try watcher.next(timeout: quiet).timedOut)
    #expect(watcher.watchedPaths == [folder.path])
    try writeFile(outside.path("leaving/child/elsewhere.ged"))
    let batch = try watcher.next(timeout: quiet)
    #expect(batch.timedOut)
    #expect(batch.completedFiles.isEmpty)
  }

  @Test("the timeout elapses when nothing happens")
  func timeoutWithoutEvents() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    let watcher = try DirectoryWatcher(root: folder.path)
    let started = ContinuousClock.now
    let batch = try watcher.next(timeout: .milliseconds(150))
    #expect(ContinuousClock.now - started >= .milliseconds(150))
    #expect(batch == WatchBatch(timedOut: true))
  }

  @Test("entries whose names the predicate ignores are neither watched nor reported")
  func ignoredNamesAreSkipped() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    try folder.makeFolder(".claims/held")
    let watcher = try DirectoryWatcher(root: folder.path) { $0.hasPrefix(".") }
    #expect(watcher.watchedPaths == [folder.path])
    try writeFile(folder.path(".claims/held/claimed.ged"))
    try folder.makeFolder(".incoming")
    try writeFile(folder.path(".upload.tmp"))
    let quietBatch = try watcher.next(timeout: quiet)
    #expect(quietBatch == WatchBatch(timedOut: true))
    #expect(watcher.watchedPaths == [folder.path])
    try writeFile(folder.path("visible.ged"))
    let batch = try watcher.collect { $0.completedFiles.contains(folder.path("visible.ged")) }
    #expect(batch.completedFiles == [folder.path("visible.ged")])
  }

  @Test("a root that is missing or not a folder is refused with its errno")
  func invalidRootIsRefused() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    try writeFile(folder.path("plain.txt"))
    #expect(throws: WatchError.cannotWatch(path: folder.path("plain.txt"), errno: ENOTDIR)) {
      try DirectoryWatcher(root: folder.path("plain.txt"))
    }
    #expect(throws: WatchError.cannotWatch(path: folder.path("missing"), errno: ENOENT)) {
      try DirectoryWatcher(root: folder.path("missing/"))
    }
  }

  @Test("a symbolic link to a folder is not followed as a root or subfolder")
  func symbolicLinksAreNotFollowed() throws {
    let folder = try TestFolder()
    let target = try TestFolder()
    defer {
      folder.remove()
      target.remove()
    }
    #expect(symlink(target.path, folder.path("link")) == 0)
    #expect(throws: WatchError.cannotWatch(path: folder.path("link"), errno: ENOTDIR)) {
      try DirectoryWatcher(root: folder.path("link"))
    }
    let watcher = try DirectoryWatcher(root: folder.path)
    #expect(watcher.watchedPaths == [folder.path])
    try writeFile(target.path("behind-link.ged"))
    #expect(try watcher.next(timeout: quiet).completedFiles.isEmpty)
  }

  @Test("an overflow is reported and folders whose creation was lost get watched")
  func overflowRewatchesTheTree() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    let watcher = try DirectoryWatcher(root: folder.path)
    try folder.makeFolder("missed")
    var batch = WatchBatch()
    let overflow = InotifyEvent(
      watchDescriptor: -1, mask: UInt32(bitPattern: IN_Q_OVERFLOW), cookie: 0, name: nil)
    watcher.apply([overflow], to: &batch)
    #expect(batch.overflowed)
    #expect(batch.newDirectories == [folder.path("missed")])
    #expect(watcher.watchedPaths == [folder.path, folder.path("missed")])
  }

  @Test("events for unknown watch descriptors are ignored")
  func unknownDescriptorsAreIgnored() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    let watcher = try DirectoryWatcher(root: folder.path)
    var batch = WatchBatch()
    let stray = InotifyEvent(
      watchDescriptor: 987_654, mask: UInt32(bitPattern: IN_CLOSE_WRITE), cookie: 0,
      name: "stray.ged")
    watcher.apply([stray], to: &batch)
    #expect(batch == WatchBatch())
  }

  @Test(
    "durations become poll milliseconds, rounded up and clamped",
    arguments: [
      (Duration.zero, Int32(0)), (.milliseconds(-5), 0), (.nanoseconds(1), 1),
      (.milliseconds(1500), 1500), (.seconds(3_000_000), Int32.max),
    ])
  func pollMilliseconds(duration: Duration, expected: Int32) {
    #expect(DirectoryWatcher.milliseconds(duration) == expected)
  }
}
