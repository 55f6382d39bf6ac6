import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Seeded random garbage at every input: never a 5xx, always the JSON error envelope.
@Suite struct HostileInputTests {
    /// SplitMix64, so the inputs are the same on every run.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let fragments = [
        "{", "}", "[", "]", ",", ":", "\"", "\"attributes\"", "\"k\"", "\"gender\"", "\"F\"", "\"age\"", "null", "true",
        "-1", "1e999", "10", "0.5", "\"\\u0000\"", "\"\\ud800\"", "  ", "\n", "é", "\u{FEFF}", "{\"attributes\":", "99999999999999999999",
    ]

    @Test func randomBodiesAndQueriesNeverCauseA5xx() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            var g = Generator(state: 2026)
            for round in 0..<300 {
                var body = ""
                for _ in 0..<(1 + g.below(12)) { body += Self.fragments[g.below(Self.fragments.count)] }
                if round % 5 == 0 { body = String(decoding: (0..<g.below(64)).map { _ in UInt8(truncatingIfNeeded: g.next()) }, as: UTF8.self) }
                let r = try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(string: body))
                #expect(r.status.code < 500, "body \(body.debugDescription): \(r.text)")
                if r.status != .ok { #expect(r.errorCode != nil, "body \(body.debugDescription): \(r.text)") }

                let names = ["k", "exclude_seen", "fallback", "neighbours", "x", "", "k%00"]
                let values = ["", "1", "-1", "1000", "1001", "true", "cold", "%ZZ", "%E2%82", "9223372036854775808", "NaN", "1e3"]
                let query = (0..<g.below(4)).map { _ in names[g.below(names.count)] + "=" + values[g.below(values.count)] }.joined(separator: "&")
                let user = ["1", "2", "nobody", "%20", "%FF", "..", "1%2F2"][g.below(7)]
                for uri in ["/v1/users/\(user)/recommendations?\(query)", "/v1/items/\(user)?\(query)"] {
                    let q = try await client.execute(uri: uri, method: .get)
                    #expect(q.status.code < 500, "\(uri): \(q.text)")
                    if q.status != .ok { #expect(q.errorCode != nil, "\(uri): \(q.text)") }
                }
            }
        }
    }
}
