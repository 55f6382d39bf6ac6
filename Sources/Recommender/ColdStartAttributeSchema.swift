/// The user attributes a cold-start model conditions on: attribute names and, per attribute,
/// its possible values (states). A user's attributes are an evidence vector `[Int?]` in schema
/// order, `nil` where the attribute is unknown (it is then unobserved — never imputed).
public struct ColdStartAttributeSchema: Sendable, Equatable {
    /// Attribute names, e.g. `["age_bucket", "gender", "occupation"]`.
    public let names: [String]
    /// `states[a]`: the values of attribute `a`, in state-index order.
    public let states: [[String]]
    /// `bins[a]`: how a numeric attribute was discretised (nil for a categorical one); its states
    /// are then `bins[a].labels`.
    public let bins: [ColdStartAttributeBins?]

    public init(names: [String], states: [[String]], bins: [ColdStartAttributeBins?]? = nil) {
        precondition(names.count == states.count, "one state list per attribute")
        self.names = names
        self.states = states
        self.bins = bins ?? names.map { _ in nil }
        precondition(self.bins.count == names.count, "one bin entry per attribute")
    }

    /// Number of attributes.
    public var count: Int { names.count }

    /// Number of states of each attribute.
    public var cardinalities: [Int] { states.map(\.count) }

    /// The index of attribute `name`, nil when unknown.
    public func attributeIndex(_ name: String) -> Int? { names.firstIndex(of: name) }

    /// Parses `name=value,name=value` (spaces around names and values ignored; an empty string
    /// means nothing is known). Every name must be a schema attribute (at most once) and every
    /// value one of its states — or, for a binned numeric attribute, a number (mapped to its bin).
    public func parse(_ text: String) throws(ColdStartError) -> [Int?] {
        var evidence = [Int?](repeating: nil, count: count)
        var offset = 1
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            defer { offset += part.count + 1 }
            let trimmed = part.coldStartTrimmed()
            if trimmed.isEmpty {
                if text.coldStartTrimmed().isEmpty { return evidence }
                throw .malformedAttributes(text: text, offset: offset, expected: "name=value")
            }
            guard let eq = part.firstIndex(of: "=") else {
                throw .malformedAttributes(text: text, offset: offset, expected: "'=' in name=value")
            }
            let name = String(part[..<eq]).coldStartTrimmed()
            let value = String(part[part.index(after: eq)...]).coldStartTrimmed()
            guard !name.isEmpty else { throw .malformedAttributes(text: text, offset: offset, expected: "an attribute name before '='") }
            guard let a = attributeIndex(name) else { throw .unknownAttribute(name: name, known: names) }
            guard evidence[a] == nil else { throw .duplicateAttribute(name) }
            if let s = states[a].firstIndex(of: value) {
                evidence[a] = s
            } else if let b = bins[a], let x = Double(value), x.isFinite {
                evidence[a] = b.state(of: x)
            } else {
                throw .unknownAttributeValue(attribute: name, value: value, known: states[a])
            }
        }
        return evidence
    }

    /// `name=value,…` for the known entries of an evidence vector.
    public func describe(_ evidence: [Int?]) -> String {
        zip(names.indices, evidence).compactMap { a, s in s.map { "\(names[a])=\(states[a][$0])" } }.joined(separator: ",")
    }
}

extension StringProtocol {
    fileprivate func coldStartTrimmed() -> String {
        let set: String = " \t"
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
