import Foundation

/// Attribute-similarity neighbours for cold start, as exact inference in a second naive-Bayes
/// network whose taste states are the training users' attribute cells (each distinct combination
/// of attribute values among them):
///
///     kernel(i | e) = Σ_c P(c | e) · p̂(i | c),   P(c | e) ∝ P(c) · Π_{a known in e} P(a = e_a | c),
///
/// with prior P(c) ∝ Σ_{u ∈ c} v_u, p̂(i | c) = Σ_{u ∈ c} v_u · y_ui / Σ_{u ∈ c} v_u (so the score is
/// the similarity-weighted share of training users who liked i), v_u = |positives_u|^−α the user
/// weight of ``ColdStartSettings/userWeightExponent``, and CPTs that spread each cell's value to
/// similar values: P(a = q | c) ∝ K_a(q, s_c) over q, where K_a(q, s) = λ_a^|rank(q) − rank(s)| for
/// an ordinal attribute (binned numbers, or states that all read as numeric ranges such as `<18`,
/// `18-24`, `56+`) and 1 for equal / λ_a for different states of a nominal one. λ_a = 1 makes
/// attribute a uninformative; λ_a = 0 keeps only exact matches (every λ at 0: unsmoothed DemoPop).
/// An unknown attribute of the new user is summed out (unobserved, not imputed); a training user
/// whose attribute is unknown has a uniform CPT column for it.
///
/// The posterior is computed directly (the network is a star, so exact inference is one product
/// per cell) and the cells' item rows are sparse; ``tasteNetwork(schema:)`` gives the same network
/// for the general engines. Evidence patterns are few (each attribute a state or unknown:
/// 8 · 3 · 22 = 528 on MovieLens), so when their score table is small it is filled at init and a
/// query is a lookup of exactly the same numbers.
public struct ColdStartAttributeKernel: Sendable {
    public let itemCount: Int
    /// Number of states of each attribute.
    public let cardinalities: [Int]
    /// λ_a of each attribute.
    public let decay: [Double]
    /// Whether each attribute is treated as ordinal.
    public let ordinal: [Bool]
    /// `conditionals[a][q · (card_a + 1) + s]` = P(a = q | cell value s); column `card_a` is a
    /// training value that is unknown (uniform).
    public let conditionals: [[Double]]
    /// Attribute cells: `cellStates[c · attributes + a]` (card_a = unknown).
    let cellStates: [Int32]
    /// Σ v_u over the cell's users.
    let cellMass: [Float]
    /// Sparse cell rows (CSR): items and Σ v_u · y_ui.
    let rowStart: [Int32]
    let rowItems: [Int32]
    let rowValues: [Float]
    /// Weighted popularity, the answer when every cell has zero weight (λ = 0 and no match).
    public let popularity: [Float]
    /// kernel(· | e) for every evidence pattern (each attribute a state or unknown), row-major by
    /// ``patternIndex(_:)``, when that table fits the `patternTableLimit` given at init; empty otherwise
    /// (scores are then computed per query).
    private(set) var patternScores: [Float]

    /// Number of distinct attribute cells among the training users.
    public var cellCount: Int { cellMass.count }

    /// Builds the kernel from the training users' attributes and positives.
    /// - Parameters:
    ///   - decay: λ_a per attribute (schema order), each in [0, 1].
    ///   - ordinal: whether attribute a is ordinal; nil derives it from the schema (``ordinalRanks(_:attribute:)``).
    ///   - userWeightExponent: α in v_u = |positives_u|^−α.
    ///   - patternTableLimit: when Π_a (card_a + 1) · items ≤ this many floats, the scores of every
    ///     evidence pattern are computed here once, so a query is a table lookup; 0 = never.
    public init(_ data: ColdStartDataset, trainingUsers: [Int32], decay: [Double], ordinal: [Bool]? = nil,
                userWeightExponent: Double, patternTableLimit: Int = 1 << 22) throws(ColdStartError) {
        let schema = data.schema
        guard decay.count == schema.count else {
            throw .invalidSetting(name: "attribute decay", value: "\(decay.count) values", reason: "expected one per attribute (\(schema.count))")
        }
        for (a, l) in decay.enumerated() where !(l.isFinite && (0...1).contains(l)) {
            throw .invalidSetting(name: "attribute decay of '\(schema.names[a])'", value: "\(l)", reason: "must lie in [0, 1]")
        }
        guard userWeightExponent.isFinite, userWeightExponent >= 0 else {
            throw .invalidSetting(name: "user weight exponent", value: "\(userWeightExponent)", reason: "must be ≥ 0")
        }
        let users = trainingUsers.filter { !data.positives[Int($0)].isEmpty }
        guard !users.isEmpty else { throw .noTrainingUsers }
        let ranks = schema.names.indices.map { a in Self.ordinalRanks(schema, attribute: a) }
        let ordinalFlags = ordinal ?? ranks.map { $0 != nil }
        guard ordinalFlags.count == schema.count else {
            throw .invalidSetting(name: "ordinal attributes", value: "\(ordinalFlags.count) values", reason: "expected one per attribute (\(schema.count))")
        }
        var conditionals: [[Double]] = []
        for a in 0..<schema.count {
            let r = schema.states[a].count
            let rank = ordinalFlags[a] ? (ranks[a] ?? Array(0..<r)) : []
            var table = [Double](repeating: 0, count: r * (r + 1))
            for s in 0..<r {
                var sum = 0.0
                for q in 0..<r {
                    let k: Double
                    if q == s { k = 1 }
                    else if ordinalFlags[a] { k = pow(decay[a], Double(abs(rank[q] - rank[s]))) }
                    else { k = decay[a] }
                    table[q * (r + 1) + s] = k
                    sum += k
                }
                for q in 0..<r { table[q * (r + 1) + s] /= sum }
            }
            for q in 0..<r { table[q * (r + 1) + r] = 1 / Double(r) }
            conditionals.append(table)
        }
        // Group users into attribute cells, in order of first appearance.
        var cellOf: [[Int32]: Int] = [:]
        var cellStates: [Int32] = []
        var members: [[Int32]] = []
        for u in users {
            let key = data.attributes[Int(u)].enumerated().map { a, s in Int32(s ?? schema.states[a].count) }
            if let c = cellOf[key] {
                members[c].append(u)
            } else {
                cellOf[key] = members.count
                members.append([u])
                cellStates += key
            }
        }
        let itemCount = data.itemCount
        var mass = [Float](repeating: 0, count: members.count)
        var rowStart: [Int32] = [0]
        var rowItems: [Int32] = []
        var rowValues: [Float] = []
        var popularity = [Float](repeating: 0, count: itemCount)
        var dense = [Float](repeating: 0, count: itemCount)
        var totalMass: Float = 0
        for (c, list) in members.enumerated() {
            var touched: [Int32] = []
            for u in list {
                let positives = data.positives[Int(u)]
                let v = Float(pow(Double(positives.count), -userWeightExponent))
                mass[c] += v
                for i in positives {
                    if dense[Int(i)] == 0 { touched.append(i) }
                    dense[Int(i)] += v
                }
            }
            touched.sort()
            for i in touched {
                rowItems.append(i)
                rowValues.append(dense[Int(i)])
                popularity[Int(i)] += dense[Int(i)]
                dense[Int(i)] = 0
            }
            rowStart.append(Int32(rowItems.count))
            totalMass += mass[c]
        }
        for i in 0..<itemCount { popularity[i] /= totalMass }
        self.itemCount = itemCount
        self.cardinalities = schema.cardinalities
        self.decay = decay
        self.ordinal = ordinalFlags
        self.conditionals = conditionals
        self.cellStates = cellStates
        self.cellMass = mass
        self.rowStart = rowStart
        self.rowItems = rowItems
        self.rowValues = rowValues
        self.popularity = popularity
        self.patternScores = []
        var patterns = 1
        for r in cardinalities {
            let (p, overflow) = patterns.multipliedReportingOverflow(by: r + 1)
            patterns = overflow ? Int.max : p
        }
        let (size, overflow) = patterns.multipliedReportingOverflow(by: itemCount)
        if !overflow, size <= patternTableLimit {
            var table = [Float](repeating: 0, count: size)
            var row = [Float](repeating: 0, count: itemCount)
            var evidence = [Int?](repeating: nil, count: cardinalities.count)
            for p in 0..<patterns {
                var rest = p
                for a in cardinalities.indices.reversed() {
                    let digit = rest % (cardinalities[a] + 1)
                    rest /= cardinalities[a] + 1
                    evidence[a] = digit == cardinalities[a] ? nil : digit
                }
                try computeScores(for: evidence, into: &row)
                table.replaceSubrange(p * itemCount..<(p + 1) * itemCount, with: row)
            }
            self.patternScores = table
        }
    }

    /// Whether every evidence pattern's scores were computed at init.
    public var hasPatternTable: Bool { !patternScores.isEmpty }

    /// Row of `evidence` in the pattern table: mixed radix over attributes (last fastest), digit
    /// = state, or card_a for unknown.
    func patternIndex(_ evidence: [Int?]) -> Int {
        var index = 0
        for (a, s) in evidence.enumerated() { index = index * (cardinalities[a] + 1) + (s ?? cardinalities[a]) }
        return index
    }

    /// P(c | e) for every cell, unnormalised: P(c) · Π_{a known} P(a = e_a | c), with P(c) as the
    /// cell's user-weight mass (divide by the sum for the posterior).
    public func cellWeights(for evidence: [Int?]) throws(ColdStartError) -> [Double] {
        let attributes = cardinalities.count
        guard evidence.count == attributes else {
            throw .invalidSetting(name: "evidence", value: "\(evidence.count) entries", reason: "expected one per attribute (\(attributes))")
        }
        var weights = cellMass.map(Double.init)
        for (a, s) in evidence.enumerated() {
            guard let s else { continue }
            guard (0..<cardinalities[a]).contains(s) else {
                throw .invalidSetting(name: "evidence", value: "state \(s) of attribute \(a)", reason: "out of range 0..<\(cardinalities[a])")
            }
            let offset = s * (cardinalities[a] + 1)
            conditionals[a].withUnsafeBufferPointer { p in
                cellStates.withUnsafeBufferPointer { cells in
                    for c in weights.indices { weights[c] *= p[offset + Int(cells[c * attributes + a])] }
                }
            }
        }
        return weights
    }

    /// P(cell | e), normalised; throws ``ColdStartError/impossibleEvidence`` when every cell has
    /// probability 0 (λ = 0 and no training user with the known values).
    public func cellPosterior(_ evidence: [Int?]) throws(ColdStartError) -> [Double] {
        let w = try cellWeights(for: evidence)
        let z = w.reduce(0, +)
        guard z > 0 else { throw .impossibleEvidence }
        return w.map { $0 / z }
    }

    /// Writes kernel(i | e) for every item into `out` (resized to `itemCount`). When no cell is
    /// possible (λ = 0 and no exact match) the scores are the weighted popularity.
    public func scores(for evidence: [Int?], into out: inout [Float]) throws(ColdStartError) {
        guard hasPatternTable else { return try computeScores(for: evidence, into: &out) }
        try validate(evidence)
        if out.count != itemCount { out = [Float](repeating: 0, count: itemCount) }
        let start = patternIndex(evidence) * itemCount
        out.withUnsafeMutableBufferPointer { o in
            patternScores.withUnsafeBufferPointer { t in
                o.baseAddress!.update(from: t.baseAddress! + start, count: itemCount)
            }
        }
    }

    private func validate(_ evidence: [Int?]) throws(ColdStartError) {
        guard evidence.count == cardinalities.count else {
            throw .invalidSetting(name: "evidence", value: "\(evidence.count) entries", reason: "expected one per attribute (\(cardinalities.count))")
        }
        for (a, s) in evidence.enumerated() {
            if let s, !(0..<cardinalities[a]).contains(s) {
                throw .invalidSetting(name: "evidence", value: "state \(s) of attribute \(a)", reason: "out of range 0..<\(cardinalities[a])")
            }
        }
    }

    /// The scores by inference over the cells (what the pattern table holds).
    func computeScores(for evidence: [Int?], into out: inout [Float]) throws(ColdStartError) {
        let weights = try cellWeights(for: evidence)
        if out.count != itemCount { out = [Float](repeating: 0, count: itemCount) }
        let total = weights.reduce(0, +)
        out.withUnsafeMutableBufferPointer { o in
            guard total > 0 else {
                for i in 0..<o.count { o[i] = popularity[i] }
                return
            }
            for i in 0..<o.count { o[i] = 0 }
            rowItems.withUnsafeBufferPointer { items in
                rowValues.withUnsafeBufferPointer { values in
                    rowStart.withUnsafeBufferPointer { start in
                        cellMass.withUnsafeBufferPointer { mass in
                            for c in weights.indices where weights[c] > 0 {
                                // P(c | e) · p̂(i | c) = (weight / total) · value / mass.
                                let w = Float(weights[c] / total) / mass[c]
                                for j in Int(start[c])..<Int(start[c + 1]) { o[Int(items[j])] += w * values[j] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One attribute cell's part in kernel(i | e): P(c | e) · p̂(i | c).
    public struct CellContribution: Sendable, Equatable {
        /// Cell index (order of first appearance among the training users).
        public var cell: Int
        /// The cell's attribute values in schema order (nil: the training users' value is unknown).
        public var states: [Int?]
        /// P(c | e).
        public var posterior: Double
        /// p̂(i | c): the weighted share of the cell's training users who liked the item.
        public var itemPreference: Double
        /// P(c | e) · p̂(i | c); these sum to kernel(i | e) over all cells.
        public var contribution: Double
        /// contribution / kernel(i | e) (0 when the kernel score is 0); these sum to 1 over all cells.
        public var share: Double
    }

    /// The attribute values of cell `c` in schema order (nil: unknown in the training data).
    public func states(ofCell c: Int) -> [Int?] {
        let attributes = cardinalities.count
        return (0..<attributes).map { a in
            let s = Int(cellStates[c * attributes + a])
            return s == cardinalities[a] ? nil : s
        }
    }

    /// p̂(i | c) = Σ_{u ∈ c} v_u · y_ui / Σ_{u ∈ c} v_u (a binary search in the cell's sorted row).
    public func itemPreference(cell c: Int, item: Int) -> Double {
        var lo = Int(rowStart[c]), hi = Int(rowStart[c + 1])
        let target = Int32(item)
        while lo < hi {
            let mid = (lo + hi) / 2
            if rowItems[mid] < target { lo = mid + 1 } else { hi = mid }
        }
        guard lo < Int(rowStart[c + 1]), rowItems[lo] == target else { return 0 }
        return Double(rowValues[lo]) / Double(cellMass[c])
    }

    /// Every cell's part in kernel(`item` | `evidence`), largest contribution first (ties toward the
    /// smaller cell index), cells with posterior 0 left out: the contributions sum to the item's
    /// kernel score (up to the single-precision rounding of ``scores(for:into:)``) and the shares to
    /// 1 when that score is positive. Throws ``ColdStartError/impossibleEvidence`` when no cell is
    /// possible (the score is then the weighted popularity, which no cell explains).
    public func cellContributions(item: Int, evidence: [Int?]) throws(ColdStartError) -> [CellContribution] {
        guard (0..<itemCount).contains(item) else {
            throw .invalidSetting(name: "item", value: "\(item)", reason: "out of range 0..<\(itemCount)")
        }
        let posterior = try cellPosterior(evidence)
        var out: [CellContribution] = []
        var total = 0.0
        for (c, p) in posterior.enumerated() where p > 0 {
            let preference = itemPreference(cell: c, item: item)
            total += p * preference
            out.append(CellContribution(cell: c, states: states(ofCell: c), posterior: p, itemPreference: preference,
                                        contribution: p * preference, share: 0))
        }
        if total > 0 { for k in out.indices { out[k].share = out[k].contribution / total } }
        out.sort { $0.contribution != $1.contribution ? $0.contribution > $1.contribution : $0.cell < $1.cell }
        return out
    }

    /// The serving form of ``cellContributions(item:evidence:)`` for a posterior of
    /// ``cellPosterior(_:)``: only the `limit` largest positive contributions (ordered and filled
    /// the same way), with kernel(i | e) (the sum over all cells) and the number of cells with a
    /// positive posterior — one pass over the cells, no per-cell values built or sorted.
    func topCellContributions(item: Int, posterior: [Double], limit: Int) -> (cells: [CellContribution], kernel: Double, possible: Int) {
        var top: [(contribution: Double, cell: Int, preference: Double)] = []
        top.reserveCapacity(limit + 1)
        var total = 0.0
        var possible = 0
        let target = Int32(item)
        rowStart.withUnsafeBufferPointer { start in
            rowItems.withUnsafeBufferPointer { items in
                rowValues.withUnsafeBufferPointer { values in
                    cellMass.withUnsafeBufferPointer { mass in
                        for (c, p) in posterior.enumerated() where p > 0 {
                            possible += 1
                            var lo = Int(start[c]), hi = Int(start[c + 1])
                            let end = hi
                            while lo < hi {
                                let mid = (lo + hi) / 2
                                if items[mid] < target { lo = mid + 1 } else { hi = mid }
                            }
                            guard lo < end, items[lo] == target else { continue }
                            let preference = Double(values[lo]) / Double(mass[c])
                            let contribution = p * preference
                            total += contribution
                            guard contribution > 0, limit > 0 else { continue }
                            if top.count == limit, contribution <= top[limit - 1].contribution { continue }
                            // Cells come in increasing order, so an equal contribution stays behind.
                            var at = top.count
                            while at > 0, top[at - 1].contribution < contribution { at -= 1 }
                            top.insert((contribution, c, preference), at: at)
                            if top.count > limit { top.removeLast() }
                        }
                    }
                }
            }
        }
        let cells = top.map { t in
            CellContribution(cell: t.cell, states: states(ofCell: t.cell), posterior: posterior[t.cell], itemPreference: t.preference,
                             contribution: t.contribution, share: total > 0 ? t.contribution / total : 0)
        }
        return (cells, total, possible)
    }

    /// The same model as a ``ColdStartTasteNetwork`` (cell → each attribute; the cell is the taste
    /// node), for the general inference engines and for checking ``cellPosterior(_:)``.
    public func tasteNetwork(schema: ColdStartAttributeSchema) throws(ColdStartError) -> ColdStartTasteNetwork {
        let attributes = cardinalities.count
        let cells = cellCount
        var tables: [[Double]] = []
        for a in 0..<attributes {
            let r = cardinalities[a]
            var t = [Double](repeating: 0, count: cells * r)
            for c in 0..<cells {
                let s = Int(cellStates[c * attributes + a])
                for q in 0..<r { t[c * r + q] = conditionals[a][q * (r + 1) + s] }
            }
            tables.append(t)
        }
        let total = cellMass.reduce(0.0) { $0 + Double($1) }
        tables.append(cellMass.map { Double($0) / total })
        return try ColdStartTasteNetwork(
            names: schema.names + ["cell"], cardinalities: cardinalities + [cells],
            parents: (0..<attributes).map { _ in [attributes] } + [[]], tables: tables, taste: attributes,
            attributeNodes: Array(0..<attributes))
    }

    /// State ranks of an ordinal attribute, nil for a nominal one: binned numeric attributes are
    /// ordinal in state order; otherwise every state must read as a number or numeric range —
    /// `18-24`, `56+`, `<18`, `<=5`, `>=60` (a `<` bound sorts just below its number, `>` just
    /// above) — with no two states at the same place.
    public static func ordinalRanks(_ schema: ColdStartAttributeSchema, attribute a: Int) -> [Int]? {
        let states = schema.states[a]
        if schema.bins[a] != nil { return Array(states.indices) }
        guard states.count > 1 else { return nil }
        var keys: [(Double, Int)] = []
        for label in states {
            guard let key = rangeKey(label) else { return nil }
            keys.append(key)
        }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        for (x, y) in zip(order, order.dropFirst()) where keys[x] == keys[y] { return nil }
        var rank = [Int](repeating: 0, count: states.count)
        for (r, s) in order.enumerated() { rank[s] = r }
        return rank
    }

    /// (number, side) of a range label: `<x`/`<=x`/`≤x` → (x, −1), `>x`/`>=x`/`≥x` → (x, 1), a label
    /// starting with a number (`18-24`, `56+`, `7.5`) → (that number, 0); nil otherwise.
    static func rangeKey(_ label: String) -> (Double, Int)? {
        var s = Substring(label.trimmingCharacters(in: .whitespaces))
        var side = 0
        for (prefix, value) in [("<=", -1), ("≤", -1), ("<", -1), (">=", 1), ("≥", 1), (">", 1)] where s.hasPrefix(prefix) {
            s = s.dropFirst(prefix.count)
            side = value
            break
        }
        var end = s.startIndex
        if end < s.endIndex, s[end] == "-" || s[end] == "+" { end = s.index(after: end) }
        var digits = false
        while end < s.endIndex, s[end].isASCII, s[end].isNumber || s[end] == "." {
            if s[end].isNumber { digits = true }
            end = s.index(after: end)
        }
        guard digits, let x = Double(s[s.startIndex..<end]), x.isFinite else { return nil }
        let rest = s[end...]
        // Only range-like tails: "", "+", "-<number>", "–<number>".
        if !(rest.isEmpty || rest == "+") {
            guard let first = rest.first, first == "-" || first == "–", Double(rest.dropFirst()) != nil else { return nil }
        }
        return (x, side)
    }
}

extension ColdStartAttributeKernel {
    /// The kernel under `settings`: λ_a from ``ColdStartSettings/attributeDecayByName`` (else
    /// ``ColdStartSettings/attributeDecay``), ordinal attributes from the schema, and
    /// ``ColdStartSettings/neighbourUserWeightExponent``.
    public init(_ data: ColdStartDataset, trainingUsers: [Int32], settings: ColdStartSettings) throws(ColdStartError) {
        let decay = data.schema.names.map { settings.attributeDecayByName[$0] ?? settings.attributeDecay }
        try self.init(data, trainingUsers: trainingUsers, decay: decay, userWeightExponent: settings.neighbourUserWeightExponent)
    }
}
