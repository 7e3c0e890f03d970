import Glibc
import Testing

@testable import OhanaWatch

@Suite("WatchError")
struct WatchErrorTests {
  @Test("messages name the path, the system's reason and the sysctl to raise")
  func messagesAreReadable() {
    let limit = WatchError.cannotWatch(path: "/srv/inbox/batch", errno: ENOSPC)
    #expect(limit.errno == ENOSPC)
    #expect(limit.description.contains("'/srv/inbox/batch'"))
    #expect(limit.description.contains("No space left on device"))
    #expect(limit.description.contains("fs.inotify.max_user_watches"))
    let instances = WatchError.inotifyUnavailable(errno: EMFILE)
    #expect(instances.description.contains("fs.inotify.max_user_instances"))
    #expect(WatchError.readFailed(errno: EBADF).description.contains("Bad file descriptor"))
  }
}
