import Foundation
import Testing
import TestSupport
@testable import BayesNet

@Suite("BIF writer")
struct BIFWriterTests {
    @Test(arguments: ["asia", "cancer", "sachs", "child", "insurance", "quirks", "dog-problem"])
    func roundTrip(name: String) throws {
        let net = try fixtureNetwork(name)
        let text = try BIFWriter.string(for: net)
        let back = try BIFReader.parse(text, normalize: false)
        #expect(back.variables == net.variables)
        #expect(back.tables == net.tables)
    }

    @Test func awkwardNamesAreQuoted() throws {
        let net = try BayesianNetwork(
            name: "odd net",
            variables: [Variable(name: "a b", states: ["<5", "x,y", "c//d"]), Variable(name: "table", states: ["0", "1"])],
            tables: [
                ConditionalProbabilityTable(variable: 0, cardinality: 3, parents: [], parentCardinalities: [], values: [0.2, 0.3, 0.5]),
                ConditionalProbabilityTable(variable: 1, cardinality: 2, parents: [0], parentCardinalities: [3],
                                            values: [0.1, 0.9, 1e-300, 1, 0.25, 0.75]),
            ])
        let back = try BIFReader.parse(try BIFWriter.string(for: net), normalize: false)
        #expect(back.variables == net.variables)
        #expect(back.tables == net.tables)
        #expect(back.name == "odd net")
        #expect(throws: BIFWriter.WriteError.self) {
            try BIFWriter.string(for: try BayesianNetwork(variables: [Variable(name: "q\"", states: ["a"])],
                tables: [ConditionalProbabilityTable(variable: 0, cardinality: 1, parents: [], parentCardinalities: [], values: [1])]))
        }
    }

    @Test
    func writesFileAtomically() throws {
        let net = try fixtureNetwork("child")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bayesnet-writer-\(UInt64.random(in: 0...UInt64.max)).bif")
        defer { try? FileManager.default.removeItem(at: url) }
        try BIFWriter.write(net, to: url)
        #expect(try BIFReader.read(contentsOf: url, normalize: false).tables == net.tables)
    }
}
