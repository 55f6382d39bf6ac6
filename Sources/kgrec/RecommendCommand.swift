import ArgumentParser

/// `kgrec recommend …`: top-k recommendations.
struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recommend items (cold start from user attributes; warm users come with the hybrid model).",
        subcommands: [RecommendColdStart.self, RecommendStoreCold.self]
    )
}
