import Testing
@testable import KnowledgeGraph

@Suite struct TableHeaderTests {
    @Test func parsesRecBoleAtomicHeaders() throws {
        let h = try TableHeader(fields: ["user_id:token", "item_id:token", "rating:float", "tags:token_seq", "emb:float_seq"],
                                file: "x.inter", atomic: true)
        #expect(h.columns.map(\.name) == ["user_id", "item_id", "rating", "tags", "emb"])
        #expect(h.columns.map(\.type) == [.token, .token, .float, .tokenSeq, .floatSeq])
        #expect(h.index(of: "rating") == 2)
        #expect(h.index(of: "rating:float") == 2)
        #expect(h.index(of: "timestamp") == nil)
    }

    @Test func rejectsUnknownTypesInAtomicFiles() {
        #expect {
            try TableHeader(fields: ["user_id:token", "age:integer"], file: "x.user", line: 1, atomic: true)
        } throws: { e in
            guard case ImportError.badHeader(let f, let l, let field, _) = e else { return false }
            return f == "x.user" && l == 1 && field == "age:integer"
        }
        #expect(throws: ImportError.self) { try TableHeader(fields: ["user_id"], file: "x.user", atomic: true) }
    }

    @Test func plainHeadersKeepNamesWithColons() throws {
        let h = try TableHeader(fields: ["ex:id", "name", "score:float"], file: "x.csv", atomic: false)
        #expect(h.columns.map(\.name) == ["ex:id", "name", "score"])
        #expect(h.columns[2].type == .float && h.columns[0].type == nil)
    }

    @Test func missingColumnListsAvailableOnes() {
        let h = try! TableHeader(fields: ["a", "b"], file: "f.csv", atomic: false)
        #expect {
            try h.require("c", file: "f.csv")
        } throws: { e in
            guard case ImportError.missingColumn(_, "c", let available) = e else { return false }
            return available == ["a", "b"] && (e as! ImportError).description.contains("columns: a, b")
        }
    }

    @Test func readsHeaderFromFile() throws {
        let f = textFile("\u{FEFF}head_id:token\trelation_id:token\ttail_id:token\r\nx\ty\tz\r\n")
        let h = try TableHeader(of: f, delimiter: 9, atomic: true)
        #expect(h.columns.map(\.name) == ["head_id", "relation_id", "tail_id"])
    }
}

@Suite struct DelimitedFileTests {
    @Test func splitsLinesFieldsQuotesAndLineNumbers() throws {
        let f = textFile("a,b,c\r\n\n\"x, y\",\"say \"\"hi\"\"\",\n", name: "q.csv")
        var rows = [(Int, [String])]()
        try f.forEachRecord(delimiter: UInt8(ascii: ",")) { r in
            rows.append((r.line, (0..<r.count).map { r.field($0)! }))
        }
        #expect(rows.count == 2)
        #expect(rows[0].0 == 1 && rows[0].1 == ["a", "b", "c"])
        #expect(rows[1].0 == 3 && rows[1].1 == ["x, y", "say \"hi\"", ""])
        #expect(f.guessDelimiter() == UInt8(ascii: ","))
        #expect(textFile("a\tb\n").guessDelimiter() == 9)
    }
}
