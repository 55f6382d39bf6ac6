/// One rating as the evaluation splits see it: integer ids, the rating truncated to an integer
/// and the Unix time in seconds (the layout of the split files' rows).
public struct RatedInteraction: Hashable, Sendable {
    public var user: Int
    public var item: Int
    public var rating: Int
    public var timestamp: Int

    public init(user: Int, item: Int, rating: Int, timestamp: Int) {
        self.user = user
        self.item = item
        self.rating = rating
        self.timestamp = timestamp
    }
}
