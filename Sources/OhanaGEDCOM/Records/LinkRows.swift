/// A record index's links in place, for checks that read every link, side by side: reading
/// them through the index's arrays retains the arrays at each access, and threads doing so at
/// once contend for their reference counts.
struct LinkRows {
  /// One kind of link list in compressed-row form (see ``LinkLists``).
  struct Lists {
    let start: UnsafeBufferPointer<Int32>
    let items: UnsafeBufferPointer<Int32>

    /// Where the list of `owner` is in ``items``.
    func rows(of owner: Int) -> Range<Int> { Int(start[owner])..<Int(start[owner + 1]) }

    func contains(_ owner: Int, _ value: Int32) -> Bool { contains(owner) { $0 == value } }

    /// Whether an item of the list of `owner` satisfies `test`.
    func contains(_ owner: Int, where test: (Int32) -> Bool) -> Bool {
      rows(of: owner).contains { test(items[$0]) }
    }
  }

  /// Each person's parents' families, each person's own families, each family's children.
  let parents: Lists
  let spouses: Lists
  let children: Lists
  let husband: UnsafeBufferPointer<Int32>
  let wife: UnsafeBufferPointer<Int32>

  /// Whether `person` names a family that does not list them back (FAMC without CHIL, FAMS
  /// without HUSB or WIFE).
  func hasOneSidedLink(person: Int) -> Bool {
    let me = Int32(person)
    return parents.contains(person) { !children.contains(Int($0), me) }
      || spouses.contains(person) { husband[Int($0)] != me && wife[Int($0)] != me }
  }

  /// Whether `family` lists a spouse or child who does not name it back.
  func hasOneSidedLink(family: Int) -> Bool {
    let me = Int32(family)
    func namesIt(_ spouse: Int32) -> Bool { spouse < 0 || spouses.contains(Int(spouse), me) }
    return !namesIt(husband[family]) || !namesIt(wife[family])
      || children.contains(family) { !parents.contains(Int($0), me) }
  }
}
