/// Settings of a kgrec server.
public struct ServerConfiguration: Sendable {
    /// Address to bind (loopback by default: the API has an unauthenticated admin route).
    public var host = "127.0.0.1"
    /// TCP port (0 = any free port).
    public var port = 8080
    /// Event-loop threads for network I/O (nil = one per core).
    public var threads: Int?
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes = 64 * 1024
    /// Range of `k` (number of items) accepted.
    public var kRange: ClosedRange<Int> = 1...1000
    /// `k` when a request gives none.
    public var defaultK = 10
    /// Most KG neighbours `GET /v1/items/{id}` returns (its `neighbours` parameter's upper bound).
    public var maxNeighbours = 500
    /// KG neighbours returned when the request does not say.
    public var defaultNeighbours = 50
    /// Log level: trace, debug, info, notice, warning, error or critical.
    public var logLevel = "info"
    /// Poll the store's model registry this often and hot-swap a newly registered hybrid model
    /// (nil: reload only on SIGHUP or `POST /v1/admin/reload`). Needs ``storePath``.
    public var watchModelsInterval: Duration?
    /// Answer repeated warm-recommendation requests from the channel pipeline when the served model
    /// has rendered that answer before (``WarmAnswerFastPath``); false sends every request through
    /// Hummingbird's router and middleware.
    public var pipelineAnswers = true
    /// The store served (for the registry watch).
    public var storePath: String?

    public init() {}
}
