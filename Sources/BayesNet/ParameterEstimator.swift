/// How a CPT column is estimated from its counts N_ij1 … N_ijr.
public enum ParameterEstimator: Sendable, Equatable {
    /// N_ijk / N_ij; a parent configuration never seen (N_ij = 0) gets a uniform column
    /// (pgmpy's convention).
    case maximumLikelihood
    /// BDeu: (N_ijk + a) / (N_ij + r a) with a = ess / (r q), q = number of parent configurations.
    case bdeu(equivalentSampleSize: Double)
    /// Symmetric Dirichlet prior: (N_ijk + α) / (N_ij + r α).
    case dirichlet(pseudoCount: Double)

    /// Laplace smoothing: a Dirichlet prior with α = 1.
    public static let laplace = ParameterEstimator.dirichlet(pseudoCount: 1)

    /// Estimates a full table from counts in CPT layout (`counts[config * r + state]`).
    public func estimate(counts: [Int], cardinality r: Int) -> [Double] {
        let q = counts.count / r
        var out = [Double](repeating: 0, count: counts.count)
        for j in 0..<q {
            var nij = 0
            for k in 0..<r { nij += counts[j * r + k] }
            switch self {
            case .maximumLikelihood:
                for k in 0..<r { out[j * r + k] = nij == 0 ? 1 / Double(r) : Double(counts[j * r + k]) / Double(nij) }
            case let .bdeu(ess):
                let a = ess / Double(r * q)
                for k in 0..<r { out[j * r + k] = (Double(counts[j * r + k]) + a) / (Double(nij) + Double(r) * a) }
            case let .dirichlet(alpha):
                for k in 0..<r { out[j * r + k] = (Double(counts[j * r + k]) + alpha) / (Double(nij) + Double(r) * alpha) }
            }
        }
        return out
    }
}
