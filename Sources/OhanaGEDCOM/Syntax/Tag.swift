/// The tags the typed views and the graph look for, interned first so their ids are fixed.
///
/// Every other tag (extensions such as `_UID` included) is interned as it is met and kept in
/// the tree like these.
public enum Tag {
  public static let head: Int32 = 0
  public static let trlr: Int32 = 1
  public static let indi: Int32 = 2
  public static let fam: Int32 = 3
  public static let sour: Int32 = 4
  public static let note: Int32 = 5
  public static let snote: Int32 = 6
  public static let conc: Int32 = 7
  public static let cont: Int32 = 8
  public static let name: Int32 = 9
  public static let givn: Int32 = 10
  public static let surn: Int32 = 11
  public static let sex: Int32 = 12
  public static let birt: Int32 = 13
  public static let chr: Int32 = 14
  public static let bapm: Int32 = 15
  public static let deat: Int32 = 16
  public static let buri: Int32 = 17
  public static let crem: Int32 = 18
  public static let resi: Int32 = 19
  public static let occu: Int32 = 20
  public static let date: Int32 = 21
  public static let plac: Int32 = 22
  public static let famc: Int32 = 23
  public static let fams: Int32 = 24
  public static let husb: Int32 = 25
  public static let wife: Int32 = 26
  public static let chil: Int32 = 27
  public static let marr: Int32 = 28
  public static let div: Int32 = 29
  public static let gedc: Int32 = 30
  public static let vers: Int32 = 31
  public static let char: Int32 = 32
  public static let titl: Int32 = 33
  public static let auth: Int32 = 34
  public static let publ: Int32 = 35
  public static let pedi: Int32 = 36
  public static let enga: Int32 = 37
  public static let nsfx: Int32 = 38
  public static let npfx: Int32 = 39
  public static let subm: Int32 = 40
  public static let form: Int32 = 41

  /// Spellings in id order.
  static let known = [
    "HEAD", "TRLR", "INDI", "FAM", "SOUR", "NOTE", "SNOTE", "CONC", "CONT", "NAME", "GIVN", "SURN",
    "SEX", "BIRT", "CHR", "BAPM", "DEAT", "BURI", "CREM", "RESI", "OCCU", "DATE", "PLAC", "FAMC", "FAMS",
    "HUSB", "WIFE", "CHIL", "MARR", "DIV", "GEDC", "VERS", "CHAR", "TITL", "AUTH", "PUBL", "PEDI", "ENGA",
    "NSFX", "NPFX", "SUBM", "FORM",
  ]

  /// A tag table holding the known tags at their fixed ids.
  static func newTable() -> SymbolTable {
    var table = SymbolTable(capacity: 256)
    for spelling in known { _ = table.intern(spelling) }
    return table
  }
}
