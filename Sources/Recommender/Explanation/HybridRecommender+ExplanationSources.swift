extension HybridRecommender {
    /// Each of the user's training items with its contribution `M[i, item]` to the user's score of
    /// `item` (the score is their sum), for ``WarmExplainer``.
    public func explanationSources(user: Int, item: Int) -> [ExplanationSource] {
        guard user < interactions.userCount else { return [] }
        return interactions.items(of: user).map { i in
            ExplanationSource(item: i, contribution: Double(matrix[Int(i) * stride + item]))
        }
    }

    /// The user's score of `item` (sum of the contributions; popularity for a user without items).
    public func score(user: Int, item: Int) -> Double {
        let items = user < interactions.userCount ? interactions.items(of: user) : []
        if items.isEmpty { return Double(fallback[item]) }
        var s: Float = 0
        for i in items { s += matrix[Int(i) * stride + item] }
        return Double(s)
    }
}
