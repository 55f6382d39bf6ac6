import Foundation

/// Writes networks in the BIF format read by `BIFReader` (and by pgmpy, bnlearn, JavaBayes):
/// one `probability` block per variable with a `table` for roots and one labelled row per
/// parent configuration otherwise. Values are written with round-trip precision.
public enum BIFWriter {
    /// Errors for networks that BIF cannot represent.
    public enum WriteError: Error, Sendable, Equatable, CustomStringConvertible {
        /// A name containing a double quote (BIF has no escape for it) or a line break.
        case unrepresentableName(String)
        /// The file could not be written.
        case unwritableFile(path: String, reason: String)

        public var description: String {
            switch self {
            case let .unrepresentableName(n): return "name \(n.debugDescription) cannot be written in BIF (contains '\"' or a line break)"
            case let .unwritableFile(p, r): return "\(p): cannot write: \(r)"
            }
        }
    }

    /// The BIF text of a network.
    public static func string(for network: BayesianNetwork) throws -> String {
        var out = "network \(try name(network.name)) {\n}\n"
        for v in network.variables {
            out += "variable \(try name(v.name)) {\n"
            out += "  type discrete [ \(v.cardinality) ] { \(try v.states.map(name).joined(separator: ", ")) };\n}\n"
        }
        for t in network.tables {
            let v = network.variables[t.variable]
            out += "probability ( \(try name(v.name))"
            if !t.parents.isEmpty { out += " | " + (try t.parents.map { try name(network.variables[$0].name) }.joined(separator: ", ")) }
            out += " ) {\n"
            if t.parents.isEmpty {
                out += "  table " + t.values.map(number).joined(separator: ", ") + ";\n"
            } else {
                for c in 0..<t.configurationCount {
                    let labels = try t.parentStates(configuration: c).enumerated().map { k, s in
                        try name(network.variables[t.parents[k]].states[s])
                    }
                    let row = (0..<t.cardinality).map { number(t.values[c * t.cardinality + $0]) }
                    out += "  (" + labels.joined(separator: ", ") + ") " + row.joined(separator: ", ") + ";\n"
                }
            }
            out += "}\n"
        }
        return out
    }

    /// Writes the network to `url` atomically (temporary file, then rename).
    public static func write(_ network: BayesianNetwork, to url: URL) throws {
        let text = try string(for: network)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw WriteError.unwritableFile(path: url.path, reason: error.localizedDescription)
        }
    }

    private static func number(_ x: Double) -> String { "\(x)" }

    /// A bare word when the reader would read it back as one token, else a quoted string.
    static func name(_ s: String) throws -> String {
        var bare = !s.isEmpty
        var previous: UInt8 = 0
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""), 0x0A, 0x0D:
                throw WriteError.unrepresentableName(s)
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["),
                 UInt8(ascii: "]"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "|"), 0x20, 0x09, 0x0B, 0x0C:
                bare = false
            case UInt8(ascii: "/"), UInt8(ascii: "*"):
                if previous == UInt8(ascii: "/") { bare = false }
            default:
                break
            }
            previous = b
        }
        return bare ? s : "\"\(s)\""
    }
}
