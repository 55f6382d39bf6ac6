import ArgumentParser
import Embedding
import Foundation
import Store

/// `kgrec export …`: write what the store holds in formats other tools read.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export store contents (trained embeddings) for other tools.",
        subcommands: [ExportEmbeddings.self, ExportExplanations.self]
    )
}

/// `kgrec export embeddings --store DIR [--model ID] --format tsv|npy --out PATH`: the entity and
/// relation vectors of a registered TransE model with the store's identifiers and labels.
struct ExportEmbeddings: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embeddings",
        abstract: "Write a trained model's entity and relation vectors with identifiers and labels.",
        discussion: """
            tsv: one file, header kind<TAB>id<TAB>name<TAB>label<TAB>v0…v(d-1), entities then relations.
            npy: --out is a directory (created if missing) receiving entities.npy and relations.npy (float32, shape (n, d), \
            numpy.load reads them) and entities.tsv / relations.tsv (header id<TAB>name<TAB>label; line i+1 describes row i).
            `id` is the store's dense id, `name` the IRI (or identifier), `label` the entity's display label (empty if none).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case tsv, npy }

    @OptionGroup var storeOption: StoreOption
    @Option(help: "Registry id of the model (default: the latest model of kind 'transe').") var model: Int?
    @Option(help: "Output format: tsv | npy.") var format: Format
    @Option(help: "Output path: a file for tsv, a directory for npy.") var out: String

    func run() throws {
        try reportingErrors {
            let store = try KGStore.open(at: storeOption.path, create: false)
            let record: ModelRecord
            if let model {
                guard let r = try store.model(id: model) else { throw ExportCommandError.noSuchModel(store: store.directory, id: model) }
                record = r
            } else {
                guard let r = try store.latestModel(kind: Train.transEKind) else { throw ExportCommandError.noModel(store: store.directory) }
                record = r
            }
            guard record.kind == Train.transEKind else {
                throw ExportCommandError.notEmbeddings(id: record.id, kind: record.kind)
            }
            let bundle = try TrainedModelBundle.read(from: store.modelDirectory(id: record.id))
            let trained = bundle.model
            let graph = store.graph
            // Entity ids only grow across imports: a model trained on an older generation covers a
            // prefix of today's ids, and its rows keep their meaning.
            guard trained.entityCount <= graph.entities.count, trained.relationCount <= graph.relations.count else {
                throw ExportCommandError.modelDoesNotMatchGraph(id: record.id, entities: trained.entityCount, relations: trained.relationCount,
                                                                 graphEntities: graph.entities.count, graphRelations: graph.relations.count)
            }
            let labels = try store.entityLabels()
            let entities = ExportNames(identifiers: (0..<trained.entityCount).map { graph.entities.string(for: Int32($0)) },
                                       labels: (0..<trained.entityCount).map { labels[$0] ?? "" })
            let relations = ExportNames(identifiers: (0..<trained.relationCount).map { graph.relations.string(for: Int32($0)) })
            switch format {
            case .tsv:
                try EmbeddingExport.writeTSV(trained, entities: entities, relations: relations, to: out)
            case .npy:
                do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
                    throw ExportCommandError.cannotCreate(path: out, reason: error.localizedDescription)
                }
                try EmbeddingExport.writeNumpy(trained, entities: entities, relations: relations, directory: out)
            }
            writeStandardError("exported model \(record.id) (\(trained.entityCount) entities, \(trained.relationCount) relations, dim \(trained.dimension)) to \(out)\n")
        }
    }
}

/// Why `kgrec export embeddings` failed.
enum ExportCommandError: Error, CustomStringConvertible {
    case noModel(store: String)
    case noSuchModel(store: String, id: Int)
    case notEmbeddings(id: Int, kind: String)
    case modelDoesNotMatchGraph(id: Int, entities: Int, relations: Int, graphEntities: Int, graphRelations: Int)
    case cannotCreate(path: String, reason: String)

    var description: String {
        switch self {
        case .noModel(let s): return "\(s): no trained TransE model in the store (run `kgrec train --store \(s) --kg-only` first)"
        case .noSuchModel(let s, let id): return "\(s): no model with id \(id) in the registry"
        case .notEmbeddings(let id, let kind): return "model \(id) is of kind '\(kind)', which has no graph embeddings to export (need kind 'transe')"
        case .modelDoesNotMatchGraph(let id, let e, let r, let ge, let gr):
            return "model \(id) has \(e) entity and \(r) relation rows but the store's graph has only \(ge) entities and \(gr) relations"
        case .cannotCreate(let p, let reason): return "\(p): cannot create directory: \(reason)"
        }
    }
}
