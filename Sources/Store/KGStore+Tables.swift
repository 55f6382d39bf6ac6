import GRDB

extension KGStore {
    /// Every user attribute as `(user id, name, value)`, ordered by user id then name.
    public func allUserAttributes() throws(StoreError) -> [(user: Int32, name: String, value: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT user_id, name, value FROM user_attributes ORDER BY user_id, name").map {
                (user: Int32($0[0] as Int64), name: $0[1], value: $0[2])
            }
        }
    }

    /// Every item attribute (e.g. RecBole's `movie_title`, `class`) as `(item id, name, value)`,
    /// ordered by item id then name.
    public func allItemAttributes() throws(StoreError) -> [(item: Int32, name: String, value: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT item_id, name, value FROM item_attributes ORDER BY item_id, name").map {
                (item: Int32($0[0] as Int64), name: $0[1], value: $0[2])
            }
        }
    }
}
