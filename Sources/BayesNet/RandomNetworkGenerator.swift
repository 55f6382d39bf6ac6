import Foundation

/// Generates random networks for benchmarks: variable `i` takes up to `maxParents` parents among
/// the `window` variables before it, so the window bounds the moral graph's treewidth; CPT
/// columns are drawn from a flat Dirichlet. Same parameters and seed, same network.
public struct RandomNetworkGenerator: Sendable {
    public var variableCount: Int
    public var maxParents: Int
    public var window: Int
    public var cardinalities: ClosedRange<Int>

    public init(variableCount: Int, maxParents: Int = 3, window: Int = 8, cardinalities: ClosedRange<Int> = 2...4) {
        self.variableCount = variableCount
        self.maxParents = maxParents
        self.window = window
        self.cardinalities = cardinalities
    }

    public func generate(seed: UInt64) throws -> BayesianNetwork {
        var rng = SplitMixGenerator(seed: seed)
        let n = variableCount
        let cards = (0..<n).map { _ in Int.random(in: cardinalities, using: &rng) }
        let variables = (0..<n).map { i in Variable(name: "X\(i)", states: (0..<cards[i]).map { "s\($0)" }) }
        var tables: [ConditionalProbabilityTable] = []
        for i in 0..<n {
            let candidates = Array(max(0, i - window)..<i)
            let k = candidates.isEmpty ? 0 : Int.random(in: 0...min(maxParents, candidates.count), using: &rng)
            let parents = Array(candidates.shuffled(using: &rng).prefix(k)).sorted()
            let q = parents.reduce(1) { $0 * cards[$1] }
            var values = [Double](repeating: 0, count: q * cards[i])
            for c in 0..<q {
                var sum = 0.0
                for s in 0..<cards[i] {
                    let g = -log(1 - rng.nextUnit())  // Gamma(1) = Exp(1)
                    values[c * cards[i] + s] = g
                    sum += g
                }
                for s in 0..<cards[i] { values[c * cards[i] + s] /= sum }
            }
            tables.append(ConditionalProbabilityTable(variable: i, cardinality: cards[i], parents: parents,
                                                      parentCardinalities: parents.map { cards[$0] }, values: values))
        }
        return try BayesianNetwork(name: "random-\(n)-w\(window)-p\(maxParents)-s\(seed)", variables: variables, tables: tables)
    }
}
