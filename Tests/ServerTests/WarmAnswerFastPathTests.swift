import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import Server
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// ``WarmAnswerFastPath``: which request targets it reads (the rest go to the route), the `Date`
/// format, and, over a raw TCP connection to a live server, that stored answers come back
/// byte-identical, with the route's headers, in request order when requests are pipelined.
@Suite struct WarmAnswerFastPathTests {
    @Test func readsOnlyTargetsTheRouteReadsTheSameWay() {
        let plain = WarmAnswerRequest(path: "/v1/users/42/recommendations")
        #expect(plain == WarmAnswerRequest(user: "42", k: nil, excludeSeen: true, coldFallback: false))
        let full = WarmAnswerRequest(path: "/v1/users/u-1.x_~/recommendations?k=25&exclude_seen=false&fallback=cold&explain=0")
        #expect(full == WarmAnswerRequest(user: "u-1.x_~", k: 25, excludeSeen: false, coldFallback: true))
        #expect(WarmAnswerRequest(path: "/v1/users/7/recommendations?exclude_seen=1&explain=false")?.excludeSeen == true)
        let passedOn = [
            "/v1/users//recommendations",                       // no id
            "/v1/users/a%20b/recommendations",                  // percent-encoded id
            "/v1/users/1/recommendations/",                     // trailing slash
            "/v1/users/1/recommendation",
            "/v1/users/1/recommendations?",                     // empty query
            "/v1/users/1/recommendations?k=",                   // empty value (the route's 400)
            "/v1/users/1/recommendations?k=10&k=10",            // repeated (the route's 400)
            "/v1/users/1/recommendations?k=-1",
            "/v1/users/1/recommendations?k=10000",              // more digits than any cached k
            "/v1/users/1/recommendations?k=1e1",
            "/v1/users/1/recommendations?exclude_seen=TRUE",    // the route reads it; not worth a fast path
            "/v1/users/1/recommendations?explain=true",
            "/v1/users/1/recommendations?fallback=other",
            "/v1/users/1/recommendations?limit=3",              // unknown (the route's 400)
            "/v1/users/1/recommendations?k=10&",
            "/v1/users/1/recommendations#x",
            "/v1/users/1/recommendations?k=10#x",
        ]
        for path in passedOn { #expect(WarmAnswerRequest(path: path) == nil, "\(path)") }
    }

    @Test func dateHeaderIsTheIMFFixdate() {
        var t: time_t = 784_111_777
        #expect(HTTPDateCache.format(&t) == "Sun, 06 Nov 1994 08:49:37 GMT")
        var y2k: time_t = 946_684_800
        #expect(HTTPDateCache.format(&y2k) == "Sat, 01 Jan 2000 00:00:00 GMT")
    }

    @Test func storedAnswersComeBackIdenticalInOrderWithTheRoutesHeaders() async throws {
        let fixture = try await ServerFixture.make(load: false)
        var logger = Logger(label: "kgrec.test")
        logger.logLevel = .critical
        let app = fixture.server.application(logger: logger, loadAtStart: true, reloadOnSIGHUP: false)
        try await app.test(.live) { client in
            var ready = try await client.execute(uri: "/readyz", method: .get)
            for _ in 0..<200 where ready.status != .ok {
                try await Task.sleep(for: .milliseconds(25))
                ready = try await client.execute(uri: "/readyz", method: .get)
            }
            try #require(ready.status == .ok)
            let port = try #require(client.port)
            let metrics = fixture.server.state.metrics
            func pipelineAnswers() throws -> Double {
                let samples = try PrometheusText.parse(String(decoding: metrics.exposition(), as: UTF8.self))
                return samples[PrometheusText.key("kgrec_http_pipeline_answers_total", [:])] ?? 0
            }
            let target = "/v1/users/1/recommendations?k=3"
            func get(_ path: String, _ extra: String = "") -> String { "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(extra)\r\n" }

            // First time: the route renders (and stores) the answer.
            let first = try await RawHTTPConnection.exchange(port: port, send: get(target), responses: 1)
            try #require(first.responses.count == 1 && first.responses[0].status == 200)
            let rendered = first.responses[0]
            #expect(try pipelineAnswers() == 0)

            // Pipelined: stored, not stored (k=2), stored, another route — answered in request order.
            let batch = get(target) + get("/v1/users/1/recommendations?k=2") + get(target) + get("/healthz")
            let second = try await RawHTTPConnection.exchange(port: port, send: batch, responses: 4)
            try #require(second.responses.count == 4)
            #expect(second.responses[0].body == rendered.body)
            let k2 = try JSONSerialization.jsonObject(with: Data(second.responses[1].body)) as? [String: Any]
            #expect((k2?["items"] as? [Any])?.count == 2 && k2?["k"] as? Int == 2)
            #expect(second.responses[2].body == rendered.body)
            #expect(second.responses[3].status == 200 && String(decoding: second.responses[3].body, as: UTF8.self) == #"{"status":"ok"}"#)
            // The first was answered from the pipeline; the third too unless it was read while k=2 was in flight.
            let answered = try pipelineAnswers()
            #expect(answered >= 1 && answered <= 2)
            // Same headers as the route's answer (values aside from Date).
            let fast = second.responses[0]
            #expect(Set(fast.headers.keys) == Set(rendered.headers.keys), "\(fast.headers) vs \(rendered.headers)")
            #expect(fast.headers["content-type"] == "application/json; charset=utf-8")
            #expect(fast.headers["content-length"] == String(rendered.body.count))
            #expect(fast.headers["server"] == "kgrec")
            #expect(fast.headers["date"]?.hasSuffix(" GMT") == true)

            // `Connection: close` goes to the route, which answers and closes.
            let closing = try await RawHTTPConnection.exchange(port: port, send: get(target, "Connection: close\r\n"), responses: 1)
            #expect(closing.responses.first?.body == rendered.body)
            #expect(closing.closedByServer)
            #expect(try pipelineAnswers() == answered)

            // Every one of them is counted under the route's template.
            let samples = try PrometheusText.parse(String(decoding: metrics.exposition(), as: UTF8.self))
            let ok = samples[PrometheusText.key("kgrec_http_requests_total",
                                                ["route": "/v1/users/{id}/recommendations", "method": "GET", "status": "200"])]
            #expect(ok == 5)

            // After feedback the user's answers come from the online model, never a stored one.
            let event = #"{"event_id": "fp1", "user": "1", "item": "11", "kind": "like", "timestamp": 1000}"#
            let posted = try await client.execute(uri: "/v1/feedback", method: .post, headers: [.contentType: "application/json"],
                                                  body: ByteBuffer(string: event))
            #expect(posted.status == .accepted)
            let after = try await RawHTTPConnection.exchange(port: port, send: get(target), responses: 1)
            let json = try JSONSerialization.jsonObject(with: Data(try #require(after.responses.first).body)) as? [String: Any]
            #expect(json?["source"] as? String == "online")
            #expect(try pipelineAnswers() == answered)
            // Other users, without events after the model's snapshot, are still answered from the pipeline.
            let other = "/v1/users/2/recommendations?k=3"
            let rendered2 = try await RawHTTPConnection.exchange(port: port, send: get(other), responses: 1)
            let again2 = try await RawHTTPConnection.exchange(port: port, send: get(other), responses: 1)
            #expect(again2.responses.first?.body == rendered2.responses.first?.body)
            let json2 = try JSONSerialization.jsonObject(with: Data(try #require(again2.responses.first).body)) as? [String: Any]
            #expect(json2?["source"] as? String == "hybrid")
            #expect(try pipelineAnswers() == answered + 1)
        }
    }

    @Test func switchedOffEveryRequestGoesThroughTheRouter() async throws {
        let fixture = try await ServerFixture.make(load: true) { $0.pipelineAnswers = false }
        var logger = Logger(label: "kgrec.test")
        logger.logLevel = .critical
        let app = fixture.server.application(logger: logger, loadAtStart: false, reloadOnSIGHUP: false)
        try await app.test(.live) { client in
            for _ in 0..<3 { #expect(try await client.execute(uri: "/v1/users/1/recommendations?k=3", method: .get).status == .ok) }
            let samples = try PrometheusText.parse(String(decoding: fixture.server.state.metrics.exposition(), as: UTF8.self))
            #expect(samples[PrometheusText.key("kgrec_http_pipeline_answers_total", [:])] == 0)
        }
    }
}

/// A blocking HTTP/1.1 client over one TCP connection (run on a thread of its own): sends bytes as
/// given — several requests at once to pipeline them — and reads `Content-Length`-framed answers.
struct RawHTTPConnection {
    struct Answer {
        var status: Int
        /// Header names lowercased.
        var headers: [String: String]
        var body: [UInt8]
    }

    struct Exchange {
        var responses: [Answer]
        /// The server closed the connection after the last answer.
        var closedByServer: Bool
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func exchange(port: Int, send text: String, responses count: Int) async throws -> Exchange {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try blockingExchange(port: port, send: text, responses: count) })
            }
            thread.start()
        }
    }

    private static func blockingExchange(port: Int, send text: String, responses count: Int) throws -> Exchange {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: errno \(errno)") }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else { throw Failure(description: "short write") }

        var buffer: [UInt8] = []
        var answers: [Answer] = []
        var closed = false
        var chunk = [UInt8](repeating: 0, count: 65536)
        func fill() throws -> Bool {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { closed = true; return false }
            guard n > 0 else { throw Failure(description: "read: errno \(errno) after \(answers.count) answers") }
            buffer += chunk[0..<n]
            return true
        }
        while answers.count < count {
            let separator: [UInt8] = Array("\r\n\r\n".utf8)
            guard let end = buffer.firstRange(of: separator) else {
                guard try fill() else { throw Failure(description: "closed after \(answers.count) answers") }
                continue
            }
            let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            let statusParts = head[0].split(separator: " ")
            guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(head[0])") }
            var headers: [String: String] = [:]
            for line in head.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while buffer.count < end.upperBound + length {
                guard try fill() else { throw Failure(description: "closed inside a body") }
            }
            answers.append(Answer(status: status, headers: headers, body: Array(buffer[end.upperBound..<(end.upperBound + length)])))
            buffer.removeFirst(end.upperBound + length)
        }
        if !closed {
            // Did the server close? Wait briefly for EOF.
            var short = timeval(tv_sec: 0, tv_usec: 300_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &short, socklen_t(MemoryLayout<timeval>.size))
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            closed = n == 0
        }
        return Exchange(responses: answers, closedByServer: closed)
    }
}
