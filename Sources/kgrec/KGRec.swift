import ArgumentParser
import Store

@main
struct KGRec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kgrec",
        abstract: "A knowledge-graph hybrid recommender.",
        version: KGRecRelease.version,
        subcommands: [Convert.self, Stats.self, Import.self, Dataset.self, Train.self, Recommend.self, Explain.self, Feedback.self, Export.self, Eval.self, Serve.self, Bayes.self, Bench.self, Text.self]
    )
}
