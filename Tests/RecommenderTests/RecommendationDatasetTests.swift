import Foundation
import Testing
@testable import Recommender

@Suite struct RecommendationDatasetTests {
    func write(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-recommender-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func readsSplitsKGAndLinks() throws {
        let train = try write("train.tsv", "user_id\titem_id\trating\ttimestamp\n1\t10\t5\t1\n1\t11\t3\t2\n2\t11\t4\t3\n")
        let test = try write("test.tsv", "user_id\titem_id\trating\ttimestamp\n1\t12\t4\t4\n2\t10\t5\t5\n")
        let items = try write("items.tsv", "item_id\ttitle\n10\tA\n11\tB\n12\tC\n13\tD\n")
        let kg = try write("kg.tsv", "head\trelation\ttail\nm.a\tdirected_by\tm.x\nm.c\tdirected_by\tm.x\n")
        let links = try write("links.tsv", "item_id\tentity_id\n10\tm.a\n12\tm.c\n")
        let d = try RecommendationDataset.load(trainPath: train, testPath: test, itemsPath: items, triplesPath: kg, linksPath: links)
        #expect(d.items.count == 4)
        #expect(d.train.count == 2)  // the rating-3 row is dropped
        #expect(Array(d.train.items(of: Int(d.users.id("1")!))) == [d.items.id("10")!])
        #expect(d.test[Int(d.users.id("2")!)] == [d.items.id("10")!])
        let g = try #require(d.knowledgeGraph)
        #expect(g.linkedItemCount == 2)
        // Items 10 and 12 share (directed_by, m.x): one feature of two items.
        let f = g.itemFeatures()
        #expect(f.rowCount == 1)
        #expect(Array(f.row(0)) == [d.items.id("10")!, d.items.id("12")!])
    }

    @Test func reportsFileLineAndColumn() throws {
        let train = try write("bad.tsv", "user_id\titem_id\trating\n1\t10\tfive\n")
        let test = try write("t.tsv", "1\t10\n")
        #expect(throws: RecommenderDataError.notANumber(path: train, line: 2, column: 3, text: "five")) {
            try RecommendationDataset.load(trainPath: train, testPath: test, itemsPath: nil, triplesPath: nil, linksPath: nil)
        }
        let items = try write("items2.tsv", "item_id\n10\n")
        let unknown = try write("unknown.tsv", "1\t10\n1\t99\n")
        #expect(throws: RecommenderDataError.unknownItem(path: unknown, line: 2, item: "99")) {
            try RecommendationDataset.load(trainPath: unknown, testPath: test, itemsPath: items, triplesPath: nil, linksPath: nil)
        }
        let short = try write("short.tsv", "1\n")
        #expect(throws: RecommenderDataError.tooFewFields(path: short, line: 1, expected: 2, found: 1)) {
            try RecommendationDataset.load(trainPath: short, testPath: test, itemsPath: nil, triplesPath: nil, linksPath: nil)
        }
    }
}
