import OhanaJSON

/// Typed reads of a serialized model's members, failing with ``LearnError/invalidJSON(_:)``.
struct JSONFields {
  let object: [String: JSONValue]
  let context: String

  init(_ json: JSONValue, context: String) throws(LearnError) {
    guard let object = json.objectValue else { throw .invalidJSON("\(context) is not an object") }
    self.object = object
    self.context = context
  }

  func value(_ key: String) throws(LearnError) -> JSONValue {
    guard let value = object[key] else { throw .invalidJSON("\(context) lacks \"\(key)\"") }
    return value
  }

  func double(_ key: String) throws(LearnError) -> Double {
    guard let number = try value(key).doubleValue else {
      throw .invalidJSON("\(context).\(key) is not a number")
    }
    return number
  }

  func optionalDouble(_ key: String) throws(LearnError) -> Double? {
    guard let member = object[key], member != .null else { return nil }
    guard let number = member.doubleValue else { throw .invalidJSON("\(context).\(key) is not a number") }
    return number
  }

  func int(_ key: String) throws(LearnError) -> Int {
    guard case .int(let number) = try value(key), let result = Int(exactly: number) else {
      throw .invalidJSON("\(context).\(key) is not an integer")
    }
    return result
  }

  func optionalInt(_ key: String) throws(LearnError) -> Int? {
    guard let member = object[key], member != .null else { return nil }
    guard case .int(let number) = member, let result = Int(exactly: number) else {
      throw .invalidJSON("\(context).\(key) is not an integer")
    }
    return result
  }

  func string(_ key: String) throws(LearnError) -> String {
    guard let text = try value(key).stringValue else {
      throw .invalidJSON("\(context).\(key) is not a string")
    }
    return text
  }

  func doubles(_ key: String) throws(LearnError) -> [Double] {
    guard let array = try value(key).arrayValue else {
      throw .invalidJSON("\(context).\(key) is not an array")
    }
    var result = [Double]()
    result.reserveCapacity(array.count)
    for element in array {
      guard let number = element.doubleValue else {
        throw .invalidJSON("\(context).\(key) holds a non-number")
      }
      result.append(number)
    }
    return result
  }

  func ints(_ key: String) throws(LearnError) -> [Int] {
    guard let array = try value(key).arrayValue else {
      throw .invalidJSON("\(context).\(key) is not an array")
    }
    var result = [Int]()
    result.reserveCapacity(array.count)
    for element in array {
      guard case .int(let number) = element, let value = Int(exactly: number) else {
        throw .invalidJSON("\(context).\(key) holds a non-integer")
      }
      result.append(value)
    }
    return result
  }

  func classWeighting(_ key: String) throws(LearnError) -> ClassWeighting {
    let name = try string(key)
    guard let weighting = ClassWeighting(rawValue: name) else {
      throw .invalidJSON("\(context).\(key) \"\(name)\" is not a class weighting")
    }
    return weighting
  }

  /// Checks the `"model"` member names the expected kind.
  func expectKind(_ kind: String) throws(LearnError) {
    let found = try string("model")
    guard found == kind else { throw .invalidJSON("expected a \(kind) model, found \"\(found)\"") }
  }
}
