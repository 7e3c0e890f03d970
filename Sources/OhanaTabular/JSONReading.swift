import OhanaJSON

/// Typed reads of a JSON object's members, failing with a ``TabularError`` that names the
/// object and key; keys outside the allowed set are errors too.
struct JSONReading {
  let members: [String: JSONValue]
  let context: String

  init(_ json: JSONValue, _ context: String, keys: Set<String>) throws(TabularError) {
    guard let members = json.objectValue else { throw TabularError("\(context) is not a JSON object") }
    let unknown = members.keys.filter { !keys.contains($0) }.sorted()
    guard unknown.isEmpty else {
      throw TabularError(
        "\(context) has unknown key\(unknown.count == 1 ? "" : "s") "
          + unknown.map { "\"\($0)\"" }.joined(separator: ", ")
          + "; allowed: \(keys.sorted().joined(separator: ", "))")
    }
    self.members = members
    self.context = context
  }

  func has(_ key: String) -> Bool { members[key].map { $0 != .null } ?? false }

  func value(_ key: String) throws(TabularError) -> JSONValue {
    guard let value = members[key] else { throw TabularError("\(context) lacks \"\(key)\"") }
    return value
  }

  func string(_ key: String) throws(TabularError) -> String {
    guard let text = try value(key).stringValue else {
      throw TabularError("\(context): \"\(key)\" must be text")
    }
    return text
  }

  func optionalString(_ key: String) throws(TabularError) -> String? {
    guard has(key) else { return nil }
    return try string(key)
  }

  func bool(_ key: String) throws(TabularError) -> Bool {
    guard let flag = try value(key).boolValue else {
      throw TabularError("\(context): \"\(key)\" must be true or false")
    }
    return flag
  }

  func double(_ key: String) throws(TabularError) -> Double {
    guard let number = try value(key).doubleValue, number.isFinite else {
      throw TabularError("\(context): \"\(key)\" must be a number")
    }
    return number
  }

  func optionalDouble(_ key: String) throws(TabularError) -> Double? {
    guard has(key) else { return nil }
    return try double(key)
  }

  func array(_ key: String) throws(TabularError) -> [JSONValue] {
    guard let elements = try value(key).arrayValue else {
      throw TabularError("\(context): \"\(key)\" must be a list")
    }
    return elements
  }

  func doubles(_ key: String) throws(TabularError) -> [Double] {
    var result: [Double] = []
    for element in try array(key) {
      guard let number = element.doubleValue else {
        throw TabularError("\(context): \"\(key)\" must hold numbers")
      }
      result.append(number)
    }
    return result
  }

  func strings(_ key: String) throws(TabularError) -> [String] {
    var result: [String] = []
    for element in try array(key) {
      guard let text = element.stringValue else {
        throw TabularError("\(context): \"\(key)\" must hold text")
      }
      result.append(text)
    }
    return result
  }

  func optionalStrings(_ key: String) throws(TabularError) -> [String]? {
    guard has(key) else { return nil }
    return try strings(key)
  }
}
