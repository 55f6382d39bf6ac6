/// Writes ``ExplanationDocument``s as compact JSON with sorted keys, directly into a string
/// (several times faster than `JSONEncoder`, which matters for batch export). The output reads
/// back with `JSONDecoder` / ``ExplanationDocument/decode(_:source:)``.
public enum ExplanationJSONWriter {
    /// Appends `document` as one line of JSON (no trailing newline) to `out`.
    public static func write(_ d: ExplanationDocument, to out: inout String) {
        out += "{"
        if let a = d.attributes {
            out += "\"attributes\":{"
            for (k, key) in a.keys.sorted().enumerated() {
                if k > 0 { out += "," }
                string(key, &out); out += ":"; string(a[key]!, &out)
            }
            out += "},"
        }
        out += "\"item\":"; string(d.item, &out)
        if let l = d.itemLabel { out += ",\"itemLabel\":"; string(l, &out) }
        out += ",\"kind\":"; string(d.kind, &out)
        out += ",\"paths\":["
        for (k, p) in d.paths.enumerated() {
            if k > 0 { out += "," }
            out += "{\"score\":"; number(p.score, &out)
            out += ",\"share\":"; number(p.share, &out)
            out += ",\"steps\":["
            for (s, step) in p.steps.enumerated() {
                if s > 0 { out += "," }
                out += "{\"direction\":"; string(step.direction, &out)
                out += ",\"entity\":"; string(step.entity, &out)
                out += ",\"entityType\":"; string(step.entityType, &out)
                if let i = step.item { out += ",\"item\":"; string(i, &out) }
                out += ",\"label\":"; string(step.label, &out)
                out += ",\"relation\":"; string(step.relation, &out)
                out += ",\"relationLabel\":"; string(step.relationLabel, &out)
                out += "}"
            }
            out += "]}"
        }
        out += "],\"schema\":"; string(d.schema, &out)
        out += ",\"score\":"; number(d.score, &out)
        if let tastes = d.tastes {
            out += ",\"tastes\":["
            for (k, t) in tastes.enumerated() {
                if k > 0 { out += "," }
                out += "{\"about\":["
                for (g, name) in t.about.enumerated() { if g > 0 { out += "," }; string(name, &out) }
                out += "],\"genreMatch\":["
                for (g, name) in t.genreMatch.enumerated() { if g > 0 { out += "," }; string(name, &out) }
                out += "],\"itemPopularity\":"; number(t.itemPopularity, &out)
                out += ",\"itemPreference\":"; number(t.itemPreference, &out)
                out += ",\"posterior\":"; number(t.posterior, &out)
                out += ",\"prior\":"; number(t.prior, &out)
                out += ",\"share\":"; number(t.share, &out)
                out += ",\"taste\":\(t.taste)}"
            }
            out += "]"
        }
        if let u = d.user { out += ",\"user\":"; string(u, &out) }
        out += "}"
    }

    /// A JSON number: the shortest representation that reads back to `x`; integers without a
    /// fraction. Non-finite values (never produced by the explainers) are written as 0.
    static func number(_ x: Double, _ out: inout String) {
        guard x.isFinite else { out += "0"; return }
        if x == x.rounded(), abs(x) < 1e15 { out += String(Int64(x)); return }
        out += x.description
    }

    /// A JSON string literal: quote, backslash and control characters escaped; `/` and non-ASCII
    /// characters written as they are (UTF-8).
    static func string(_ s: String, _ out: inout String) {
        out += "\""
        var plain = true
        for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C { plain = false; break }
        if plain { out += s; out += "\""; return }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
