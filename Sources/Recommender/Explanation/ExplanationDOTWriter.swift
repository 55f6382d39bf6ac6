/// Writes an explanation as a Graphviz digraph (one graph per explanation): the user and the
/// explained item highlighted, one node per distinct entity, one edge per distinct step with the
/// relation label (as walked) as its label. Paths sharing nodes share them in the drawing. Each
/// path's first edge carries the path's share of the score (summed where paths share that edge),
/// and the title says what share the paths shown account for.
public enum ExplanationDOTWriter {
    /// The DOT text of `document`.
    public static func dot(_ document: ExplanationDocument) -> String {
        var out = "digraph explanation {\n"
        out += "  graph [rankdir=LR, fontname=\"Helvetica\", label=\(quote(title(document))), labelloc=t];\n"
        out += "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f2f2f2\", fontname=\"Helvetica\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=10];\n"
        let userNode = "user"
        let userLabel = document.user.map { "user \($0)" } ?? "new user\n" + (document.attributes ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        out += "  \(quote(userNode)) [label=\(quote(userLabel)), shape=ellipse, fillcolor=\"#ffd966\", penwidth=2];\n"
        var nodes: [String: Int] = [:]
        var nodeLines: [String] = []
        var edges = Set<String>()
        var edgeLines: [String] = []
        func nodeID(_ step: ExplanationStep) -> String {
            // An item is one node whether reached by its external id (first step) or its entity.
            let key = step.item.map { "item:" + $0 } ?? step.entity
            if let k = nodes[key] { return "n\(k)" }
            let k = nodes.count
            nodes[key] = k
            let isTarget = step.item == document.item
            let style = isTarget ? ", fillcolor=\"#9fc5e8\", penwidth=3" : (step.entityType == "item" ? ", fillcolor=\"#d9ead3\"" : "")
            nodeLines.append("  n\(k) [label=\(quote(step.label + "\n" + step.entityType)), tooltip=\(quote(step.entity))\(style)];")
            return "n\(k)"
        }
        // Shares of the first edges, summed over the paths that start with the same edge.
        var firstEdgeShare: [String: Double] = [:]
        for path in document.paths {
            guard let step = path.steps.first else { continue }
            firstEdgeShare["\(userNode)|\(nodeID(step))|\(step.relationLabel)", default: 0] += path.share
        }
        for path in document.paths {
            var previous = userNode
            for step in path.steps {
                let id = nodeID(step)
                let key = "\(previous)|\(id)|\(step.relationLabel)"
                if edges.insert(key).inserted {
                    let style = step.direction == "inverse" ? ", style=dashed" : ""
                    let label = firstEdgeShare[key].map { "\(step.relationLabel) (\(percent($0)))" } ?? step.relationLabel
                    edgeLines.append("  \(quote(previous)) -> \(id) [label=\(quote(label)), tooltip=\(quote(step.relation + " (" + step.direction + ")"))\(style)];")
                }
                previous = id
            }
        }
        if document.paths.isEmpty {
            let id = nodeID(ExplanationStep(relation: "", relationLabel: "", direction: "forward", entity: document.item,
                                            entityType: "item", label: document.itemLabel ?? document.item, item: document.item))
            edgeLines.append("  \(quote(userNode)) -> \(id) [label=\"no path found\", style=dotted];")
        }
        out += nodeLines.joined(separator: "\n") + (nodeLines.isEmpty ? "" : "\n")
        out += edgeLines.joined(separator: "\n") + (edgeLines.isEmpty ? "" : "\n")
        out += "}\n"
        return out
    }

    static func title(_ d: ExplanationDocument) -> String {
        let question = "Why \(d.itemLabel ?? d.item)?"
        guard !d.paths.isEmpty else { return question }
        return question + " The paths shown account for \(percent(d.paths.reduce(0) { $0 + $1.share })) of the score."
    }

    static func percent(_ share: Double) -> String {
        ExplanationTextWriter.format(share * 100, 1) + "%"
    }

    /// A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n`, other
    /// control characters dropped.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r", "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
