import Foundation

/// A strict reader of the Prometheus text exposition format (0.0.4), for checking /metrics:
/// `# HELP name text`, `# TYPE name counter|gauge|histogram|summary|untyped`, and samples
/// `name{label="value",…} value`. Any other line is an error.
enum PrometheusText {
    struct FormatError: Error, CustomStringConvertible {
        var line: Int
        var text: String
        var description: String { "line \(line): not Prometheus text format: \(text)" }
    }

    /// Samples keyed by ``key(_:_:)``.
    static func parse(_ text: String) throws -> [String: Double] {
        let name = #"[a-zA-Z_:][a-zA-Z0-9_:]*"#
        let label = #"[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*""#
        let help = try NSRegularExpression(pattern: "^# HELP \(name)( .*)?$")
        let type = try NSRegularExpression(pattern: "^# TYPE \(name) (counter|gauge|histogram|summary|untyped)$")
        let sample = try NSRegularExpression(pattern: "^(\(name))(\\{((\(label))(,\(label))*)?,?\\})? ([-+]?[0-9.eE+-]+|NaN|[+-]Inf)( [0-9]+)?$")
        let labelPattern = try NSRegularExpression(pattern: #"([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)""#)
        var out: [String: Double] = [:]
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let s = String(line)
            let range = NSRange(s.startIndex..., in: s)
            if s.hasPrefix("#") {
                guard help.firstMatch(in: s, range: range) != nil || type.firstMatch(in: s, range: range) != nil else {
                    throw FormatError(line: n + 1, text: s)
                }
                continue
            }
            guard let m = sample.firstMatch(in: s, range: range) else { throw FormatError(line: n + 1, text: s) }
            let metric = String(s[Range(m.range(at: 1), in: s)!])
            var labels: [String: String] = [:]
            if let r = Range(m.range(at: 2), in: s) {
                let body = String(s[r])
                for l in labelPattern.matches(in: body, range: NSRange(body.startIndex..., in: body)) {
                    labels[String(body[Range(l.range(at: 1), in: body)!])] = String(body[Range(l.range(at: 2), in: body)!])
                }
            }
            let valueText = String(s[Range(m.range(at: 6), in: s)!])
            guard let value = Double(valueText) ?? (valueText == "+Inf" ? .infinity : valueText == "-Inf" ? -.infinity : nil) else {
                throw FormatError(line: n + 1, text: s)
            }
            out[key(metric, labels)] = value
        }
        return out
    }

    /// `name{a="1",b="2"}` with labels sorted.
    static func key(_ name: String, _ labels: [String: String]) -> String {
        name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "}"
    }
}
