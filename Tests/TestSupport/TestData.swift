import Foundation

/// Locates the data the test suite ships with: `Tests/Fixtures` (W3C conformance suites,
/// Bayesian networks with their oracles, link-prediction sets, sentence-encoder references)
/// and the repository's own sample datasets and ontologies.
///
/// Everything a test reads is inside the repository, so no test depends on a folder beside
/// the checkout. A fixture that is missing is a broken checkout: callers use `#require`
/// (or `fixture(_:)`, which throws) and the test fails instead of skipping.
public enum TestData {
    /// The repository root (`Package.swift` lives here).
    public static var repositoryRoot: URL {
        // #filePath = <repo>/Tests/TestSupport/TestData.swift
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `Tests/Fixtures`.
    public static var fixtures: URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures")
    }

    /// `Tests/Fixtures/<relative>`, or nil when it does not exist.
    public static func path(_ relative: String) -> URL? {
        let url = fixtures.appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// `Tests/Fixtures/<relative>`; throws when the fixture is missing from the checkout.
    public static func fixture(_ relative: String) throws -> URL {
        guard let url = path(relative) else { throw MissingFixture(relative: relative) }
        return url
    }

    /// A repository file (`ontologies/film.rdf`, `datasets/samples/…`, `openapi/kgrec.json`).
    public static func repositoryFile(_ relative: String) -> URL {
        repositoryRoot.appendingPathComponent(relative)
    }
}

/// A fixture the test expected under `Tests/Fixtures` is not in the checkout.
public struct MissingFixture: Error, CustomStringConvertible {
    public var relative: String
    public var description: String { "Tests/Fixtures/\(relative) is missing from the checkout" }
}
