/// A dense, insertion-ordered mapping between external labels (user or item ids as written in
/// the files) and `Int32` ids `0..<count`.
public struct LabelIndex: Sendable, Equatable {
    public private(set) var labels: [String] = []
    private var ids: [String: Int32] = [:]

    public init() {}

    /// An index holding `labels` in order (duplicates keep their first id).
    public init<S: Sequence>(_ labels: S) where S.Element == String {
        for l in labels { _ = intern(l) }
    }

    public var count: Int { labels.count }

    /// The id of `label`, nil when unknown.
    public func id(_ label: String) -> Int32? { ids[label] }

    /// The id of `label`, assigning the next one when it is new.
    public mutating func intern(_ label: String) -> Int32 {
        if let id = ids[label] { return id }
        let id = Int32(labels.count)
        ids[label] = id
        labels.append(label)
        return id
    }
}
