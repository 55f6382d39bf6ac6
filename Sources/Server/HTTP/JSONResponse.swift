import Foundation
import Hummingbird

/// Builds JSON responses (UTF-8, `application/json`).
public enum JSONResponse {
    /// The `Content-Type` of every JSON answer.
    public static let contentType = "application/json; charset=utf-8"
    /// The header fields of every JSON answer, built once (each response shares them).
    static let headers: HTTPFields = [.contentType: contentType]

    /// `value` encoded as JSON with `status`.
    public static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return make(bytes: data, status: status)
    }

    /// Already-encoded JSON bytes with `status`.
    public static func make(bytes: some Collection<UInt8>, status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// An already-encoded JSON body (shared, not copied) with `status`.
    public static func make(buffer: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// The JSON error envelope for `error`.
    public static func make(error: APIError) -> Response {
        let body = ErrorEnvelope(error: .init(code: error.code, message: error.message, field: error.field))
        if let response = try? make(body, status: error.status) { return response }
        // Encoding three strings cannot fail; answer the status alone if it ever did.
        return Response(status: error.status)
    }

    private struct ErrorEnvelope: Encodable {
        struct Body: Encodable {
            var code: String
            var message: String
            var field: String?

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(code, forKey: .code)
                try c.encode(message, forKey: .message)
                try c.encode(field, forKey: .field)  // null when absent, so the shape is fixed
            }

            enum CodingKeys: String, CodingKey { case code, message, field }
        }

        var error: Body
    }
}
