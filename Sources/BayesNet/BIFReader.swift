import Foundation

/// Reads Bayesian networks in the BIF format (the bnlearn repository / JavaBayes dialects).
///
/// Handles: `//` and `/* */` comments, `property` lines anywhere, quoted or bare names,
/// bare state names such as `<5`, `>=7.5`, `Asy/Patch` or `0`, values with or without commas,
/// scientific notation, `table` for root and conditional nodes (child state outermost, last
/// parent fastest, as pgmpy reads it), conditional rows in any order matched by their state
/// labels, `default` rows, headers with or without `|` (`probability ( "a" "b" )` means a | b),
/// and probability blocks in any order. With `normalize` (the default) every CPT column is
/// divided by its sum, since some shipped files are off by up to 1e-7.
public enum BIFReader {
    /// Reads and parses the BIF file at `url`.
    public static func read(contentsOf url: URL, normalize: Bool = true) throws -> BayesianNetwork {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw BIFError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        return try parse(bytes: [UInt8](data), file: url.path, normalize: normalize)
    }

    /// Parses BIF text held in memory.
    public static func parse(_ text: String, file: String? = nil, normalize: Bool = true) throws -> BayesianNetwork {
        try parse(bytes: Array(text.utf8), file: file, normalize: normalize)
    }

    /// Parses BIF bytes (UTF-8).
    public static func parse(bytes: [UInt8], file: String? = nil, normalize: Bool = true) throws -> BayesianNetwork {
        var padded = bytes
        padded.append(0)
        return try padded.withUnsafeBufferPointer { buf in
            var parser = Parser(lexer: BIFLexer(nulTerminated: buf, file: file))
            try parser.parseFile()
            return try parser.resolve(normalize: normalize)
        }
    }

    private struct DeclaredVariable {
        var name: String
        var states: [String]
        var position: TextPosition
    }

    private struct Row {
        var labels: [(String, TextPosition)]
        var values: [Double]
        var position: TextPosition
    }

    private struct ProbabilityBlock {
        var child: String
        var childPosition: TextPosition
        var parents: [(String, TextPosition)]
        var table: (values: [Double], position: TextPosition)?
        var defaultRow: (values: [Double], position: TextPosition)?
        var rows: [Row] = []
    }

    private struct Parser {
        var lexer: BIFLexer
        var networkName = "unknown"
        var variables: [DeclaredVariable] = []
        var variableIndex: [String: Int] = [:]
        var blocks: [ProbabilityBlock] = []

        init(lexer: BIFLexer) { self.lexer = lexer }

        func pos(_ t: BIFToken) -> TextPosition { lexer.position(of: t) }

        mutating func expect(_ c: Unicode.Scalar, _ what: String? = nil) throws -> BIFToken {
            let t = try lexer.next()
            guard t.isPunctuation(c) else { throw unexpected(t, what ?? "'\(c)'") }
            return t
        }

        func unexpected(_ t: BIFToken, _ expected: String) -> BIFError {
            if t.kind == .endOfFile { return .unexpectedEndOfFile(expected: expected, at: pos(t)) }
            return .unexpectedToken(found: t.display, expected: expected, at: pos(t))
        }

        mutating func name(_ what: String) throws -> BIFToken {
            let t = try lexer.next()
            guard t.isName else { throw unexpected(t, what) }
            return t
        }

        /// Skips a `property ...;` statement (the keyword already consumed).
        mutating func skipProperty() throws {
            while true {
                let t = try lexer.next()
                if t.isPunctuation(";") { return }
                if t.kind == .endOfFile || t.isPunctuation("}") { throw unexpected(t, "';' ending the property") }
            }
        }

        mutating func parseFile() throws {
            while true {
                let t = try lexer.next()
                switch t.kind {
                case .endOfFile:
                    return
                case .word where t.text == "network":
                    try parseNetwork()
                case .word where t.text == "variable":
                    try parseVariable()
                case .word where t.text == "probability":
                    try parseProbability()
                default:
                    throw unexpected(t, "'network', 'variable' or 'probability'")
                }
            }
        }

        mutating func parseNetwork() throws {
            let n = try name("a network name")
            networkName = n.text
            _ = try expect("{")
            while true {
                let t = try lexer.next()
                if t.isPunctuation("}") { return }
                if t.isWord("property") { try skipProperty(); continue }
                throw unexpected(t, "'property' or '}' in the network block")
            }
        }

        mutating func parseVariable() throws {
            let n = try name("a variable name")
            if variableIndex[n.text] != nil { throw BIFError.duplicateVariable(name: n.text, at: pos(n)) }
            _ = try expect("{")
            var states: [String]?
            while true {
                let t = try lexer.next()
                if t.isPunctuation("}") { break }
                if t.isWord("property") { try skipProperty(); continue }
                guard t.isWord("type") else { throw unexpected(t, "'type', 'property' or '}' in variable '\(n.text)'") }
                let d = try lexer.next()
                guard d.isWord("discrete") else { throw unexpected(d, "'discrete' (only discrete variables are supported)") }
                _ = try expect("[")
                let countToken = try lexer.next()
                guard countToken.kind == .word, let declared = Int(countToken.text), declared > 0 else {
                    throw unexpected(countToken, "a positive state count")
                }
                _ = try expect("]")
                let open = try expect("{")
                var list: [String] = []
                while true {
                    let s = try lexer.next()
                    if s.isPunctuation("}") { break }
                    if s.isPunctuation(",") { continue }
                    guard s.isName else { throw unexpected(s, "a state name, ',' or '}'") }
                    if list.contains(s.text) { throw BIFError.duplicateState(variable: n.text, state: s.text, at: pos(s)) }
                    list.append(s.text)
                }
                if list.count != declared {
                    throw BIFError.stateCountMismatch(variable: n.text, declared: declared, listed: list.count, at: pos(open))
                }
                _ = try expect(";", "';' after the state list")
                states = list
            }
            guard let states else {
                throw BIFError.unexpectedToken(found: "'}'", expected: "a 'type discrete [n] { ... };' line", at: pos(n))
            }
            variableIndex[n.text] = variables.count
            variables.append(DeclaredVariable(name: n.text, states: states, position: pos(n)))
        }

        /// Reads numbers up to and including `;` (commas optional).
        mutating func values() throws -> [Double] {
            var out: [Double] = []
            while true {
                switch try lexer.nextNumber() {
                case let .number(v):
                    out.append(v)
                case let .other(t):
                    if t.isPunctuation(";") { return out }
                    if t.isPunctuation(",") { continue }
                    guard t.kind == .word else { throw unexpected(t, "a number, ',' or ';'") }
                    throw BIFError.invalidNumber(text: t.text, at: pos(t))
                }
            }
        }

        mutating func parseProbability() throws {
            _ = try expect("(")
            let child = try name("the variable name")
            var parents: [(String, TextPosition)] = []
            while true {
                let t = try lexer.next()
                if t.isPunctuation(")") { break }
                if t.isPunctuation("|") || t.isPunctuation(",") { continue }
                guard t.isName else { throw unexpected(t, "a parent name, '|', ',' or ')'") }
                parents.append((t.text, pos(t)))
            }
            _ = try expect("{")
            var block = ProbabilityBlock(child: child.text, childPosition: pos(child), parents: parents)
            while true {
                let t = try lexer.next()
                if t.isPunctuation("}") { break }
                if t.isWord("property") { try skipProperty(); continue }
                if t.isWord("table") { block.table = (try values(), pos(t)); continue }
                if t.isWord("default") { block.defaultRow = (try values(), pos(t)); continue }
                guard t.isPunctuation("(") else {
                    throw unexpected(t, "'table', 'default', '(' starting a row, 'property' or '}'")
                }
                var labels: [(String, TextPosition)] = []
                while true {
                    let l = try lexer.next()
                    if l.isPunctuation(")") { break }
                    if l.isPunctuation(",") { continue }
                    guard l.isName else { throw unexpected(l, "a parent state, ',' or ')'") }
                    labels.append((l.text, pos(l)))
                }
                block.rows.append(Row(labels: labels, values: try values(), position: pos(t)))
            }
            blocks.append(block)
        }

        func resolve(normalize: Bool) throws -> BayesianNetwork {
            let n = variables.count
            var tables = [ConditionalProbabilityTable?](repeating: nil, count: n)
            let cards = variables.map { $0.states.count }
            for block in blocks {
                guard let v = variableIndex[block.child] else {
                    throw BIFError.unknownVariable(name: block.child, at: block.childPosition)
                }
                if tables[v] != nil { throw BIFError.duplicateProbability(variable: block.child, at: block.childPosition) }
                var parents: [Int] = []
                for (pname, ppos) in block.parents {
                    guard let p = variableIndex[pname] else { throw BIFError.unknownVariable(name: pname, at: ppos) }
                    if p == v { throw BIFError.invalidParents(variable: block.child, reason: "the variable is its own parent", at: ppos) }
                    if parents.contains(p) { throw BIFError.invalidParents(variable: block.child, reason: "parent '\(pname)' listed twice", at: ppos) }
                    parents.append(p)
                }
                let r = cards[v]
                let pcards = parents.map { cards[$0] }
                let q = pcards.reduce(1, *)
                var values = [Double](repeating: 0, count: q * r)
                var filled = [Bool](repeating: false, count: q)
                if let (table, tpos) = block.table {
                    guard table.count == q * r else {
                        throw BIFError.valueCountMismatch(variable: block.child, expected: q * r, found: table.count, at: tpos)
                    }
                    for i in 0..<r { for j in 0..<q { values[j * r + i] = table[i * q + j] } }
                    for j in 0..<q { filled[j] = true }
                }
                var rowGiven = [Bool](repeating: false, count: q)
                for row in block.rows {
                    guard row.labels.count == parents.count else {
                        throw BIFError.parentStateCountMismatch(variable: block.child, expected: parents.count, found: row.labels.count, at: row.position)
                    }
                    var config = 0
                    for (k, (label, lpos)) in row.labels.enumerated() {
                        let p = parents[k]
                        guard let s = variables[p].states.firstIndex(of: label) else {
                            throw BIFError.unknownState(variable: variables[p].name, state: label, expected: variables[p].states, at: lpos)
                        }
                        config = config * pcards[k] + s
                    }
                    if rowGiven[config] {
                        throw BIFError.duplicateRow(variable: block.child, parentStates: row.labels.map { $0.0 }, at: row.position)
                    }
                    guard row.values.count == r else {
                        throw BIFError.valueCountMismatch(variable: block.child, expected: r, found: row.values.count, at: row.position)
                    }
                    rowGiven[config] = true
                    filled[config] = true
                    for i in 0..<r { values[config * r + i] = row.values[i] }
                }
                if let (def, dpos) = block.defaultRow {
                    guard def.count == r else {
                        throw BIFError.valueCountMismatch(variable: block.child, expected: r, found: def.count, at: dpos)
                    }
                    for j in 0..<q where !filled[j] {
                        filled[j] = true
                        for i in 0..<r { values[j * r + i] = def[i] }
                    }
                }
                var cpt = ConditionalProbabilityTable(variable: v, cardinality: r, parents: parents, parentCardinalities: pcards, values: values)
                for j in 0..<q {
                    let labels = { cpt.parentStates(configuration: j).enumerated().map { self.variables[parents[$0.offset]].states[$0.element] } }
                    guard filled[j] else { throw BIFError.missingRow(variable: block.child, parentStates: labels(), at: block.childPosition) }
                    var sum = 0.0
                    for i in 0..<r {
                        let x = values[j * r + i]
                        guard x.isFinite, x >= 0 else {
                            throw BIFError.invalidProbability(variable: block.child, parentStates: labels(), reason: "value \(x) is not a probability", at: block.childPosition)
                        }
                        sum += x
                    }
                    guard sum > 0 else {
                        throw BIFError.invalidProbability(variable: block.child, parentStates: labels(), reason: "the column sums to zero", at: block.childPosition)
                    }
                }
                if normalize { cpt.normalizeColumns() }
                tables[v] = cpt
            }
            var complete: [ConditionalProbabilityTable] = []
            complete.reserveCapacity(n)
            for i in 0..<n {
                guard let t = tables[i] else {
                    throw BIFError.missingProbability(variable: variables[i].name, declaredAt: variables[i].position)
                }
                complete.append(t)
            }
            do {
                return try BayesianNetwork(name: networkName, variables: variables.map { Variable(name: $0.name, states: $0.states) }, tables: complete)
            } catch let BayesNetError.cycle(names) {
                throw BIFError.cycle(variables: names)
            }
        }
    }
}
