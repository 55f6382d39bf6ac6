import Store

/// A stream of rating events for prequential evaluation, read from a split file
/// (`user<TAB>item<TAB>rating<TAB>timestamp`, header allowed) and sorted by time (ties keep file
/// order). Rows below the rating threshold are dropped (the split files hold positives only).
public struct PrequentialStream: Sendable {
    public struct Event: Sendable, Equatable {
        /// 1-based line in the file.
        public var line: Int
        public var event: FeedbackEvent
    }

    public let events: [Event]

    public init(events: [Event]) {
        self.events = events.enumerated().sorted {
            $0.element.event.timestamp != $1.element.event.timestamp ? $0.element.event.timestamp < $1.element.event.timestamp : $0.offset < $1.offset
        }.map(\.element)
    }

    /// Reads the file; each row becomes a `rating` event with id `<file name>:<line>`.
    public static func read(path: String, ratingThreshold: Double = 4) throws(RecommenderDataError) -> PrequentialStream {
        let bytes = try TabSeparatedFile.read(path: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var out: [Event] = []
        try TabSeparatedFile.forEachLine(bytes, path: path) { (line, fields) throws(RecommenderDataError) in
            if line == 1 && (fields[0].lowercased().hasPrefix("user") || fields[0].hasSuffix(":token")) { return }
            guard fields.count >= 4 else { throw .tooFewFields(path: path, line: line, expected: 4, found: fields.count) }
            for c in 0..<2 where fields[c].isEmpty { throw .emptyField(path: path, line: line, column: c + 1) }
            guard let rating = Double(fields[2]), rating.isFinite else { throw .notANumber(path: path, line: line, column: 3, text: fields[2]) }
            guard let time = Double(fields[3]), time.isFinite else { throw .notANumber(path: path, line: line, column: 4, text: fields[3]) }
            if rating < ratingThreshold { return }
            out.append(Event(line: line, event: FeedbackEvent(eventID: "\(name):\(line)", user: fields[0], item: fields[1],
                                                              kind: .rating, value: rating, timestamp: time)))
        }
        return PrequentialStream(events: out)
    }
}
