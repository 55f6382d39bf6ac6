import Foundation
import Store
import Testing
import TestSupport

/// The version is written once (`KGRecRelease.version`); the changelog's newest release names it.
@Suite("Release version")
struct ReleaseVersionTests {
    @Test func changelogNamesTheVersion() throws {
        let changelog = try String(contentsOf: TestData.repositoryFile("CHANGELOG.md"), encoding: .utf8)
        let newest = changelog.split(separator: "\n").first { $0.hasPrefix("## [") && !$0.hasPrefix("## [Unreleased]") }
        #expect(newest?.hasPrefix("## [\(KGRecRelease.version)]") == true, "newest CHANGELOG release: \(newest ?? "none")")
    }

    @Test func versionIsSemantic() {
        let parts = KGRecRelease.version.split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil })
    }
}
