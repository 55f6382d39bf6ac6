import Foundation

/// A trained model as the store keeps it under `models/<id>/`: the vectors
/// (`embeddings.kgemb`, ``EmbeddingFile`` format) and `training.json` with the configuration
/// that produced them, the epochs run and the measured metrics. Each file is written atomically,
/// vectors first, so a directory with a readable `training.json` always has its vectors.
///
/// `kgrec train --store` and `kgrec export embeddings --store` are thin layers over this type plus
/// the store's registry (which assigns the id and keeps entity/relation labels).
public struct TrainedModelBundle: Sendable {
    /// What `training.json` holds.
    public struct Record: Codable, Sendable, Equatable {
        public var format: String = "kgrec-transe"
        public var setup: TrainingSetup
        public var epochs: Int
        /// Figures such as `train_seconds`, `valid_mrr`, `triples_per_second`.
        public var metrics: [String: Double]

        public init(setup: TrainingSetup, epochs: Int, metrics: [String: Double]) {
            self.setup = setup
            self.epochs = epochs
            self.metrics = metrics
        }
    }

    public var model: TransE
    public var record: Record

    public init(model: TransE, record: Record) {
        self.model = model
        self.record = record
    }

    public static let embeddingsFile = "embeddings.kgemb"
    public static let recordFile = "training.json"

    /// Writes both files into `directory` (created if missing).
    public func write(to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw EmbeddingFileError.io(path: directory, operation: "mkdir", errno: Int32(truncatingIfNeeded: (error as NSError).code))
        }
        try EmbeddingFile.save(model, to: directory + "/" + Self.embeddingsFile)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(record)
        try AtomicFileWriter.writeAtomically(path: directory + "/" + Self.recordFile, bytes: Array(json))
    }

    /// Reads a bundle written by ``write(to:)``; the vectors are checksum-verified.
    public static func read(from directory: String) throws -> TrainedModelBundle {
        let model = try EmbeddingFile.load(from: directory + "/" + embeddingsFile)
        let path = directory + "/" + recordFile
        let bytes = try AtomicFileWriter.readAll(path: path)
        let record: Record
        do {
            record = try JSONDecoder().decode(Record.self, from: Data(bytes))
        } catch {
            throw EmbeddingFileError.invalidRecord(path: path, reason: String(describing: error))
        }
        guard record.setup.dimension == model.dimension, record.setup.distance == model.distance else {
            throw EmbeddingFileError.invalidRecord(
                path: path, reason: "training.json says dim \(record.setup.dimension) \(record.setup.distance.rawValue), vectors are dim \(model.dimension) \(model.distance.rawValue)")
        }
        return TrainedModelBundle(model: model, record: record)
    }
}
