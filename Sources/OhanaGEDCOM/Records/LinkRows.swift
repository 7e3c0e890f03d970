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

  /// The links of a record that the other side does not make, in list order: the ones link
  /// reconciliation mends.
  struct OneSided {
    /// A person's parents' families (FAMC) that do not list them as a child (CHIL); a
    /// family's children who do not name it as their parents' (FAMC).
    var child: [Int32] = []
    /// A person's own families (FAMS) that have them as neither HUSB nor WIFE; a family's
    /// spouses (HUSB, then WIFE) who do not name it (FAMS).
    var spouse: [Int32] = []

    var isEmpty: Bool { child.isEmpty && spouse.isEmpty }
  }

  /// What `person` names that does not name them back.
  func oneSided(person: Int) -> OneSided {
    let me = Int32(person)
    var found = OneSided()
    for row in parents.rows(of: person) where !children.contains(Int(parents.items[row]), me) {
      found.child.append(parents.items[row])
    }
    for row in spouses.rows(of: person) {
      let family = Int(spouses.items[row])
      if husband[family] != me && wife[family] != me { found.spouse.append(spouses.items[row]) }
    }
    return found
  }

  /// Who `family` lists that does not name it back.
  func oneSided(family: Int) -> OneSided {
    let me = Int32(family)
    var found = OneSided()
    // One person given as both HUSB and WIFE is mended once.
    for spouse in [husband[family], wife[family]]
    where spouse >= 0 && !spouses.contains(Int(spouse), me) && !found.spouse.contains(spouse) {
      found.spouse.append(spouse)
    }
    for row in children.rows(of: family) where !parents.contains(Int(children.items[row]), me) {
      found.child.append(children.items[row])
    }
    return found
  }
}
