/// The kind of a feedback event. Raw values are the spellings accepted in event files and stored
/// in the `events` table.
public enum FeedbackKind: String, Sendable, CaseIterable, Codable {
    case view, click, like, purchase, dislike, rating
}

/// One feedback event as a client sends it: `{event_id, user, item, kind, value, timestamp}`.
///
/// `user` and `item` are external ids (they may be new to the store). `value` is required for a
/// `rating` and optional otherwise (e.g. a dwell time on a view); `timestamp` is Unix seconds.
public struct FeedbackEvent: Sendable, Equatable, Hashable {
    /// Client-chosen idempotency key: an id already stored is a duplicate and is not stored again.
    public var eventID: String
    public var user: String
    public var item: String
    public var kind: FeedbackKind
    public var value: Double?
    /// Seconds since 1970-01-01T00:00:00Z.
    public var timestamp: Double

    public init(eventID: String, user: String, item: String, kind: FeedbackKind, value: Double?, timestamp: Double) {
        self.eventID = eventID
        self.user = user
        self.item = item
        self.kind = kind
        self.value = value
        self.timestamp = timestamp
    }

    /// The longest `event_id`, `user` or `item` accepted, in UTF-8 bytes.
    public static let maximumIdentifierBytes = 512

    /// Why this event cannot be stored, or nil when it is valid: identifiers non-empty and at most
    /// ``maximumIdentifierBytes`` long, a finite timestamp, a finite value when present, and a value
    /// for every `rating`.
    public var invalidity: FeedbackEventProblem? {
        if let p = Self.identifierProblem("event_id", eventID) ?? Self.identifierProblem("user", user) ?? Self.identifierProblem("item", item) {
            return p
        }
        guard timestamp.isFinite else { return .invalidValue(field: "timestamp", text: "\(timestamp)", expected: "a finite number of seconds") }
        if let value, !value.isFinite { return .invalidValue(field: "value", text: "\(value)", expected: "a finite number") }
        if kind == .rating && value == nil { return .missingField("value") }
        return nil
    }

    private static func identifierProblem(_ field: String, _ text: String) -> FeedbackEventProblem? {
        if text.isEmpty { return .missingField(field) }
        if text.utf8.count > maximumIdentifierBytes {
            return .invalidValue(field: field, text: String(text.prefix(40)) + "…", expected: "at most \(maximumIdentifierBytes) bytes")
        }
        return nil
    }
}

/// An event as stored: its position in the log (`seq`, monotonic, never reused) and when the
/// store received it (ISO 8601, one value per appended batch).
public struct StoredFeedbackEvent: Sendable, Equatable {
    public var seq: Int64
    public var event: FeedbackEvent
    public var receivedAt: String

    public init(seq: Int64, event: FeedbackEvent, receivedAt: String) {
        self.seq = seq
        self.event = event
        self.receivedAt = receivedAt
    }
}

/// What is wrong with one input event.
public enum FeedbackEventProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// A required field is absent or empty.
    case missingField(String)
    /// A field holds text that is not what it should be.
    case invalidValue(field: String, text: String, expected: String)
    /// The `kind` is not one of ``FeedbackKind``.
    case unknownKind(String)
    /// The line is not well-formed (CSV quoting, JSON syntax, column count).
    case malformed(column: Int, reason: String)

    public var description: String {
        switch self {
        case .missingField(let f): return "missing field '\(f)'"
        case .invalidValue(let f, let t, let e): return "field '\(f)': '\(t)' is not \(e)"
        case .unknownKind(let k):
            return "unknown kind '\(k)' (expected one of \(FeedbackKind.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .malformed(let c, let r): return "column \(c): \(r)"
        }
    }
}

/// An input event refused before it reached the store, with its position in the input.
public struct FeedbackRejection: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the input.
    public var line: Int
    public var problem: FeedbackEventProblem

    public init(line: Int, problem: FeedbackEventProblem) {
        self.line = line
        self.problem = problem
    }

    public var description: String { "line \(line): \(problem)" }
}

/// What happened to one event of an appended batch.
public enum FeedbackAppendOutcome: Sendable, Equatable {
    /// Stored under this `seq`.
    case accepted(seq: Int64)
    /// Its `event_id` was already stored (or came earlier in the batch): not stored again.
    case duplicate
    /// Invalid: not stored (see ``FeedbackEvent/invalidity``).
    case rejected(FeedbackEventProblem)
}

/// The outcome of appending one batch (one transaction).
public struct FeedbackAppendResult: Sendable, Equatable {
    /// One outcome per event of the batch, in batch order.
    public var outcomes: [FeedbackAppendOutcome]
    /// The largest `seq` in the log after the commit.
    public var lastSeq: Int64

    public init(outcomes: [FeedbackAppendOutcome], lastSeq: Int64) {
        self.outcomes = outcomes
        self.lastSeq = lastSeq
    }

    public var accepted: Int { outcomes.lazy.filter { if case .accepted = $0 { return true } else { return false } }.count }
    public var duplicates: Int { outcomes.lazy.filter { $0 == .duplicate }.count }
    public var rejected: Int { outcomes.count - accepted - duplicates }
}
