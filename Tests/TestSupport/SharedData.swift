import Foundation

/// Locates the read-only `../shared` folder (conformance suites, benchmark data).
///
/// Tests that need it skip cleanly, with a message, when it is absent.
public enum SharedData {
    /// The `shared` directory beside the repository checkout, or `KGREC_SHARED` when set.
    public static var root: URL? {
        if let env = ProcessInfo.processInfo.environment["KGREC_SHARED"] {
            let url = URL(fileURLWithPath: env)
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        // #filePath = <repo>/Tests/TestSupport/SharedData.swift
        let repo = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = repo.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: shared.path) ? shared : nil
    }

    /// The repository root (for shipped ontologies and dataset samples).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `root/relative` if it exists.
    public static func path(_ relative: String) -> URL? {
        guard let r = root else { return nil }
        let u = r.appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: u.path) ? u : nil
    }
}
