import NIOCore
import Server
import Testing

/// Rendered answers are reused per key, bounded, and never stored on failure.
@Suite struct ResponseCacheTests {
    struct Refused: Error {}

    @Test func rendersOncePerKeyUntilFull() {
        let cache = ResponseCache<Int>(capacity: 2)
        var renders = 0
        func body(_ key: Int) -> ByteBuffer {
            cache.body(key) { renders += 1; return ByteBuffer(string: "answer \(key)") }
        }
        #expect(String(buffer: body(1)) == "answer 1" && String(buffer: body(1)) == "answer 1")
        #expect(renders == 1)
        _ = body(2); _ = body(3); _ = body(3)
        #expect(renders == 4 && cache.count == 2)  // 3 did not fit: rendered twice
    }

    @Test func capacityZeroRendersEveryTimeAndFailuresAreNotStored() {
        let off = ResponseCache<Int>(capacity: 0)
        var renders = 0
        for _ in 0..<3 { _ = off.body(1) { renders += 1; return ByteBuffer() } }
        #expect(renders == 3 && off.count == 0)
        let cache = ResponseCache<Int>(capacity: 4)
        #expect(throws: Refused.self) { try cache.body(1) { () throws(Refused) -> ByteBuffer in throw Refused() } }
        #expect(cache.count == 0)
    }
}
