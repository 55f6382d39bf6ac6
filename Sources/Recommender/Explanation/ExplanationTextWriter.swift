/// Writes an explanation for people: the item and its score, then (cold start) the taste
/// posterior, then each path on one line with its share of the score, and what share of the
/// score the paths shown account for together. Path weights (log scores) stay in the JSON.
public enum ExplanationTextWriter {
    public static func text(_ d: ExplanationDocument) -> String {
        var out = ""
        let who = d.user.map { "user \($0)" } ?? "a new user with " + ((d.attributes ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        out += "Why \"\(d.itemLabel ?? d.item)\" (item \(d.item)) for \(who): score \(format(d.score, 4))\n"
        if let tastes = d.tastes {
            for t in tastes {
                out += "  taste \(t.taste) (\(t.about.joined(separator: ", "))): P = \(format(t.posterior, 2)) given the attributes, prior \(format(t.prior, 2)); "
                out += "\(format(t.itemPreference * 100, 1))% of these users liked the item (all users \(format(t.itemPopularity * 100, 1))%)"
                if !t.genreMatch.isEmpty { out += "; genre match: \(t.genreMatch.joined(separator: ", "))" }
                out += "; \(format(t.share * 100, 1))% of the score\n"
            }
        }
        if d.paths.isEmpty { out += "  no KG path of the allowed length links the user's items to this item\n" }
        for (k, p) in d.paths.enumerated() {
            var line = "  \(k + 1). \(format(p.share * 100, 1))% of the score: "
            for (s, step) in p.steps.enumerated() {
                if s == 0 && step.relation == ExplanationDocument.interactionRelation {
                    line += "you liked \(step.label)"
                } else if s == 0 && step.relation == ExplanationDocument.tasteRelation {
                    line += "your attributes suggest \(step.label)"
                } else {
                    line += " → \(step.relationLabel) → \(step.label)"
                    if step.entityType != "item" && step.entityType != "entity" { line += " (\(step.entityType))" }
                }
            }
            out += line + "\n"
        }
        if !d.paths.isEmpty {
            let covered = d.paths.reduce(0) { $0 + $1.share }
            out += "  the \(d.paths.count == 1 ? "path" : "\(d.paths.count) paths") shown account for \(format(covered * 100, 1))% of the score\n"
        }
        return out
    }

    static func format(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "\(x)" }
        var p = 1.0
        for _ in 0..<digits { p *= 10 }
        let r = (abs(x) * p).rounded()
        let whole = Int64(r / p), fraction = Int64(r) - whole * Int64(p)
        var f = String(fraction)
        while f.count < digits { f = "0" + f }
        return (x < 0 && r > 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + f : "")
    }
}
