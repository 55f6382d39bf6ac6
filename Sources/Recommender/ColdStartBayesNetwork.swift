import BayesNet
import Foundation

/// How the cold-start network's edges are chosen.
public enum ColdStartStructure: String, CaseIterable, Sendable {
    /// taste → every attribute (naive Bayes: attributes independent given taste).
    case naive
    /// every attribute → taste (taste CPT conditioned on the full attribute combination).
    case parents
    /// Chow–Liu tree over attributes and taste, rooted at taste.
    case chowLiu = "chow-liu"
    /// Hill climbing on BIC (max in-degree 2), from the naive structure.
    case hillClimb = "hill-climb"
}

/// The `BayesNet` side of cold-start recommendation: learns the network over the training users'
/// attributes and taste clusters with the library's estimators (structure declared or searched,
/// parameters by BDeu counts), and answers taste posteriors with its exact variable elimination.
///
public struct ColdStartBayesNetwork: Sendable {
    public let network: BayesianNetwork
    /// Node index of each schema attribute.
    public let attributeNodes: [Int]
    public let tasteNode: Int

    /// Learns the network from the taste data. Training users with an unknown attribute are left
    /// out of the counts (the library's data sets have no missing values).
    public static func learn(schema: ColdStartAttributeSchema, taste data: ColdStartTasteData, structure: ColdStartStructure,
                      equivalentSampleSize ess: Double) throws -> ColdStartBayesNetwork {
        let tasteCount = data.clusters.count
        var variables = schema.names.indices.map { Variable(name: schema.names[$0], states: schema.states[$0]) }
        let tasteNode = variables.count
        variables.append(Variable(name: "taste", states: (0..<tasteCount).map { "c\($0)" }))
        var columns = [[Int32]](repeating: [], count: variables.count)
        for (r, evidence) in data.evidence.enumerated() {
            guard evidence.allSatisfy({ $0 != nil }) else { continue }
            for (a, s) in evidence.enumerated() { columns[a].append(Int32(s!)) }
            columns[tasteNode].append(data.taste[r])
        }
        let rows = DiscreteDataSet(variables: variables, columns: columns)
        let attributeNodes = Array(schema.names.indices)
        var parents = [[Int]](repeating: [], count: variables.count)
        switch structure {
        case .naive:
            for a in attributeNodes { parents[a] = [tasteNode] }
        case .parents:
            parents[tasteNode] = attributeNodes
        case .chowLiu:
            parents = ChowLiuTree.learn(rows, root: tasteNode)
        case .hillClimb:
            var start = parents
            for a in attributeNodes { start[a] = [tasteNode] }
            parents = HillClimbSearch(maxInDegree: 2).search(rows, start: start)
        }
        var counts = CountTable(variables: variables, parents: parents)
        try counts.add(rows)
        let network = try counts.estimate(.bdeu(equivalentSampleSize: ess), name: "kgrec_cold_start")
        return ColdStartBayesNetwork(network: network, attributeNodes: attributeNodes, tasteNode: tasteNode)
    }

    /// The same network in `Recommender`'s representation (for the enumeration reference engine).
    public func recommenderNetwork() throws -> ColdStartTasteNetwork {
        try ColdStartTasteNetwork(
            names: network.variables.map(\.name), cardinalities: network.variables.map(\.cardinality),
            parents: network.tables.map(\.parents), tables: network.tables.map(\.values),
            taste: tasteNode, attributeNodes: attributeNodes)
    }

    /// An inference engine answering P(taste | attributes) by variable elimination.
    public func variableElimination() -> ColdStartVariableElimination {
        ColdStartVariableElimination(engine: VariableElimination(network: network), tasteNode: tasteNode,
                                     attributeNodes: attributeNodes, tasteCount: network.variables[tasteNode].cardinality)
    }

    /// Writes the learned network as BIF.
    public func writeBIF(to path: String) throws {
        try BIFWriter.write(network, to: URL(fileURLWithPath: path))
    }
}

/// `ColdStartTasteInference` over the `BayesNet` library's variable elimination.
public struct ColdStartVariableElimination: ColdStartTasteInference {
    public var engine: VariableElimination
    public let tasteNode: Int
    public let attributeNodes: [Int]
    public let tasteCount: Int

    public mutating func tastePosterior(_ evidence: [Int?]) throws(ColdStartError) -> [Double] {
        var observed: [(variable: Int, state: Int)] = []
        for (a, s) in evidence.enumerated() { if let s { observed.append((attributeNodes[a], s)) } }
        do {
            return try engine.query(targets: [tasteNode], evidence: observed).marginals[0]
        } catch BayesNetError.impossibleEvidence {
            throw .impossibleEvidence
        } catch {
            throw .invalidNetwork(reason: "\(error)")
        }
    }
}
