import Foundation
import Testing
@testable import Recommender

@Suite struct ExplanationDocumentTests {
    static let document = ExplanationDocument(
        kind: "warm", user: "42", attributes: nil, item: "1210", itemLabel: "Return of the \"Jedi\"\\ (1983)", score: 0.8125,
        tastes: nil,
        paths: [ExplanationPath(steps: [
            ExplanationStep(relation: ExplanationDocument.interactionRelation, relationLabel: "liked", direction: "forward",
                            entity: "50", entityType: "item", label: "Star Wars (1977)", item: "50"),
            ExplanationStep(relation: "http://rdf.freebase.com/ns/film.film.directed_by", relationLabel: "directed by", direction: "forward",
                            entity: "http://rdf.freebase.com/ns/m.0bxtg", entityType: "Film director", label: "George \"Lucas\"\nbackslash \\ here"),
            ExplanationStep(relation: "http://rdf.freebase.com/ns/film.film.directed_by", relationLabel: "director of", direction: "inverse",
                            entity: "http://rdf.freebase.com/ns/m.0g4vm", entityType: "item", label: "Return of the \"Jedi\"\\ (1983)", item: "1210"),
        ], score: -3.25, share: 0.125)])

    @Test func jsonRoundTripKeepsEveryField() throws {
        let d = Self.document
        for text in [d.jsonLine(), try d.prettyJSON()] {
            #expect(try ExplanationDocument.decode(Data(text.utf8), source: "doc") == d)
        }
        let line = d.jsonLine()
        #expect(line.hasPrefix("{") && !line.contains("\n"))
        #expect(line.contains("\"schema\":\"kgrec-explanation/1\""))
        #expect(line.contains("\"entity\":\"http://rdf.freebase.com/ns/m.0bxtg\""), "IRIs unescaped")
        // Field names of the schema.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let step = try #require(((object["paths"] as? [[String: Any]])?.first?["steps"] as? [[String: Any]])?[1])
        #expect(Set(step.keys) == ["relation", "relationLabel", "direction", "entity", "entityType", "label"])
        #expect(Set(object.keys) == ["schema", "kind", "user", "item", "itemLabel", "score", "paths"])
    }

    @Test func coldStartDocumentsAndControlCharactersRoundTrip() throws {
        var d = Self.document
        d.kind = "cold-start"
        d.user = nil
        d.attributes = ["occupation": "student", "age_bucket": "18-24", "gender": "F"]
        d.tastes = [ExplanationTaste(taste: 3, posterior: 0.41, prior: 0.22, about: ["Sci-Fi", "Action"], itemPreference: 0.3,
                                     itemPopularity: 1e-7, genreMatch: ["Sci-Fi"], share: 0.5)]
        d.paths[0].steps[1].label = "tab\there, bell \u{7}, ünïcödé ✓, slash /"
        let line = d.jsonLine()
        #expect(line.contains("\\u0007") && line.contains("\\t") && line.contains("ünïcödé ✓, slash /"))
        #expect(line.hasPrefix("{\"attributes\":{\"age_bucket\":\"18-24\",\"gender\":\"F\",\"occupation\":\"student\"}"))
        #expect(try ExplanationDocument.decode(Data(line.utf8), source: "cold") == d)
    }

    @Test func decodeRejectsOtherSchemasAndBadDirections() throws {
        let line = Self.document.jsonLine()
        let other = line.replacingOccurrences(of: "kgrec-explanation/1", with: "kgrec-explanation/9")
        #expect(throws: ExplanationError.malformedDocument(path: "f.jsonl:3", reason: "schema 'kgrec-explanation/9', expected 'kgrec-explanation/1'")) {
            _ = try ExplanationDocument.decode(Data(other.utf8), source: "f.jsonl:3")
        }
        let sideways = line.replacingOccurrences(of: "\"inverse\"", with: "\"sideways\"")
        #expect(throws: ExplanationError.self) { _ = try ExplanationDocument.decode(Data(sideways.utf8), source: "x") }
        let missing = line.replacingOccurrences(of: "\"share\":0.125", with: "\"sharez\":0.125")
        do {
            _ = try ExplanationDocument.decode(Data(missing.utf8), source: "x")
            Issue.record("a missing share must be rejected")
        } catch let ExplanationError.malformedDocument(_, reason) {
            #expect(reason.contains("share") && reason.contains("paths[0]"))
        }
    }

    @Test func dotEscapesQuotesBackslashesAndNewlines() {
        #expect(ExplanationDOTWriter.quote("a \"b\" \\ c\nd\u{1}") == "\"a \\\"b\\\" \\\\ c\\nd\"")
        let dot = ExplanationDOTWriter.dot(Self.document)
        #expect(dot.hasPrefix("digraph explanation {") && dot.hasSuffix("}\n"))
        #expect(dot.contains("George \\\"Lucas\\\"\\nbackslash \\\\ here"))
        #expect(dot.contains("label=\"director of\"") && dot.contains("style=dashed"))
        #expect(dot.contains("label=\"liked (12.5%)\""), "the first edge carries the path's share")
        #expect(dot.contains("account for"))
        #expect(dot.contains("fillcolor=\"#ffd966\"") && dot.contains("fillcolor=\"#9fc5e8\""), "user and item highlighted")
        // Every quote inside a line is either escaped or delimits a string: an even count of unescaped quotes.
        for line in dot.split(separator: "\n") {
            var unescaped = 0, previous: Character = " "
            for ch in line { if ch == "\"" && previous != "\\" { unescaped += 1 }; previous = ch == "\\" && previous == "\\" ? " " : ch }
            #expect(unescaped % 2 == 0, "\(line)")
        }
    }

    @Test func dotRendersWithGraphviz() throws {
        guard let dotPath = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("skipped: Graphviz `dot` is not installed (apt-get install graphviz)")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dotPath)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(ExplanationDOTWriter.dot(Self.document).utf8))
        try input.fileHandleForWriting.close()
        let svg = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "dot failed: \(stderr)")
        #expect(stderr.isEmpty, "dot warnings: \(stderr)")
        #expect(svg.contains("<svg") && svg.contains("director of") && svg.contains("Lucas"))
    }

    @Test func textNamesTheItemAndEachStep() {
        let text = ExplanationTextWriter.text(Self.document)
        #expect(text.contains("for user 42: score 0.8125"))
        #expect(text.contains("1. 12.5% of the score: you liked Star Wars (1977) → directed by → George"))
        #expect(!text.contains("path score"), "log weights are for programs, not people")
        #expect(text.contains("shown account for"))
        #expect(text.contains("(Film director) → director of → Return of the"))
    }
}
