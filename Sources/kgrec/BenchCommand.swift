import ArgumentParser

/// `kgrec bench …`: benchmarks that print figures (never run in the test suite).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks: parsing, training, inference. Build with -c release for any figure.",
        subcommands: [BenchParse.self, BenchGenerateRDFXML.self, BenchGenerateTurtle.self, BenchImport.self, BenchTrain.self, BenchRecommend.self, BenchExplain.self]
    )
}
