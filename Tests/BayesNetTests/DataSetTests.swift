import Foundation
import Testing
@testable import BayesNet

@Suite("CSV data sets")
struct DataSetTests {
    private func error(_ csv: String, schema: [Variable]? = nil) -> DataFileError? {
        do {
            _ = try DiscreteDataSet.parseCSV(Array(csv.utf8), file: "d.csv", schema: schema)
            return nil
        } catch let e as DataFileError {
            return e
        } catch {
            return nil
        }
    }

    @Test func inferredStatesAreSortedAndQuotesHandled() throws {
        let d = try DiscreteDataSet.parseCSV(Array("a,\"b c\"\r\nyes,\"x,1\"\nno, y \n\n".utf8))
        #expect(d.variables.map(\.name) == ["a", "b c"])
        #expect(d.variables[0].states == ["no", "yes"])
        #expect(d.variables[1].states == ["x,1", "y"])
        #expect(d.columns[0] == [1, 0])
        #expect(d.rowCount == 2)
    }

    @Test func schemaOrderAndErrors() throws {
        let schema = [Variable(name: "b", states: ["t", "f"]), Variable(name: "a", states: ["x", "y"])]
        let d = try DiscreteDataSet.parseCSV(Array("a,b,extra\ny,t,1\nx,f,2\n".utf8), schema: schema)
        #expect(d.columns == [[0, 1], [1, 0]])
        #expect(error("a,b\ny,t\nx,maybe\n", schema: schema)
                == .unknownState(variable: "b", value: "maybe", expected: ["t", "f"], at: TextPosition(file: "d.csv", line: 3, column: 3)))
        #expect(error("a,b\ny,t,1\n") == .fieldCountMismatch(at: TextPosition(file: "d.csv", line: 2, column: 1), expected: 2, found: 3))
        #expect(error("a\n", schema: schema) == .missingColumn(name: "b", path: "d.csv"))
        #expect(error("") == .emptyFile(path: "d.csv"))
        #expect(error("a,b\ny,\n") == .emptyField(variable: "b", at: TextPosition(file: "d.csv", line: 2, column: 3)))
        #expect(error("a,b\n\"y,t\n") == .unterminatedQuote(at: TextPosition(file: "d.csv", line: 2, column: 1)))
        #expect(error("a,a\nx,y\n") == .duplicateColumn(name: "a", at: TextPosition(file: "d.csv", line: 1, column: 3)))
    }
}
