import Foundation
import Hummingbird
import Logging
import HummingbirdTesting
import KnowledgeGraph
import Recommender
import Server
import Store
import TestSupport

/// A store built from the committed tiny RecBole sample (3 users, 4 items, a small KG) with
/// trained, registered hybrid models, and a server over it.
final class ServerFixture: Sendable {
    let storePath: String
    let server: KGRecServer

    /// Builds the store and registers `models` hybrid models (different seeds); the server is
    /// created with the model not loaded unless `load`.
    static func make(models: Int = 1, load: Bool = true, configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> ServerFixture {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kgrec-server-\(UUID().uuidString)").path
        let store = try KGStore.open(at: path, create: true)
        var options = RecBoleDataset.Options()
        options.namespace = IdentifierNamespace("http://rdf.freebase.com/ns/")
        _ = try store.importRecBole(
            directory: TestData.repositoryRoot.appendingPathComponent("datasets/samples/tiny-recbole").path, format: options)
        for seed in 0..<models { try registerModel(store, seed: UInt64(seed + 1)) }
        var configuration = ServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        let fixture = ServerFixture(storePath: path, server: KGRecServer(configuration: configuration, loader: ServingModelLoader(storePath: path)))
        if load { _ = try await fixture.server.state.reloader.reload() }
        return fixture
    }

    private init(storePath: String, server: KGRecServer) {
        self.storePath = storePath
        self.server = server
    }

    deinit { try? FileManager.default.removeItem(atPath: storePath) }

    /// Trains a hybrid model on the store's positives and registers it (what `kgrec train --store` does).
    static func registerModel(_ store: KGStore, seed: UInt64) throws {
        let catalogue = try StoreCatalogue.load(from: store)
        var configuration = HybridConfiguration()
        configuration.seed = seed
        let (model, _) = try HybridTrainer.train(catalogue.positives(ratingThreshold: 4), knowledgeGraph: catalogue.knowledgeGraph,
                                                 configuration: configuration)
        try store.registerModel(kind: "hybrid", configuration: configuration, metrics: ["seed": Int(seed)]) { directory in
            try HybridModelFile.save(model, directory: directory)
        }
    }

    /// Registers one more model in the fixture's store.
    func registerAnotherModel(seed: UInt64) throws {
        try Self.registerModel(try KGStore.open(at: storePath, create: false), seed: seed)
    }

    /// The application without the start-up load service and signal handler (tests load explicitly).
    func application() -> some ApplicationProtocol {
        var logger = Logger(label: "kgrec.test")
        logger.logLevel = .critical
        return server.application(logger: logger, loadAtStart: false, reloadOnSIGHUP: false)
    }
}

extension TestResponse {
    /// The body parsed as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// `error.code` of a JSON error answer.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }

    /// `error.field` of a JSON error answer (nil when absent or null).
    var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }

    var text: String { String(buffer: body) }
}

extension ByteBuffer {
    /// A JSON request body.
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}
