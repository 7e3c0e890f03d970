/// A character encoding a GEDCOM file can be written in.
public enum TextEncoding: String, Sendable, CaseIterable {
  /// UTF-8 (GEDCOM 5.5.1 `UTF-8`, GEDCOM 7).
  case utf8 = "UTF-8"
  /// UTF-16, little-endian (GEDCOM 5.5 `UNICODE`).
  case utf16LE = "UTF-16LE"
  /// UTF-16, big-endian (GEDCOM 5.5 `UNICODE`).
  case utf16BE = "UTF-16BE"
  /// 7-bit US-ASCII.
  case ascii = "ASCII"
  /// ANSEL (ANSI/NISO Z39.47) with the GEDCOM 5.5 additions; the GEDCOM 5.x default.
  case ansel = "ANSEL"
  /// Windows code page 1252, written `ANSI` (and `IBM WINDOWS`) by genealogy programs.
  case windows1252 = "CP1252"
  /// IBM PC code page 437, written `IBMPC`.
  case cp437 = "CP437"
  /// IBM PC code page 850 (DOS Western European).
  case cp850 = "CP850"
  /// Mac OS Roman, written `MACINTOSH`.
  case macRoman = "MacRoman"
  /// ISO 8859-1.
  case latin1 = "ISO-8859-1"

  /// The encoding a `HEAD.CHAR` value names; `nil` for a name it does not know.
  ///
  /// The match ignores case, spaces, hyphens and underscores, so `IBM PC`, `IBM-PC` and `ibmpc` are
  /// one name. Known names: `UTF-8`/`UTF8`; `UNICODE`/`UTF-16`/`UCS-2` (UTF-16, little-endian here:
  /// the byte order is found from the bytes, see ``EncodingChoice``), `UTF-16LE`, `UTF-16BE`;
  /// `ANSEL`; `ASCII`/`US-ASCII`; `ANSI`, `WINDOWS`, `IBM WINDOWS`, `WINDOWS-1252`, `CP1252`
  /// (Windows-1252); `IBMPC`, `IBM PC`, `IBM`, `DOS`, `MS-DOS`, `CP437`, `IBM437` (code page 437);
  /// `CP850`, `IBM850`, `PC850` (code page 850); `MACINTOSH`, `MAC`, `MACROMAN`; `LATIN1`,
  /// `ISO-8859-1`, `ISO LATIN 1`.
  public init?(declaredName: String) {
    var key = ""
    for scalar in declaredName.unicodeScalars {
      switch scalar {
      case " ", "-", "_", "\t", "\r", "\n", "\u{FEFF}": continue
      default: key.unicodeScalars.append(scalar)
      }
    }
    switch key.uppercased() {
    case "UTF8", "UNICODEUTF8":
      self = .utf8
    case "UNICODE", "UTF16", "UCS2", "UTF16LE", "UNICODELE":
      self = .utf16LE
    case "UTF16BE", "UNICODEBE":
      self = .utf16BE
    case "ANSEL":
      self = .ansel
    case "ASCII", "USASCII":
      self = .ascii
    case "ANSI", "WINDOWS", "IBMWINDOWS", "MSWINDOWS", "WINDOWS1252", "CP1252", "WIN1252", "MSANSI":
      self = .windows1252
    case "IBMPC", "IBM", "DOS", "MSDOS", "CP437", "IBM437", "PC437", "PC8":
      self = .cp437
    case "CP850", "IBM850", "PC850", "DOS850":
      self = .cp850
    case "MACINTOSH", "MAC", "MACROMAN", "XMACROMAN", "APPLEROMAN":
      self = .macRoman
    case "LATIN1", "ISO88591", "ISOLATIN1", "L1":
      self = .latin1
    default:
      return nil
    }
  }

  /// Whether this is one of the two UTF-16 byte orders.
  var isUTF16: Bool { self == .utf16LE || self == .utf16BE }

  /// The encoding's name for sentences shown to people.
  var displayName: String {
    switch self {
    case .utf8: return "UTF-8"
    case .utf16LE: return "UTF-16 (little-endian)"
    case .utf16BE: return "UTF-16 (big-endian)"
    case .ascii: return "ASCII"
    case .ansel: return "ANSEL"
    case .windows1252: return "Windows-1252 (ANSI)"
    case .cp437: return "code page 437 (IBM PC)"
    case .cp850: return "code page 850"
    case .macRoman: return "Mac Roman"
    case .latin1: return "ISO-8859-1"
    }
  }
}
