import Crypto
import Foundation

/// Writes split files into a directory together with their `SHA256SUMS`
/// (`<hex digest>  <name>` per line, sorted by name — the format `sha256sum -c` checks).
public enum SplitDirectory {
    /// The `SHA256SUMS` text for `files`.
    public static func checksums(of files: [ReferenceSplits.File]) -> String {
        files.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            .map { "\(hexDigest($0.contents))  \($0.name)" }
            .joined(separator: "\n") + "\n"
    }

    /// Lowercase hexadecimal SHA-256 of `data`.
    public static func hexDigest(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Writes every file and `SHA256SUMS` into `directory` (created if missing). Each file is
    /// written to a temporary name and renamed, so a reader never sees a half-written split.
    /// Files of the same name are replaced; nothing else in the directory is touched.
    public static func write(_ files: [ReferenceSplits.File], to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sums = ReferenceSplits.File(name: "SHA256SUMS", contents: Data(checksums(of: files).utf8))
        for file in files + [sums] {
            try file.contents.write(to: directory.appendingPathComponent(file.name), options: .atomic)
        }
    }
}
