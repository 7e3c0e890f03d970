import Glibc
import Testing

@testable import OhanaWatch

@Suite("WriterCheck")
struct WriterCheckTests {
  @Test("a file open for writing has a writer; once closed it has none")
  func writerPresentThenGone() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    let path = folder.path("upload.ged")
    let descriptor = try openForWriting(path)
    try append("0 HEAD\n", to: descriptor)
    #expect(WriterCheck.check(path: path) == .writerPresent)
    close(descriptor)
    #expect(WriterCheck.check(path: path) == .noWriter)
  }

  @Test("a file only open for reading has no writer")
  func readerIsNotAWriter() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    let path = folder.path("read.ged")
    try writeFile(path)
    let reader = open(path, O_RDONLY | O_CLOEXEC)
    defer { close(reader) }
    #expect(reader >= 0)
    #expect(WriterCheck.check(path: path) == .noWriter)
  }

  /// The link is never followed: the answer is ELOOP, whatever state its target is in.
  @Test("a symbolic link is not followed, whether or not its target has a writer")
  func symbolicLinkIsNotFollowed() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    let target = folder.path("target.ged")
    try writeFile(target)
    #expect(symlink(target, folder.path("link.ged")) == 0)
    #expect(WriterCheck.check(path: folder.path("link.ged")) == .unknown(errno: ELOOP))
    let descriptor = try openForWriting(target)
    defer { close(descriptor) }
    #expect(WriterCheck.check(path: folder.path("link.ged")) == .unknown(errno: ELOOP))
  }

  @Test("a missing file or a folder cannot be checked")
  func missingFileAndFolderAreUnknown() throws {
    let folder = try TestFolder()
    defer { folder.remove() }
    #expect(WriterCheck.check(path: folder.path("missing.ged")) == .unknown(errno: ENOENT))
    #expect(WriterCheck.check(path: folder.path) == .unknown(errno: EINVAL))
  }
}
