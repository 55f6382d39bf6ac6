import ArgumentParser
import RDF

/// `--from rdfxml|ntriples|turtle|auto`.
enum InputFormatOption: String, ExpressibleByArgument, CaseIterable {
    case auto, rdfxml, ntriples, turtle

    var format: RDFFormat? {
        switch self {
        case .auto: return nil
        case .rdfxml: return .rdfXML
        case .ntriples: return .nTriples
        case .turtle: return .turtle
        }
    }
}

/// `--to ntriples` (the only output serialisation so far).
enum OutputFormatOption: String, ExpressibleByArgument, CaseIterable {
    case ntriples
}
