import ArgumentParser
import BayesNet
import Foundation

/// `kgrec bayes …`: discrete Bayesian networks — exact queries, learning from CSV, benchmarks.
struct Bayes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bayes",
        abstract: "Discrete Bayesian networks: exact inference, learning, benchmarks.",
        subcommands: [Query.self, Learn.self, Bench.self]
    )

    /// Runs `body`, turning any error into one line on stderr and exit status 1.
    static func reportingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as ExitCode {
            throw e
        } catch {
            FileHandle.standardError.write(Data("kgrec bayes: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func nanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func jsonString(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Parses `A=a,B=b` into a dictionary.
    static func parseAssignments(_ text: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for part in text.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let eq = part.firstIndex(of: "=") else {
                throw ValidationError("evidence '\(part)' is not of the form Variable=state")
            }
            let k = part[..<eq].trimmingCharacters(in: .whitespaces)
            let v = part[part.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard !k.isEmpty, !v.isEmpty else { throw ValidationError("evidence '\(part)' is not of the form Variable=state") }
            out[k] = v
        }
        return out
    }
}

extension Bayes {
    /// `kgrec bayes query`: posterior marginals of targets given evidence.
    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Exact posterior marginals P(target | evidence) and P(evidence).")

        @Option(help: "The network, a BIF file.") var network: String
        @Option(help: "Target variable(s), comma-separated.") var target: String
        @Option(help: "Evidence as Variable=state pairs, comma-separated.") var evidence: String = ""
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try Bayes.reportingErrors {
                let net = try BIFReader.read(contentsOf: URL(fileURLWithPath: network))
                let targets = target.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard !targets.isEmpty else { throw ValidationError("--target names no variable") }
                let ev = try Bayes.parseAssignments(evidence)
                var engine = VariableElimination(network: net)
                let result = try engine.query(targets: targets, evidence: ev)
                if json {
                    var dists: [String: [String: Double]] = [:]
                    for (t, v) in result.targets.enumerated() {
                        var d: [String: Double] = [:]
                        for (s, name) in net.variables[v].states.enumerated() { d[name] = result.marginals[t][s] }
                        dists[net.variables[v].name] = d
                    }
                    print(Bayes.jsonString(["evidence": ev, "p_evidence": result.probabilityOfEvidence, "distributions": dists] as [String: Any]))
                } else {
                    print("P(evidence) = \(result.probabilityOfEvidence)")
                    for (t, v) in result.targets.enumerated() {
                        print(net.variables[v].name)
                        for (s, name) in net.variables[v].states.enumerated() {
                            print("  \(name)\t\(result.marginals[t][s])")
                        }
                    }
                }
            }
        }
    }
}

extension Bayes {
    /// `kgrec bayes bench`: answers a query file, checks it against the reference answers and times it.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer every query of an oracle JSON Lines file; report error vs the oracle and time per query.")

        @Option(help: "The network, a BIF file.") var network: String?
        @Option(help: "Queries in the oracle's JSON Lines format.") var queries: String?
        @Option(help: "Instead of --network/--queries: a random network with this many variables.") var generate: Int?
        @Option(help: "Generated network: parents are drawn from this many preceding variables (bounds treewidth).") var window: Int = 8
        @Option(name: .customLong("max-parents"), help: "Generated network: most parents per variable.") var maxParents: Int = 3
        @Option(help: "Generated network: number of random queries.") var count: Int = 200
        @Option(help: "Generated network and queries: seed.") var seed: UInt64 = 1
        @Option(help: "Timed passes over all queries (per-query time = median over passes).") var repeats: Int = 7
        @Flag(help: "Print JSON.") var json = false

        /// pgmpy 1.1.2 VariableElimination median ms per query on the oracle files (docs/evaluation.md).
        static let pgmpyMedianMs: [String: Double] = ["asia": 0.33, "cancer": 0.23, "sachs": 0.40, "child": 0.59, "insurance": 1.12]

        func validate() throws {
            if generate == nil && (network == nil || queries == nil) {
                throw ValidationError("give --network F.bif --queries F.jsonl, or --generate N")
            }
            if let g = generate, g < 2 { throw ValidationError("--generate needs at least 2 variables") }
            if repeats < 1 { throw ValidationError("--repeats must be at least 1") }
        }

        /// Random queries on a generated network: 1-3 targets, 0-6 evidence variables whose states
        /// come from one forward sample (so the evidence is possible).
        static func randomQueries(_ net: BayesianNetwork, count: Int, seed: UInt64) -> [LabelledQuery] {
            var rng = SplitMixGenerator(seed: seed &+ 0x5EED)
            let samples = ForwardSampler.sample(net, rows: count, seed: seed &+ 1)
            return (0..<count).map { i in
                let order = Array(0..<net.count).shuffled(using: &rng)
                let nt = Int.random(in: 1...3, using: &rng), ne = Int.random(in: 0...6, using: &rng)
                let targets = order.prefix(nt).map { net.variables[$0].name }
                var evidence: [String: String] = [:]
                for v in order.dropFirst(nt).prefix(ne) { evidence[net.variables[v].name] = net.variables[v].states[Int(samples.columns[v][i])] }
                return LabelledQuery(id: i, targets: targets, evidence: evidence, expected: [:], expectedProbabilityOfEvidence: .nan)
            }
        }

        func run() throws {
            try Bayes.reportingErrors {
                let bytes: [UInt8]
                let file: String
                let labelled: [LabelledQuery]
                if let generate {
                    let g = try RandomNetworkGenerator(variableCount: generate, maxParents: maxParents, window: window).generate(seed: seed)
                    bytes = Array(try BIFWriter.string(for: g).utf8)
                    file = g.name
                    labelled = Self.randomQueries(g, count: count, seed: seed)
                } else {
                    let url = URL(fileURLWithPath: network!)
                    bytes = [UInt8](try Data(contentsOf: url))
                    file = url.path
                    labelled = try LabelledQuery.load(from: URL(fileURLWithPath: queries!))
                }
                guard !labelled.isEmpty else { throw ValidationError("no queries") }
                // BIF parse time: median of repeated parses of the bytes already in memory.
                var parseTimes: [Double] = []
                var net = try BIFReader.parse(bytes: bytes, file: file)
                for _ in 0..<25 {
                    let t0 = Bayes.nanoseconds()
                    net = try BIFReader.parse(bytes: bytes, file: file)
                    parseTimes.append(Double(Bayes.nanoseconds() - t0) / 1000)
                }
                var engine = VariableElimination(network: net)
                let hasReference = generate == nil
                var maxError = 0.0, maxErrorPE = 0.0
                var perQuery = [[Double]](repeating: [], count: labelled.count)
                var failures = 0
                for pass in 0..<repeats {
                    for (i, q) in labelled.enumerated() {
                        let t0 = Bayes.nanoseconds()
                        let result = try? engine.query(targets: q.targets, evidence: q.evidence)
                        let dt = Double(Bayes.nanoseconds() - t0) / 1000
                        perQuery[i].append(dt)
                        guard pass == 0 else { continue }
                        guard let result else { failures += 1; continue }
                        for m in result.marginals { maxError = max(maxError, abs(m.reduce(0, +) - 1)) }
                        guard hasReference else { continue }
                        maxErrorPE = max(maxErrorPE, abs(result.probabilityOfEvidence - q.expectedProbabilityOfEvidence))
                        for (t, v) in result.targets.enumerated() {
                            let variable = net.variables[v]
                            guard let expected = q.expected[variable.name] else { continue }
                            for (s, state) in variable.states.enumerated() {
                                maxError = max(maxError, abs(result.marginals[t][s] - (expected[state] ?? .nan)))
                            }
                        }
                    }
                }
                let medians = perQuery.map { Bayes.median($0) }.sorted()
                let firstPass = perQuery.map { $0[0] }.sorted()
                let medianUs = Bayes.median(medians)
                let p99Us = Bayes.percentile(medians, 0.99)
                let key = generate == nil ? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent : net.name
                let pgmpyUs = Self.pgmpyMedianMs[key].map { $0 * 1000 }
                let parseUs = Bayes.median(parseTimes)
                let width = engine.eliminationWidth()
                let errorLabel = hasReference ? "max_abs_error" : "max_abs_error_of_marginal_sums"
                if json {
                    var obj: [String: Any] = [
                        "network": key, "queries": labelled.count, "failed_queries": failures,
                        errorLabel: maxError,
                        "median_us": medianUs, "p99_us": p99Us, "first_pass_median_us": Bayes.median(firstPass),
                        "repeats": repeats, "bif_parse_us": parseUs, "variables": net.count, "elimination_width": width,
                        "bif_bytes": bytes.count, "cpt_entries": net.tables.reduce(0) { $0 + $1.values.count },
                    ]
                    if hasReference { obj["max_abs_error_p_evidence"] = maxErrorPE }
                    if let pgmpyUs {
                        obj["pgmpy_median_us"] = pgmpyUs
                        obj["speedup_vs_pgmpy"] = pgmpyUs / medianUs
                    }
                    print(Bayes.jsonString(obj))
                } else {
                    print("network             \(key) (\(net.count) variables, min-fill elimination width \(width))")
                    print("queries             \(labelled.count)\(failures > 0 ? " (\(failures) failed)" : "")")
                    print("\(errorLabel.padding(toLength: max(20, errorLabel.count + 1), withPad: " ", startingAt: 0))\(maxError)")
                    if hasReference { print("p_evidence_error    \(maxErrorPE)  (max abs)") }
                    print(String(format: "median_us           %.2f   (first pass %.2f; median over %d passes)", medianUs, Bayes.median(firstPass), repeats))
                    print(String(format: "p99_us              %.2f", p99Us))
                    if let pgmpyUs {
                        print(String(format: "pgmpy_median_us     %.0f   speedup %.0fx", pgmpyUs, pgmpyUs / medianUs))
                    }
                    print(String(format: "bif_parse_us        %.1f   (%d bytes, %d CPT entries; pgmpy 1.2-1.6 s)", parseUs, bytes.count,
                                 net.tables.reduce(0) { $0 + $1.values.count }))
                }
                if failures > 0 { throw ExitCode(1) }
            }
        }
    }
}

extension Bayes {
    /// `kgrec bayes learn`: parameters (and optionally structure) from a CSV of discrete samples.
    struct Learn: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Learn a network from CSV samples: parameters for a given structure, or structure and parameters.")

        enum Search: String, ExpressibleByArgument, CaseIterable {
            case hillClimb = "hill-climb"
            case chowLiu = "chow-liu"
        }

        enum Estimator: String, ExpressibleByArgument, CaseIterable {
            case mle, bdeu, laplace
        }

        @Option(help: "Samples: CSV with a header naming the variables.") var data: String
        @Option(help: "Structure (and state names) to fit, a BIF file.") var structure: String?
        @Option(help: "Structure search when no --structure is given: hill-climb (BIC) or chow-liu.") var search: Search?
        @Option(help: "Parameter estimator: mle, bdeu or laplace.") var estimator: Estimator = .mle
        @Option(help: "Equivalent sample size for bdeu.") var ess: Double = 10
        @Option(name: .customLong("max-indegree"), help: "Hill climbing: most parents per node.") var maxInDegree: Int?
        @Option(help: "Hill climbing: tabu list length.") var tabu: Int = 100
        @Option(help: "Chow-Liu: root variable (default: the first column).") var root: String?
        @Option(help: "Where to write the learned network (BIF).") var out: String
        @Flag(help: "Print a JSON summary.") var json = false

        func validate() throws {
            if structure != nil && search != nil { throw ValidationError("give either --structure or --search, not both") }
            if structure == nil && search == nil { throw ValidationError("give --structure F.bif or --search hill-climb|chow-liu") }
            if ess <= 0 { throw ValidationError("--ess must be positive") }
            if let m = maxInDegree, m < 0 { throw ValidationError("--max-indegree must be >= 0") }
        }

        func run() throws {
            try Bayes.reportingErrors {
                let t0 = Bayes.nanoseconds()
                var counts: CountTable
                var samples: DiscreteDataSet
                if let structure {
                    let net = try BIFReader.read(contentsOf: URL(fileURLWithPath: structure))
                    samples = try DiscreteDataSet.readCSV(contentsOf: URL(fileURLWithPath: data), schema: net.variables)
                    counts = CountTable(structure: net)
                } else {
                    samples = try DiscreteDataSet.readCSV(contentsOf: URL(fileURLWithPath: data))
                    let parents: [[Int]]
                    switch search! {
                    case .hillClimb:
                        parents = HillClimbSearch(maxInDegree: maxInDegree, tabuLength: tabu).search(samples)
                    case .chowLiu:
                        var r = 0
                        if let root {
                            guard let i = samples.index(of: root) else { throw ValidationError("--root: no column '\(root)' in \(data)") }
                            r = i
                        }
                        parents = ChowLiuTree.learn(samples, root: r)
                    }
                    counts = CountTable(variables: samples.variables, parents: parents)
                }
                try counts.add(samples)
                let est: ParameterEstimator
                switch estimator {
                case .mle: est = .maximumLikelihood
                case .bdeu: est = .bdeu(equivalentSampleSize: ess)
                case .laplace: est = .laplace
                }
                let name = URL(fileURLWithPath: out).deletingPathExtension().lastPathComponent
                let net = try counts.estimate(est, name: name)
                try BIFWriter.write(net, to: URL(fileURLWithPath: out))
                var bic = BICScore(data: try DiscreteDataSet.readCSV(contentsOf: URL(fileURLWithPath: data), schema: net.variables))
                let score = bic.score(parents: net.tables.map(\.parents))
                let seconds = Double(Bayes.nanoseconds() - t0) / 1e9
                let edges = net.edges.map { [net.variables[$0.parent].name, net.variables[$0.child].name] }
                if json {
                    print(Bayes.jsonString([
                        "rows": samples.rowCount, "variables": net.count, "edges": edges, "bic": score,
                        "estimator": estimator.rawValue, "out": out, "seconds": seconds,
                    ] as [String: Any]))
                } else {
                    print("rows       \(samples.rowCount)")
                    print("variables  \(net.count)")
                    print("edges      \(edges.count): " + edges.map { "\($0[0])->\($0[1])" }.joined(separator: " "))
                    print("bic        \(score)")
                    print("estimator  \(estimator.rawValue)\(estimator == .bdeu ? " (ess \(ess))" : "")")
                    print("wrote      \(out)")
                }
            }
        }
    }
}
