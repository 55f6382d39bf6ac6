import Foundation
import Hummingbird

/// Reads a request body as one JSON object: at most `limit` bytes, `Content-Type` JSON when
/// given, well-formed JSON, an object at the top, and only the members an endpoint declares.
public struct JSONRequestBody: Sendable {
    /// The top-level members.
    public let members: [String: JSONValue]

    /// Collects and parses the body of `request`.
    /// - Throws: ``APIError`` 413 over `limit`, 415 for a non-JSON content type, 400 for an empty
    ///   body, malformed JSON, a non-object, or a member not in `allowed`.
    public static func read(_ request: Request, limit: Int, allowed: Set<String>) async throws(APIError) -> JSONRequestBody {
        if let type = request.headers[.contentType] {
            let media = type.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard media == "application/json" || media.hasSuffix("+json") else {
                throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                               message: "the body must be JSON (Content-Type: application/json), found '\(type)'", field: "body")
            }
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw tooLarge(limit)
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge(limit)
        } catch {
            throw APIError(.badRequest, code: "invalid_body", message: "the request body could not be read: \(error)", field: "body")
        }
        guard buffer.readableBytes > 0 else {
            throw APIError(.badRequest, code: "invalid_json", message: "the request body is empty; expected a JSON object", field: "body")
        }
        if let members = buffer.withUnsafeReadableBytes({ PlainJSONParser.parseObject($0) }), members.keys.allSatisfy(allowed.contains) {
            return JSONRequestBody(members: members)
        }
        let data = Data(buffer.readableBytesView)
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw APIError(.badRequest, code: "invalid_json", message: "the body is not valid JSON: \(Self.describe(error, data))", field: "body")
        }
        guard case .object(let members) = value else {
            throw APIError(.badRequest, code: "invalid_type", message: "expected a JSON object at the top level, found \(value.typeName)", field: "body")
        }
        for name in members.keys where !allowed.contains(name) {
            throw APIError.unknownField(name, known: Array(allowed))
        }
        return JSONRequestBody(members: members)
    }

    private static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "payload_too_large", message: "the request body is larger than \(limit) bytes", field: "body")
    }

    /// Where the JSON went wrong. JSONDecoder only says "not valid JSON"; JSONSerialization
    /// names the position, so it is asked again on this (error) path.
    private static func describe(_ error: any Error, _ data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            if let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        }
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        return "\(error)"
    }

    /// An optional integer member in `range`.
    public func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let member = members[name], member != .null else { return value }
        guard case .number(let x) = member else { throw .wrongType(name, expected: "an integer", found: member.typeName) }
        guard x == x.rounded(), abs(x) < 1e15 else { throw .wrongType(name, expected: "an integer", found: "\(x)") }
        let n = Int(x)
        guard range.contains(n) else { throw .invalid(name, "'\(name)' must lie in \(range.lowerBound)…\(range.upperBound), found \(n)") }
        return n
    }

    /// An optional boolean member.
    public func boolean(_ name: String, default value: Bool) throws(APIError) -> Bool {
        guard let member = members[name], member != .null else { return value }
        guard case .bool(let b) = member else { throw .wrongType(name, expected: "a boolean", found: member.typeName) }
        return b
    }

    /// An optional object member (empty when absent or null).
    public func object(_ name: String) throws(APIError) -> [String: JSONValue] {
        guard let member = members[name], member != .null else { return [:] }
        guard case .object(let o) = member else { throw .wrongType(name, expected: "an object", found: member.typeName) }
        return o
    }
}
