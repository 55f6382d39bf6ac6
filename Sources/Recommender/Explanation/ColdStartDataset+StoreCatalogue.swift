extension ColdStartDataset {
    /// The cold-start data of a store: every store user with the given attribute columns (states =
    /// the distinct stored values, sorted), every item with 0/1 genre features taken from a
    /// whitespace-separated item attribute (RecBole's `class`, e.g. "Action Comedy"), and each
    /// user's positives (interactions valued ≥ `ratingThreshold`, or without a value).
    public static func fromStore(_ c: StoreCatalogue, attributeColumns: [String] = ["age_bucket", "gender", "occupation"],
                                 genreAttribute: String = "class", ratingThreshold: Double = 4) throws(ColdStartError) -> ColdStartDataset {
        var stored = Set<String>()
        for a in c.userAttributes { stored.formUnion(a.keys) }
        for name in attributeColumns where !stored.contains(name) {
            throw .missingColumn(path: "store user attributes", column: name, available: stored.sorted())
        }
        let states = attributeColumns.map { name in Array(Set(c.userAttributes.compactMap { $0[name] }.filter { !$0.isEmpty })).sorted() }
        let lookup = states.map { s in Dictionary(uniqueKeysWithValues: s.enumerated().map { ($1, $0) }) }
        let attributes = c.userAttributes.map { a in attributeColumns.indices.map { k in a[attributeColumns[k]].flatMap { lookup[k][$0] } } }
        let genreLists = c.itemAttributes.map { ($0[genreAttribute] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "|" }).map(String.init) }
        let genres = Array(Set(genreLists.joined())).sorted()
        let genreIndex = Dictionary(uniqueKeysWithValues: genres.enumerated().map { ($1, $0) })
        var features = [Float](repeating: 0, count: c.items.count * genres.count)
        for (i, list) in genreLists.enumerated() { for g in list { features[i * genres.count + genreIndex[g]!] = 1 } }
        var positives = [[Int32]](repeating: [], count: c.users.count)
        for k in c.interactionUsers.indices where (c.interactionValues[k] ?? .infinity) >= ratingThreshold {
            positives[Int(c.interactionUsers[k])].append(c.interactionItems[k])
        }
        for u in positives.indices { positives[u] = Array(Set(positives[u])).sorted() }
        return ColdStartDataset(
            schema: ColdStartAttributeSchema(names: attributeColumns, states: states), users: c.users, attributes: attributes,
            items: c.items, featureNames: genres, itemFeatures: features, positives: positives,
            itemTitles: c.itemTitles.map { $0 ?? "" })
    }
}
