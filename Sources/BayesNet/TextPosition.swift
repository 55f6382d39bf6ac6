/// A position in a text input: file (when known), 1-based line and 1-based column (in bytes).
public struct TextPosition: Sendable, Hashable, CustomStringConvertible {
    /// The file path, or `nil` for in-memory text.
    public var file: String?
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in UTF-8 bytes.
    public var column: Int

    public init(file: String?, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        "\(file ?? "<input>"):\(line):\(column)"
    }
}
