import Testing
@testable import KnowledgeGraph

@Suite struct InternerTests {
    @Test func idsAreDenseInFirstSeenOrderAndStable() {
        var i = Interner()
        #expect(i.intern("b") == 0)
        #expect(i.intern("a") == 1)
        #expect(i.intern("b") == 0)
        #expect(i.intern("c") == 2)
        #expect(i.count == 3)
        #expect(i.strings == ["b", "a", "c"])
    }

    @Test func lookupWorksBothWays() {
        var i = Interner()
        let words = (0..<1000).map { "w\($0 * 7919 % 1000)" }
        var ids = [Int32]()
        for w in words { ids.append(i.intern(w)) }
        for (w, id) in zip(words, ids) {
            #expect(i.id(of: w) == id)
            #expect(i.string(for: id) == w)
        }
        #expect(i.id(of: "missing") == nil)
        #expect(Set(ids).count == i.count)
        #expect(ids.allSatisfy { $0 >= 0 && Int($0) < i.count })
    }

    @Test func rebuildingFromStringsKeepsIds() throws {
        var i = Interner()
        for s in ["x", "y", "ü", "🎬"] { i.intern(s) }
        let j = try Interner(strings: i.strings)
        #expect(j == i)
        #expect(j.id(of: "🎬") == 3)
    }

    @Test func duplicateStoredStringIsRejected() {
        #expect(throws: InternerError.duplicate("a", id: 2)) { try Interner(strings: ["a", "b", "a"]) }
    }

    @Test func manyStringsSurviveIndexGrowthAndMatchADictionary() {
        var i = Interner()
        var reference = [String: Int32]()
        var rng = SplitMix64(seed: 3)
        for _ in 0..<20_000 {
            let s = "http://example.org/e/" + String(rng.next() % 15_000, radix: 36) + (rng.next() % 5 == 0 ? "é" : "")
            let id = i.intern(s)
            if let old = reference[s] { #expect(id == old) } else { reference[s] = id }
        }
        #expect(i.count == reference.count)
        for (s, id) in reference {
            #expect(i.id(of: s) == id)
            #expect(i.string(for: id) == s)
        }
        #expect(i.slots.count >= 2 * i.count)
        #expect(i.id(of: "") == nil)
        let e = i.intern("")
        #expect(i.id(of: "") == e && i.string(for: e) == "")
    }

    @Test func storedArraysLoadWithoutRehashingAndAreChecked() throws {
        var i = Interner()
        for k in 0..<500 { i.intern("name-\(k)") }
        let loaded = try Interner(bytes: i.bytes, ends: i.ends, slots: i.slots)
        #expect(loaded == i && loaded.slots == i.slots)
        #expect(loaded.id(of: "name-499") == 499)
        let rebuilt = try Interner(bytes: i.bytes, ends: i.ends, slots: [])
        #expect(rebuilt.id(of: "name-7") == 7)
        var badSlots = i.slots
        badSlots[badSlots.firstIndex(of: -1)!] = 9_999
        #expect(throws: InternerError.self) { try Interner(bytes: i.bytes, ends: i.ends, slots: badSlots) }
        #expect(throws: InternerError.self) { try Interner(bytes: Array(i.bytes.dropLast()), ends: i.ends, slots: i.slots) }
    }
}
