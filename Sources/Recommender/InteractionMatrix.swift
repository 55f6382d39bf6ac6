/// A binary user × item matrix of implicit positives in compressed sparse row form (both
/// orientations), the interaction input of every model in this module.
///
/// Built from (user, item) id pairs; duplicate pairs collapse to one positive.
public struct InteractionMatrix: Sendable {
    public let userCount: Int
    public let itemCount: Int
    /// `userItems[userOffsets[u]..<userOffsets[u+1]]`: user u's items, ascending.
    public let userOffsets: [Int]
    public let userItems: [Int32]
    /// `itemUsers[itemOffsets[i]..<itemOffsets[i+1]]`: item i's users, ascending.
    public let itemOffsets: [Int]
    public let itemUsers: [Int32]

    /// - Parameters: pairs of dense ids with `user < userCount`, `item < itemCount`.
    public init(userCount: Int, itemCount: Int, pairs: [(user: Int32, item: Int32)]) {
        self.userCount = userCount
        self.itemCount = itemCount
        let sorted = pairs.sorted { ($0.user, $0.item) < ($1.user, $1.item) }
        var offsets = [Int](repeating: 0, count: userCount + 1)
        var items: [Int32] = []
        items.reserveCapacity(sorted.count)
        var last: (Int32, Int32)? = nil
        for p in sorted {
            precondition(Int(p.user) < userCount && Int(p.item) < itemCount && p.user >= 0 && p.item >= 0, "id out of range")
            if let l = last, l == (p.user, p.item) { continue }
            last = (p.user, p.item)
            items.append(p.item)
            offsets[Int(p.user) + 1] += 1
        }
        for u in 0..<userCount { offsets[u + 1] += offsets[u] }
        userOffsets = offsets
        userItems = items
        var iOffsets = [Int](repeating: 0, count: itemCount + 1)
        for i in items { iOffsets[Int(i) + 1] += 1 }
        for i in 0..<itemCount { iOffsets[i + 1] += iOffsets[i] }
        var fill = iOffsets
        var users = [Int32](repeating: 0, count: items.count)
        for u in 0..<userCount {
            for k in offsets[u]..<offsets[u + 1] {
                let i = Int(items[k])
                users[fill[i]] = Int32(u)
                fill[i] += 1
            }
        }
        itemOffsets = iOffsets
        itemUsers = users
    }

    /// Number of positives.
    public var count: Int { userItems.count }

    /// User u's items, ascending.
    public func items(of user: Int) -> ArraySlice<Int32> { userItems[userOffsets[user]..<userOffsets[user + 1]] }

    /// Item i's users, ascending.
    public func users(of item: Int) -> ArraySlice<Int32> { itemUsers[itemOffsets[item]..<itemOffsets[item + 1]] }

    /// Number of items of user u.
    public func degree(user: Int) -> Int { userOffsets[user + 1] - userOffsets[user] }

    /// Number of users of item i.
    public func degree(item: Int) -> Int { itemOffsets[item + 1] - itemOffsets[item] }

    /// Per user, its items as an array (e.g. test positives for ``RankingEvaluator``).
    public var itemLists: [[Int32]] { (0..<userCount).map { Array(items(of: $0)) } }
}
