import Foundation
import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Answers a repeated warm-recommendation request straight from the connection's channel
/// pipeline, when the served model has already rendered exactly that answer.
///
/// `GET /v1/users/{id}/recommendations` for a user without online feedback is a pure function of
/// the served model and (user, `k`, `exclude_seen`), and the route keeps the rendered JSON of each
/// such answer (``ServingModel/warmResponses``). Sending a stored answer costs a lookup; what a
/// request costs on top, through Hummingbird's async path (the request stream, a task switch, the
/// router, middleware, the response writer), is most of the server's CPU per request. This
/// handler sits between HTTP decoding and Hummingbird's request handling and, for a request it can
/// prove the route would answer from that store, writes the stored answer itself, on the event loop
/// that read the request. Everything else goes on to Hummingbird unchanged.
///
/// A request takes the fast path only when all of these hold (else it is passed on, and the route
/// answers it, renders and stores the answer, and errors are the route's):
/// - `GET` without a body or `Connection`/`Expect` header, path exactly
///   `/v1/users/{id}/recommendations` with an id of unreserved characters, and a query of at most
///   `k` (digits), `exclude_seen` (`true|false|1|0`), `fallback` (`none|cold`) and
///   `explain=false|0`, each at most once — the parameters and values the route reads the same way;
/// - a model is loaded, `k` lies in the server's range and within the model's cache depth, the
///   user is one of its users (with training items, when `fallback=cold`), and — with
///   `exclude_seen`, once the feedback log is followed — the user has no event in the log after the
///   model's snapshot (``FeedbackSink/hasEvents(of:after:)``; else the online updater answers);
/// - that answer is stored;
/// - no earlier request of the connection is still being answered by Hummingbird (pipelined
///   requests are answered in order).
/// The response carries the route's headers (`Content-Type`, `Content-Length`, `Date`, `Server`)
/// and is counted in the request metrics under the route's template like any other (and in
/// `kgrec_http_pipeline_answers_total`). Hummingbird
/// middleware does not see these requests: a middleware added to the router that must see every
/// request needs this handler off (``ServerConfiguration/pipelineAnswers``).
final class WarmAnswerFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let route = "/v1/users/{id}/recommendations"

    private let state: ServerState
    private let serverName: String?
    /// Requests passed on to Hummingbird whose response has not ended yet.
    private var passedOn = 0
    /// The current request was answered here: drop its remaining parts.
    private var answering = false
    private var date = HTTPDateCache()

    init(state: ServerState, serverName: String?) {
        self.state = state
        self.serverName = serverName
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let start = ContinuousClock.now
            if passedOn == 0, let body = storedAnswer(head) {
                answering = true
                write(body, context: context)
                state.metrics.recordRequest(route: Self.route, method: "GET", status: 200, duration: ContinuousClock.now - start)
                state.metrics.recordPipelineAnswer()
            } else {
                passedOn += 1
                context.fireChannelRead(data)
            }
        case .body:
            if !answering { context.fireChannelRead(data) }
        case .end:
            if answering { answering = false } else { context.fireChannelRead(data) }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), passedOn > 0 { passedOn -= 1 }
        context.write(data, promise: promise)
    }

    private func write(_ body: ByteBuffer, context: ChannelHandlerContext) {
        var fields = HTTPFields()
        fields.reserveCapacity(4)
        fields[.contentType] = JSONResponse.contentType
        fields[.contentLength] = String(body.readableBytes)
        fields[.date] = date.now()
        if let serverName { fields[.server] = serverName }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// The stored answer the route would send for `head`, or nil when the route must see it.
    func storedAnswer(_ head: HTTPRequest) -> ByteBuffer? {
        guard head.method == .get, let path = head.path,
              head.headerFields[.connection] == nil, head.headerFields[.expect] == nil,
              head.headerFields[.transferEncoding] == nil,
              head.headerFields[.contentLength] == nil || head.headerFields[.contentLength] == "0",
              let request = WarmAnswerRequest(path: path),
              let model = state.holder.current else { return nil }
        let k = request.k ?? state.configuration.defaultK
        guard state.configuration.kRange.contains(k), k <= model.rankingCacheDepth else { return nil }
        if request.excludeSeen && state.online.followsLog {
            // The route would ask the online updater, which answers for users with events after the model's snapshot.
            guard let sink = state.feedback, sink.hasEvents(of: request.user, after: Int64(model.record.lastEventSeq)) == false else { return nil }
        }
        guard let id = model.catalogue.users.id(request.user) else { return nil }
        if request.coldFallback && !model.hasTrainingItems(user: id) { return nil }
        return model.warmResponses.stored(.init(user: id, k: k, excludeSeen: request.excludeSeen))
    }
}

/// The parts of a `/v1/users/{id}/recommendations` request target the fast path reads; nil for any
/// target it leaves to the route (see ``WarmAnswerFastPath``).
struct WarmAnswerRequest: Equatable {
    var user: String
    var k: Int?
    var excludeSeen = true
    var coldFallback = false

    init(user: String, k: Int?, excludeSeen: Bool, coldFallback: Bool) {
        self.user = user
        self.k = k
        self.excludeSeen = excludeSeen
        self.coldFallback = coldFallback
    }

    init?(path: String) {
        var target = path.utf8[...]
        let prefix = "/v1/users/".utf8, suffix = "/recommendations".utf8
        guard target.starts(with: prefix) else { return nil }
        target = target.dropFirst(prefix.count)
        let idEnd = target.firstIndex(of: UInt8(ascii: "/")) ?? target.endIndex
        let id = target[..<idEnd]
        guard !id.isEmpty, id.count <= 256, id.allSatisfy(Self.isUnreserved) else { return nil }
        target = target[idEnd...]
        guard target.starts(with: suffix) else { return nil }
        target = target.dropFirst(suffix.count)
        user = String(decoding: id, as: UTF8.self)
        guard let first = target.first else { return }
        guard first == UInt8(ascii: "?"), target.count > 1 else { return nil }
        var seen: UInt8 = 0  // one bit per parameter: each may come once
        for pair in target.dropFirst().split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            guard let eq = pair.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let name = String(decoding: pair[..<eq], as: UTF8.self), value = String(decoding: pair[pair.index(after: eq)...], as: UTF8.self)
            let bit: UInt8
            switch name {
            case "k": bit = 1
            case "exclude_seen": bit = 2
            case "fallback": bit = 4
            case "explain": bit = 8
            default: return nil
            }
            guard seen & bit == 0 else { return nil }
            seen |= bit
            switch (name, value) {
            case ("k", _):
                guard (1...4).contains(value.utf8.count), value.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
                k = Int(value)
            case ("exclude_seen", "true"), ("exclude_seen", "1"): excludeSeen = true
            case ("exclude_seen", "false"), ("exclude_seen", "0"): excludeSeen = false
            case ("fallback", "none"): coldFallback = false
            case ("fallback", "cold"): coldFallback = true
            case ("explain", "false"), ("explain", "0"): break
            default: return nil
            }
        }
    }

    /// RFC 3986 unreserved: what needs no percent-decoding.
    private static func isUnreserved(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}

/// The `Date` header value (RFC 9110 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`),
/// formatted once per second.
struct HTTPDateCache {
    private var second = -1
    private var text = ""

    mutating func now() -> String {
        var t = time(nil)
        if t != second {
            second = t
            text = Self.format(&t)
        }
        return text
    }

    static func format(_ t: inout time_t) -> String {
        var tm = tm()
        gmtime_r(&t, &tm)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
    }
}
