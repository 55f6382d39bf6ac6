import Foundation
import Testing
import TestSupport
@testable import BayesNet

/// One variable of an oracle `model.json`.
struct OracleModelVariable: Decodable {
    var name: String
    var states: [String]
    var parents: [String]
    var values: [[Double]]
}

struct OracleModel: Decodable {
    var variables: [OracleModelVariable]
}

@Suite("BIF reader")
struct BIFReaderTests {

    @Test(arguments: ["asia", "cancer", "sachs", "child", "insurance", "quirks", "dog-problem"])
    func parsesLikeThePgmpyModel(name: String) throws {
        let raw = try fixtureNetwork(name, normalize: false)
        let normalized = try fixtureNetwork(name)
        let modelURL = try #require(TestData.path("bayesnet/oracle/\(name).model.json"))
        let model = try JSONDecoder().decode(OracleModel.self, from: Data(contentsOf: modelURL))
        #expect(raw.count == model.variables.count)
        for mv in model.variables {
            let v = try raw.requireIndex(mv.name)
            #expect(raw.variables[v].states == mv.states, "\(mv.name) states")
            #expect(raw.parents(of: v).map { raw.variables[$0].name } == mv.parents, "\(mv.name) parents")
            // Exactly as written in the file (pgmpy does not renormalise the model it exports).
            #expect(raw.tables[v].stateMajorMatrix == mv.values, "\(mv.name) values")
            // Renormalised: columns sum to 1 and move by at most the files' rounding.
            let t = normalized.tables[v]
            for c in 0..<t.configurationCount {
                var sum = 0.0
                for s in 0..<t.cardinality {
                    sum += t.probability(state: s, configuration: c)
                    #expect(abs(t.probability(state: s, configuration: c) - mv.values[s][c]) < 1e-6)
                }
                #expect(abs(sum - 1) < 1e-12)
            }
        }
    }

    @Test
    func quirksFixtureDetails() throws {
        let net = try fixtureNetwork("quirks")
        let age = try net.requireIndex("Age"), xray = try net.requireIndex("Xray"), pigs = try net.requireIndex("Pigs")
        #expect(net.variables[age].states == ["<5", "5-12", "12+"])
        #expect(net.variables[xray].states == ["Asy/Patch", "Transp.", ">=7.5", "DISCRETE"])
        #expect(net.variables[pigs].states == ["0", "1", "2"])
        #expect(net.index(of: "Grunting") != nil)
        // Row "(12+, 0) 9.999e-01, 1.0e-04, 0.0, 0.0" given out of order and in scientific notation.
        let t = net.tables[xray]
        let c = t.configuration(parentStates: [2, 0])
        #expect(t.probability(state: 0, configuration: c) == 0.9999)
        #expect(t.probability(state: 1, configuration: c) == 0.0001)
        // `default` row of a root.
        #expect(net.tables[pigs].values == [0.2, 0.3, 0.5])
    }

    @Test func dogProblemHeaderWithoutBarAndConditionalTable() throws {
        let net = try BIFReader.parse("""
            network "N" { property "x" ; }
            variable "a b" { type discrete[2] { "t" "f" }; }
            variable c { type discrete [ 2 ] { t, f }; property "position = (1, 2)" ; }
            probability ( c "a b" ) { table 0.9 0.2 0.1 0.8 ; }
            probability ( "a b" ) { table 0.3 0.7 ; }
            """)
        let c = try net.requireIndex("c")
        #expect(net.parents(of: c) == [try net.requireIndex("a b")])
        #expect(net.tables[c].stateMajorMatrix == [[0.9, 0.2], [0.1, 0.8]])
        #expect(net.name == "N")
    }

    @Test func defaultFillsUnlistedConditionalRows() throws {
        let net = try BIFReader.parse("""
            variable a { type discrete [ 3 ] { x, y, z }; }
            variable b { type discrete [ 2 ] { t, f }; }
            probability ( a ) { table 0.2, 0.3, 0.5; }
            probability ( b | a ) { (y) 0.9, 0.1; default 0.5 0.5; }
            """)
        #expect(net.tables[1].values == [0.5, 0.5, 0.9, 0.1, 0.5, 0.5])
    }

    @Test func normalizesColumnsOnImport() throws {
        let text = """
            variable a { type discrete [ 2 ] { x, y }; }
            probability ( a ) { table 0.3000001, 0.7; }
            """
        let net = try BIFReader.parse(text)
        #expect(abs(net.tables[0].values[0] + net.tables[0].values[1] - 1) < 1e-15)
        #expect(try BIFReader.parse(text, normalize: false).tables[0].values == [0.3000001, 0.7])
    }

    // MARK: errors name the position and what was expected

    private func error(_ text: String) -> BIFError? {
        do {
            _ = try BIFReader.parse(text, file: "t.bif")
            return nil
        } catch let e as BIFError {
            return e
        } catch {
            return nil
        }
    }

    @Test func unknownParentStateIsReportedWithPosition() {
        let e = error("""
            variable a { type discrete [ 2 ] { x, y }; }
            variable b { type discrete [ 2 ] { t, f }; }
            probability ( a ) { table 0.5, 0.5; }
            probability ( b | a ) {
              (x) 0.9, 0.1;
              (w) 0.2, 0.8;
            }
            """)
        #expect(e == .unknownState(variable: "a", state: "w", expected: ["x", "y"],
                                   at: TextPosition(file: "t.bif", line: 6, column: 4)))
        #expect(e?.description.contains("t.bif:6:4") == true)
    }

    @Test func badNumberAndWrongCounts() {
        #expect(error("""
            variable a { type discrete [ 2 ] { x, y }; }
            probability ( a ) { table 0.5, zero; }
            """) == .invalidNumber(text: "zero", at: TextPosition(file: "t.bif", line: 2, column: 32)))
        #expect(error("""
            variable a { type discrete [ 2 ] { x, y }; }
            probability ( a ) { table 0.5, 0.2, 0.3; }
            """) == .valueCountMismatch(variable: "a", expected: 2, found: 3, at: TextPosition(file: "t.bif", line: 2, column: 21)))
        #expect(error("variable a { type discrete [ 3 ] { x, y }; }")
                == .stateCountMismatch(variable: "a", declared: 3, listed: 2, at: TextPosition(file: "t.bif", line: 1, column: 34)))
    }

    @Test func structuralErrors() {
        #expect(error("variable a { type discrete [ 2 ] { x, y }; }")
                == .missingProbability(variable: "a", declaredAt: TextPosition(file: "t.bif", line: 1, column: 10)))
        #expect(error("""
            variable a { type discrete [ 2 ] { x, y }; }
            probability ( a | q ) { table 0.5, 0.5; }
            """) == .unknownVariable(name: "q", at: TextPosition(file: "t.bif", line: 2, column: 19)))
        #expect(error("""
            variable a { type discrete [ 2 ] { x, y }; }
            variable b { type discrete [ 2 ] { x, y }; }
            probability ( a | b ) { (x) 0.5, 0.5; }
            probability ( b ) { table 0.5, 0.5; }
            """) == .missingRow(variable: "a", parentStates: ["y"], at: TextPosition(file: "t.bif", line: 3, column: 15)))
        #expect(error("""
            variable a { type discrete [ 2 ] { x, y }; }
            variable b { type discrete [ 2 ] { x, y }; }
            probability ( a | b ) { table 0.5, 0.5, 0.5, 0.5; }
            probability ( b | a ) { table 0.5, 0.5, 0.5, 0.5; }
            """) == .cycle(variables: ["a", "b", "a"]))
        #expect(error("variable a { type discrete [ 2 ] { x, y } }")
                == .unexpectedToken(found: "'}'", expected: "';' after the state list", at: TextPosition(file: "t.bif", line: 1, column: 43)))
        #expect(error("variable a { type discrete [ 2 ] { x, y };")
                == .unexpectedEndOfFile(expected: "'type', 'property' or '}' in variable 'a'", at: TextPosition(file: "t.bif", line: 1, column: 43)))
        #expect(error("network x { } /* open comment")
                == .unexpectedEndOfFile(expected: "'*/' closing the comment", at: TextPosition(file: "t.bif", line: 1, column: 15)))
        #expect(error("""
            variable a { type discrete [ 2 ] { x, y }; }
            probability ( a ) { table -0.5, 1.5; }
            """) == .invalidProbability(variable: "a", parentStates: [], reason: "value -0.5 is not a probability",
                                        at: TextPosition(file: "t.bif", line: 2, column: 15)))
    }

    @Test func unreadableFile() {
        #expect(throws: BIFError.self) { try BIFReader.read(contentsOf: URL(fileURLWithPath: "/nonexistent/x.bif")) }
    }
}
