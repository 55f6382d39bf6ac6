import ArgumentParser
import RDF

/// `kgrec convert FILE --to ntriples`: streams an RDF file to canonical N-Triples on stdout.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert an RDF file (RDF/XML, N-Triples or Turtle) to N-Triples on stdout."
    )

    @Argument(help: "The RDF file to read.")
    var file: String

    @Option(help: "Input format (auto detects by extension, then content).")
    var from: InputFormatOption = .auto

    @Option(help: "Base IRI for relative references (default: the file's file:// IRI).")
    var base: String?

    @Option(help: "Output format.")
    var to: OutputFormatOption = .ntriples

    func run() throws {
        try reportingErrors {
            var writer = NTriplesWriter(fileDescriptor: 1)
            try RDFReader.parse(fileAt: file, format: from.format, base: base, into: &writer)
            try writer.flush()
        }
    }
}
