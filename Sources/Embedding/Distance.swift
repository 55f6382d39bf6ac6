/// The norm TransE uses for `‖h + r − t‖`.
public enum Distance: String, Sendable, CaseIterable, Codable {
    /// Manhattan distance (PyKEEN `scoring_fct_norm=1`).
    case l1
    /// Euclidean distance (`scoring_fct_norm=2`, not squared).
    case l2
}
