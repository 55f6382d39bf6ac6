import Foundation
import Hummingbird
import Recommender
import Store

/// `POST /v1/feedback` with one event `{"event_id", "user", "item", "kind", "value"?, "timestamp"}`
/// or a batch `{"events": [ … ]}` (at most ``maximumBatch``). Answers 202 only after the accepted
/// events are committed to the store's log (durable); duplicates by `event_id` are reported and
/// not stored twice; invalid events are rejected one by one with their index and reason (the rest
/// of the batch is still stored). Concurrent requests' batches are committed together (group
/// commit, ``FeedbackSink``). The online model catches up with the log in the background; the
/// user's next recommendations reflect the events (``OnlineUpdates``).
struct FeedbackRoute: APIRoute {
    let state: ServerState
    var method: HTTPRequest.Method { .post }
    var path: String { "/v1/feedback" }

    static let eventMembers: Set<String> = ["event_id", "user", "item", "kind", "value", "timestamp"]
    static let maximumBatch = 10_000

    func respond(to request: Request, context: BasicRequestContext, query: QueryParameters) async throws -> Response {
        guard let sink = state.feedback else {
            throw APIError(.serviceUnavailable, code: "no_event_log", message: "this server was not started on a store, so it has no event log")
        }
        let body = try await Self.readBody(request, limit: state.configuration.maxBodyBytes)
        var objects: [(field: String, members: [String: JSONValue])] = []
        if let batch = body["events"] {
            guard body.count == 1 else { throw APIError.invalid("events", "give either one event or {\"events\": [...]}, not both") }
            guard case .array(let list) = batch else { throw APIError.wrongType("events", expected: "an array of events", found: batch.typeName) }
            guard !list.isEmpty, list.count <= Self.maximumBatch else {
                throw APIError.invalid("events", "a batch holds 1…\(Self.maximumBatch) events, found \(list.count)")
            }
            for (n, v) in list.enumerated() {
                guard case .object(let o) = v else { throw APIError.wrongType("events[\(n)]", expected: "an event object", found: v.typeName) }
                objects.append((field: "events[\(n)]", members: o))
            }
        } else {
            objects = [(field: "", members: body)]
        }
        var events: [FeedbackEvent] = []
        var batchIndex: [Int] = []
        var rejected: [[String: Any]] = []
        for (n, o) in objects.enumerated() {
            switch Self.parse(o.members, field: o.field) {
            case .success(let e):
                if let problem = e.invalidity { rejected.append(["index": n, "reason": "\(problem)"]); continue }
                events.append(e)
                batchIndex.append(n)
            case .failure(let error):
                if objects.count == 1 {
                    state.metrics.recordFeedback(accepted: 0, duplicates: 0, rejected: 1, lastSeq: nil)
                    throw error
                }
                rejected.append(["index": n, "field": error.field ?? "", "reason": error.message])
            }
        }
        guard !events.isEmpty else {
            state.metrics.recordFeedback(accepted: 0, duplicates: 0, rejected: rejected.count, lastSeq: nil)
            throw APIError(.unprocessableContent, code: "no_valid_event",
                           message: "no valid event: " + rejected.map { "#\($0["index"]!): \($0["reason"]!)" }.joined(separator: "; "), field: objects.count == 1 ? nil : "events")
        }
        let result: FeedbackAppendResult
        do { result = try await sink.append(events) } catch {
            throw APIError(.serviceUnavailable, code: "event_log_unavailable", message: "the event log could not be written: \(error)")
        }
        state.metrics.recordFeedback(accepted: result.accepted, duplicates: result.duplicates, rejected: rejected.count + result.rejected,
                                     lastSeq: result.accepted > 0 ? result.lastSeq : nil)
        // Durable from here on. The online model learns from the events in the background; the
        // user's next recommendation waits for them (OnlineUpdates.recommend), this answer does not.
        if let model = state.holder.current { state.online.logAdvanced(sink: sink, model: model) }
        let object: [String: Any] = [
            "accepted": result.accepted, "duplicates": result.duplicates, "rejected": rejected, "last_seq": result.lastSeq,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return JSONResponse.make(bytes: [UInt8](data), status: .accepted)
    }

    /// The body's top-level members (``JSONRequestBody``: the plain-JSON fast path, else
    /// `JSONDecoder` with its checks and errors).
    static func readBody(_ request: Request, limit: Int) async throws(APIError) -> [String: JSONValue] {
        try await JSONRequestBody.read(request, limit: limit, allowed: eventMembers.union(["events"])).members
    }

    /// ``event(_:field:)`` as a result.
    static func parse(_ o: [String: JSONValue], field prefix: String) -> Result<FeedbackEvent, APIError> {
        do { return .success(try event(o, field: prefix)) } catch { return .failure(error) }
    }

    /// One event from its JSON members (unknown members and wrong types are errors naming the field).
    static func event(_ o: [String: JSONValue], field prefix: String) throws(APIError) -> FeedbackEvent {
        func name(_ m: String) -> String { prefix.isEmpty ? m : "\(prefix).\(m)" }
        for key in o.keys where !eventMembers.contains(key) { throw APIError.unknownField(name(key), known: eventMembers.sorted()) }
        func string(_ m: String) throws(APIError) -> String {
            guard let v = o[m], v != .null else { throw APIError.invalid(name(m), "'\(m)' is required") }
            switch v {
            case .string(let s): return s
            case .number(let x) where x == x.rounded() && abs(x) < 1e15: return String(Int64(x))
            default: throw APIError.wrongType(name(m), expected: "a string", found: v.typeName)
            }
        }
        func number(_ m: String) throws(APIError) -> Double? {
            guard let v = o[m], v != .null else { return nil }
            guard case .number(let x) = v else { throw APIError.wrongType(name(m), expected: "a number", found: v.typeName) }
            return x
        }
        let kindText = try string("kind")
        guard let kind = FeedbackKind(rawValue: kindText) else {
            throw APIError.invalid(name("kind"), "unknown kind '\(kindText)' (expected \(FeedbackKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let timestamp = try number("timestamp") else { throw APIError.invalid(name("timestamp"), "'timestamp' is required") }
        return FeedbackEvent(eventID: try string("event_id"), user: try string("user"), item: try string("item"), kind: kind,
                             value: try number("value"), timestamp: timestamp)
    }
}
