import Glibc

/// Reads folder entries without following symbolic links.
enum FolderListing {
  /// The names of the folders directly inside `path`, in directory order; empty when `path`
  /// cannot be read (it vanished, or it is no longer a folder). Symbolic links to folders are
  /// not folders here. Names that are not UTF-8 are repaired with U+FFFD, so such folders are
  /// later found missing and skipped.
  static func subfolderNames(of path: String) -> [String] {
    guard let stream = opendir(path) else { return [] }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name != ".", name != ".." else { continue }
      let type = Int(entry.pointee.d_type)
      if type == DT_DIR || (type == DT_UNKNOWN && isFolder(FolderListing.join(path, name))) {
        names.append(name)
      }
    }
    return names
  }

  /// Whether `path` itself (not a link's target) is a folder.
  static func isFolder(_ path: String) -> Bool {
    var status = stat()
    return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
  }

  /// `name` inside the folder `folder`.
  static func join(_ folder: String, _ name: String) -> String {
    folder.hasSuffix("/") ? folder + name : folder + "/" + name
  }
}
