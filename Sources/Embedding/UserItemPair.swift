/// One implicit positive: dense user id and dense item id.
public struct UserItemPair: Sendable, Equatable {
    public var user: Int32
    public var item: Int32

    public init(user: Int32, item: Int32) {
        self.user = user
        self.item = item
    }
}
