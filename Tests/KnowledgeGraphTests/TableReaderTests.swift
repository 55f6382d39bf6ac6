import Testing
@testable import KnowledgeGraph

@Suite struct TripleFileReaderTests {
    @Test func readsTriplesWithNamespaceAndDedups() throws {
        let f = textFile("head_id:token\trelation_id:token\ttail_id:token\nm.1\tfilm.film.genre\tm.2\nm.1\tfilm.film.genre\tm.2\nhttp://x.org/a\tfilm.film.genre\tm.2\n")
        var b = KnowledgeGraphBuilder(base: KnowledgeGraph())
        var d = RowDiagnostics()
        let rows = try TripleFileReader.read(f, options: .init(hasHeader: true, namespace: .init("http://rdf.freebase.com/ns/")),
                                             into: &b, diagnostics: &d)
        #expect(rows == 3)
        let g = try b.build()
        #expect(g.tripleCount == 2)
        #expect(g.entities.strings == ["http://rdf.freebase.com/ns/m.1", "http://rdf.freebase.com/ns/m.2", "http://x.org/a"])
        #expect(g.relations.strings == ["http://rdf.freebase.com/ns/film.film.genre"])
    }

    @Test func malformedRowNamesFileLineColumnAndValue() {
        let f = textFile("a\tr\tb\nc\tr\td\ne\t\tf\n", name: "bad.tsv")
        var b = KnowledgeGraphBuilder(base: KnowledgeGraph())
        var d = RowDiagnostics()
        #expect {
            try TripleFileReader.read(f, options: .init(), into: &b, diagnostics: &d)
        } throws: { e in
            guard case ImportError.badValue(let file, let line, let column, let value, _) = e else { return false }
            return file == "bad.tsv" && line == 3 && column == "relation" && value == ""
        }
    }

    @Test func wrongFieldCountIsReportedAndCanBeSkipped() throws {
        let f = textFile("a\tr\tb\nc\tr\nd\tr\te\tx\ng\tr\th\n", name: "n.tsv")
        var b = KnowledgeGraphBuilder(base: KnowledgeGraph())
        var strict = RowDiagnostics()
        #expect {
            try TripleFileReader.read(f, options: .init(), into: &b, diagnostics: &strict)
        } throws: { e in
            guard case ImportError.fieldCount("n.tsv", 2, 3, 2, _) = e else { return false }
            return true
        }
        var lenient = RowDiagnostics(skipBadRows: true)
        var b2 = KnowledgeGraphBuilder(base: KnowledgeGraph())
        try TripleFileReader.read(f, options: .init(), into: &b2, diagnostics: &lenient)
        #expect(lenient.skipped == 2 && lenient.warnings.count == 2)
        #expect(try b2.build().tripleCount == 2)
    }

    @Test func invalidUTF8IsARowError() {
        var bytes = Array("a\tr\tb\n".utf8)
        bytes += [0x63, 0xFF, 0x09, 0x72, 0x09, 0x64, 0x0A]
        let f = DelimitedFile(path: "u.tsv", bytes: bytes)
        var b = KnowledgeGraphBuilder(base: KnowledgeGraph())
        var d = RowDiagnostics()
        #expect {
            try TripleFileReader.read(f, options: .init(), into: &b, diagnostics: &d)
        } throws: { e in
            guard case ImportError.invalidUTF8("u.tsv", 2) = e else { return false }
            return true
        }
    }
}

@Suite struct InteractionTableTests {
    @Test func readsCSVWithMinValue() throws {
        let f = textFile("user,item,rating,time\n1,10,5,100\n1,11,3,101\n2,10,4.5,\n", name: "r.csv")
        var d = RowDiagnostics()
        let t = try InteractionTable.read(
            f, options: .init(userColumn: "user", itemColumn: "item", valueColumn: "rating", timeColumn: "time", minValue: 4),
            diagnostics: &d)
        #expect(t.users == ["1", "2"] && t.items == ["10", "10"])
        #expect(t.values == [5, 4.5] && t.timestamps == [100, nil])
        #expect(t.belowMinimum == 1)
    }

    @Test func badNumberReportsLineColumnValue() {
        let f = textFile("user_id:token\titem_id:token\trating:float\n1\t2\t3\n1\t3\tfive\n", name: "x.inter")
        var d = RowDiagnostics()
        #expect {
            try InteractionTable.read(f, options: .init(userColumn: "user_id", itemColumn: "item_id", valueColumn: "rating", atomicHeader: true),
                                      diagnostics: &d)
        } throws: { e in
            guard case ImportError.badValue("x.inter", 3, "rating", "five", "a number") = e else { return false }
            return (e as! ImportError).description == "x.inter:3: column 'rating': bad value 'five' (expected a number)"
        }
    }

    @Test func missingColumnIsAnError() {
        let f = textFile("u,i\n1,2\n", name: "m.csv")
        var d = RowDiagnostics()
        #expect(throws: ImportError.self) {
            try InteractionTable.read(f, options: .init(userColumn: "user", itemColumn: "i"), diagnostics: &d)
        }
    }
}

@Suite struct AttributeTableTests {
    @Test func bucketsNumericColumns() throws {
        let b = try BucketSpec(parsing: "age:0,18,25,35,45,50,56")
        #expect(b.attributeName == "age_bucket")
        #expect([-1, 0, 17, 18, 24, 25, 49.5, 55, 56, 80].map { b.label(for: $0) }
                == ["<0", "0-17", "0-17", "18-24", "18-24", "25-34", "45-49", "50-55", "56+", "56+"])
        let f = try BucketSpec(parsing: "score:0.5,1.5")
        #expect(f.label(for: 1) == "0.5-1.5")
        #expect(throws: ImportError.self) { try BucketSpec(parsing: "age:18,0") }
        #expect(throws: ImportError.self) { try BucketSpec(parsing: "age") }
        #expect(throws: ImportError.self) { try BucketSpec(parsing: "age:1,x") }
    }

    @Test func readsSelectedAttributesAndBuckets() throws {
        let f = textFile("id,age,gender,occupation\n1,24,M,technician\n2,53,F,\n1,25,M,engineer\n", name: "u.csv")
        var d = RowDiagnostics()
        let t = try AttributeTable.read(
            f, options: .init(idColumn: "id", attributes: ["age_bucket", "gender", "occupation"],
                              buckets: [try BucketSpec(parsing: "age:0,18,25,35,45,50,56")]),
            diagnostics: &d)
        #expect(t.names == ["age_bucket", "gender", "occupation"])
        #expect(t.ids == ["1", "2"])
        #expect(t.attributes(ofRow: 0).map(\.value) == ["25-34", "M", "engineer"])  // the later row wins
        #expect(t.attributes(ofRow: 1).map(\.name) == ["age_bucket", "gender"])       // empty occupation left out
    }

    @Test func defaultKeepsEveryColumnButTheId() throws {
        let f = textFile("user_id:token\tage:token\tgender:token\n7\t30\tF\n", name: "x.user")
        var d = RowDiagnostics()
        let t = try AttributeTable.read(f, options: .init(idColumn: "user_id", buckets: [try BucketSpec(parsing: "age:0,18,25,35")],
                                                          atomicHeader: true), diagnostics: &d)
        #expect(t.names == ["age_bucket", "gender"])
        #expect(t.attributes(ofRow: 0).map(\.value) == ["25-34", "F"])
    }

    @Test func nonNumericBucketValueIsARowError() {
        let f = textFile("id,age\n1,old\n", name: "u.csv")
        var d = RowDiagnostics()
        #expect {
            try AttributeTable.read(f, options: .init(idColumn: "id", buckets: [try BucketSpec(parsing: "age:0,18")]), diagnostics: &d)
        } throws: { e in
            guard case ImportError.badValue("u.csv", 2, "age", "old", _) = e else { return false }
            return true
        }
    }
}
