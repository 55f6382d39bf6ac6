/// User–item interactions read from a CSV/TSV or RecBole `.inter` file.
///
/// Rows are kept as parallel arrays; a missing value or timestamp is `nil`.
public struct InteractionTable: Sendable {
    public var users: [String] = []
    public var items: [String] = []
    public var values: [Double?] = []
    public var timestamps: [Double?] = []
    /// Rows dropped because their value was below the minimum.
    public var belowMinimum = 0
    /// Data rows in the file (kept, below the minimum, or skipped as malformed).
    public var rowsRead = 0

    public init() {}

    public var count: Int { users.count }

    /// Which columns to read and how.
    public struct Options: Sendable {
        public var userColumn: String
        public var itemColumn: String
        public var valueColumn: String?
        public var timeColumn: String?
        /// Field separator; nil guesses from the header (tab if present, else comma).
        public var delimiter: UInt8?
        /// Rows whose value is below this are not imported (needs `valueColumn`).
        public var minValue: Double?
        /// The header must be RecBole `name:type`.
        public var atomicHeader: Bool

        public init(
            userColumn: String, itemColumn: String, valueColumn: String? = nil, timeColumn: String? = nil,
            delimiter: UInt8? = nil, minValue: Double? = nil, atomicHeader: Bool = false
        ) {
            self.userColumn = userColumn
            self.itemColumn = itemColumn
            self.valueColumn = valueColumn
            self.timeColumn = timeColumn
            self.delimiter = delimiter
            self.minValue = minValue
            self.atomicHeader = atomicHeader
        }
    }

    /// Reads `file` (which must have a header line).
    public static func read(
        _ file: DelimitedFile, options: Options, diagnostics: inout RowDiagnostics, progress: ProgressHandler? = nil
    ) throws(ImportError) -> InteractionTable {
        let delimiter = options.delimiter ?? file.guessDelimiter()
        let header = try TableHeader(of: file, delimiter: delimiter, atomic: options.atomicHeader)
        let ui = try header.require(options.userColumn, file: file.path)
        let ii = try header.require(options.itemColumn, file: file.path)
        let vi = try options.valueColumn.map { (c) throws(ImportError) in try header.require(c, file: file.path) }
        let ti = try options.timeColumn.map { (c) throws(ImportError) in try header.require(c, file: file.path) }
        if options.minValue != nil && vi == nil {
            throw .badOption(name: "--min-value", value: "\(options.minValue!)", expected: "a value column to compare with")
        }
        let names = header.columns.map(\.name)
        var table = InteractionTable()
        let estimate = file.bytes.count / 24
        table.users.reserveCapacity(estimate); table.items.reserveCapacity(estimate)
        table.values.reserveCapacity(estimate); table.timestamps.reserveCapacity(estimate)
        table.rowsRead = try TableRows.forEach(
            file, delimiter: delimiter, hasHeader: true, fieldCount: header.columns.count,
            diagnostics: &diagnostics, progress: progress
        ) { (record) throws(ImportError) in
            let u = try TableRows.text(record, ui, column: names[ui])
            let i = try TableRows.text(record, ii, column: names[ii])
            let v = try vi.flatMap { (k) throws(ImportError) in try TableRows.number(record, k, column: names[k], optional: true) }
            let t = try ti.flatMap { (k) throws(ImportError) in try TableRows.number(record, k, column: names[k], optional: true) }
            if let m = options.minValue {
                guard let v else {
                    throw .badValue(file: record.file, line: record.line, column: names[vi!], value: "",
                                    expected: "a number to compare with --min-value")
                }
                if v < m { table.belowMinimum += 1; return }
            }
            table.users.append(u)
            table.items.append(i)
            table.values.append(v)
            table.timestamps.append(t)
        }
        return table
    }
}
