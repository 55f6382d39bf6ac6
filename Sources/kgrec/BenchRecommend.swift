import ArgumentParser
import Embedding
import Recommender

/// `kgrec bench recommend`: latency of one warm top-k over a large catalogue through the embedding
/// path (one SIMD pass over `items × dim` floats + a bounded heap), beside the time to merely read
/// the item matrix once (the floor for any exact top-k), on synthetic vectors.
struct BenchRecommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Top-k latency over a synthetic catalogue (embedding scoring + bounded heap), with the read-once floor."
    )

    @Option(help: "Catalogue size.") var items: Int = 100_000
    @Option(help: "Vector dimension.") var dim: Int = 64
    @Option(help: "Users queried (each a distinct random vector).") var users: Int = 200
    @Option(help: "k.") var k: Int = 10
    @Option(help: "Seed.") var seed: UInt64 = 42

    func validate() throws {
        guard items > 0, dim > 0, users > 0, k > 0 else { throw ValidationError("--items, --dim, --users and -k must be positive") }
    }

    func run() throws {
        var rng = Xoshiro256StarStar(seed: seed)
        let itemVectors = (0..<(items * dim)).map { _ in rng.nextUnitFloat() * 2 - 1 }
        let userVectors = (0..<(users * dim)).map { _ in rng.nextUnitFloat() * 2 - 1 }
        let scorer = DotProductScorer(dimension: dim, users: userVectors, items: itemVectors)
        let clock = ContinuousClock()
        var scores = [Float](repeating: 0, count: items)
        var sink: Float = 0
        var topK: [Double] = [], readOnce: [Double] = []
        for pass in 0..<3 {
            for u in 0..<users {
                let t0 = clock.now
                let top = scores.withUnsafeMutableBufferPointer { buf in
                    scorer.scores(user: u, into: buf)
                    return TopKSelector.select(UnsafeBufferPointer(buf), k: k)
                }
                let t1 = clock.now
                sink += top.first?.score ?? 0
                // Floor: a SIMD sum over the same item matrix (same bytes read, no scoring work).
                let t2 = clock.now
                sink += scorer.itemBlocks.withUnsafeBufferPointer { b in
                    let raw = UnsafeRawPointer(b.baseAddress!)
                    var acc = SIMD8<Float>.zero
                    for c in 0..<(b.count / 8) { acc += raw.loadUnaligned(fromByteOffset: c &* 32, as: SIMD8<Float>.self) }
                    return acc.sum()
                }
                let t3 = clock.now
                if pass > 0 {  // the first pass warms caches and pages
                    topK.append(Self.ms(t1 - t0))
                    readOnce.append(Self.ms(t3 - t2))
                }
            }
        }
        topK.sort(); readOnce.sort()
        let mb = Double(scorer.itemBlocks.count * 4) / 1e6
        print("catalogue \(items) items × dim \(dim) (\(String(format: "%.1f", mb)) MB of item vectors), k \(k), \(topK.count) queries")
        print(String(format: "top-%d: median %.3f ms, p99 %.3f ms", k, topK[topK.count / 2], topK[topK.count * 99 / 100]))
        print(String(format: "read the item matrix once: median %.3f ms (%.1f GB/s)", readOnce[readOnce.count / 2], mb / 1e3 / (readOnce[readOnce.count / 2] / 1e3)))
        if sink == .infinity { print("") }
    }

    static func ms(_ d: Duration) -> Double { (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) * 1e3 }
}
