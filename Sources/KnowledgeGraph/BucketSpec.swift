/// Turns a numeric column into categories: `age:0,18,25,35,45,50,56`.
///
/// With ascending edges e₀ < e₁ < … < eₖ a value v gets `<e₀` when v < e₀,
/// `eᵢ-(eᵢ₊₁−1)` when eᵢ ≤ v < eᵢ₊₁ (integer edges; otherwise `eᵢ-eᵢ₊₁`),
/// and `eₖ+` when v ≥ eₖ. The bucketed attribute is named `<column>_bucket`.
public struct BucketSpec: Sendable, Equatable {
    /// The numeric source column.
    public var column: String
    /// Ascending bucket edges.
    public var edges: [Double]

    /// The attribute the buckets are stored under.
    public var attributeName: String { column + "_bucket" }

    public init(column: String, edges: [Double]) throws(ImportError) {
        let text = "\(column):" + edges.map { Self.format($0) }.joined(separator: ",")
        guard !column.isEmpty, !edges.isEmpty else {
            throw .badOption(name: "--bucket", value: text, expected: "column:edge,edge,… with at least one edge")
        }
        for k in 1..<max(edges.count, 1) where !(edges[k - 1] < edges[k]) {
            throw .badOption(name: "--bucket", value: text, expected: "strictly ascending edges")
        }
        self.column = column
        self.edges = edges
    }

    /// Parses `column:e0,e1,…`.
    public init(parsing text: String) throws(ImportError) {
        guard let colon = text.lastIndex(of: ":") else {
            throw .badOption(name: "--bucket", value: text, expected: "column:edge,edge,… (e.g. age:0,18,25,35,45,50,56)")
        }
        var edges = [Double]()
        for part in text[text.index(after: colon)...].split(separator: ",", omittingEmptySubsequences: false) {
            guard let v = Double(part.trimmingCharactersSpace()), v.isFinite else {
                throw .badOption(name: "--bucket", value: text, expected: "numeric edges separated by commas")
            }
            edges.append(v)
        }
        try self.init(column: String(text[..<colon]), edges: edges)
    }

    /// The bucket label of `value`.
    public func label(for value: Double) -> String {
        if value < edges[0] { return "<" + Self.format(edges[0]) }
        let integral = edges.allSatisfy { $0 == $0.rounded() && abs($0) < 1e15 }
        for k in 0..<(edges.count - 1) where value < edges[k + 1] {
            let hi = integral ? Self.format(edges[k + 1] - 1) : Self.format(edges[k + 1])
            return Self.format(edges[k]) + "-" + hi
        }
        return Self.format(edges[edges.count - 1]) + "+"
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}

extension Substring {
    func trimmingCharactersSpace() -> String { String(self).trimmingSpaces() }
}
