import Foundation

/// A table of discrete observations: one column per variable, each value a state index.
///
/// Read from CSV with a header line; fields may be double-quoted (`""` escapes a quote) and are
/// trimmed of surrounding spaces. Missing values are not supported (an empty field is an error).
public struct DiscreteDataSet: Sendable {
    /// The variables, with the states their columns index into.
    public let variables: [Variable]
    /// `columns[v][row]` is the state index of variable `v` in that row.
    public let columns: [[Int32]]

    /// Number of rows.
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// Builds a data set from columns of state indices (every column the same length, every
    /// index within its variable's states).
    public init(variables: [Variable], columns: [[Int32]]) {
        precondition(variables.count == columns.count, "one column per variable")
        precondition(Set(columns.map(\.count)).count <= 1, "columns of equal length")
        self.variables = variables
        self.columns = columns
    }

    /// The index of a variable by name.
    public func index(of name: String) -> Int? { variables.firstIndex { $0.name == name } }

    /// The rows in `range` as a new data set.
    public func rows(_ range: Range<Int>) -> DiscreteDataSet {
        DiscreteDataSet(variables: variables, columns: columns.map { Array($0[range]) })
    }

    /// Reads a CSV file. With a `schema`, every schema variable must have a column (extra columns
    /// are ignored) and every value must be one of its states; columns come in schema order.
    /// Without one, every column is a variable whose states are its distinct values, sorted.
    public static func readCSV(contentsOf url: URL, schema: [Variable]? = nil) throws -> DiscreteDataSet {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataFileError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        return try parseCSV([UInt8](data), file: url.path, schema: schema)
    }

    /// Parses CSV bytes (see `readCSV`).
    public static func parseCSV(_ bytes: [UInt8], file: String? = nil, schema: [Variable]? = nil) throws -> DiscreteDataSet {
        let path = file ?? "<input>"
        var records: [[String]] = []
        var recordLines: [Int] = []
        var fieldColumns: [[Int]] = []
        var line = 1
        var i = 0
        let n = bytes.count
        while i < n {
            // One record.
            var fields: [String] = []
            var cols: [Int] = []
            let recordLine = line
            var lineStart = i
            var blank = true
            while true {
                let col = i - lineStart + 1
                var field = [UInt8]()
                if i < n && bytes[i] == UInt8(ascii: "\"") {
                    blank = false
                    i += 1
                    var closed = false
                    while i < n {
                        if bytes[i] == UInt8(ascii: "\"") {
                            if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\"") { field.append(UInt8(ascii: "\"")); i += 2; continue }
                            i += 1
                            closed = true
                            break
                        }
                        if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
                        field.append(bytes[i])
                        i += 1
                    }
                    if !closed { throw DataFileError.unterminatedQuote(at: TextPosition(file: path, line: recordLine, column: col)) }
                    while i < n && bytes[i] != UInt8(ascii: ",") && bytes[i] != 0x0A { i += 1 }
                } else {
                    while i < n && bytes[i] != UInt8(ascii: ",") && bytes[i] != 0x0A {
                        field.append(bytes[i])
                        i += 1
                    }
                    while let last = field.last, last == 0x0D || last == 0x20 || last == 0x09 { field.removeLast() }
                    while let first = field.first, first == 0x20 || first == 0x09 { field.removeFirst() }
                    if !field.isEmpty { blank = false }
                }
                fields.append(String(decoding: field, as: UTF8.self))
                cols.append(col)
                if i < n && bytes[i] == UInt8(ascii: ",") { i += 1; blank = false; continue }
                if i < n { i += 1 }  // newline
                line += 1
                break
            }
            if blank && fields.count == 1 { continue }
            records.append(fields)
            recordLines.append(recordLine)
            fieldColumns.append(cols)
        }
        guard let header = records.first else { throw DataFileError.emptyFile(path: path) }
        var headerIndex: [String: Int] = [:]
        for (k, name) in header.enumerated() {
            if headerIndex.updateValue(k, forKey: name) != nil {
                throw DataFileError.duplicateColumn(name: name, at: TextPosition(file: path, line: recordLines[0], column: fieldColumns[0][k]))
            }
        }
        for r in 1..<records.count where records[r].count != header.count {
            throw DataFileError.fieldCountMismatch(at: TextPosition(file: path, line: recordLines[r], column: 1),
                                                   expected: header.count, found: records[r].count)
        }
        let variables: [Variable]
        let sourceColumn: [Int]
        if let schema {
            variables = schema
            sourceColumn = try schema.map { v in
                guard let k = headerIndex[v.name] else { throw DataFileError.missingColumn(name: v.name, path: path) }
                return k
            }
        } else {
            sourceColumn = Array(header.indices)
            variables = header.indices.map { k in
                Variable(name: header[k], states: Array(Set(records.dropFirst().map { $0[k] })).sorted())
            }
        }
        var columns: [[Int32]] = []
        columns.reserveCapacity(variables.count)
        for (v, variable) in variables.enumerated() {
            let k = sourceColumn[v]
            var lookup: [String: Int32] = [:]
            for (s, name) in variable.states.enumerated() { lookup[name] = Int32(s) }
            var column = [Int32]()
            column.reserveCapacity(records.count - 1)
            for r in 1..<max(records.count, 1) {
                let value = records[r][k]
                let at = TextPosition(file: path, line: recordLines[r], column: fieldColumns[r][k])
                if value.isEmpty { throw DataFileError.emptyField(variable: variable.name, at: at) }
                guard let s = lookup[value] else {
                    throw DataFileError.unknownState(variable: variable.name, value: value, expected: variable.states, at: at)
                }
                column.append(s)
            }
            columns.append(column)
        }
        return DiscreteDataSet(variables: variables, columns: columns)
    }
}
