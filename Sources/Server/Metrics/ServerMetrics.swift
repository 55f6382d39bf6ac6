import Prometheus
import Synchronization

/// The server's Prometheus metrics (swift-prometheus registry, one per server so tests and
/// several servers in one process do not share counts):
/// - `kgrec_http_requests_total{route,method,status}`
/// - `kgrec_http_request_duration_seconds{route,method}` (histogram)
/// - `kgrec_model_version` (registry id of the served model, 0 = none), `kgrec_model_loaded`,
///   `kgrec_model_load_seconds`, `kgrec_model_reloads_total{result}`.
/// - `kgrec_feedback_events_total{result}`: feedback events by outcome — `accepted` (committed to
///   the event log before the 202: the events ingested), `duplicate` (an `event_id` already
///   logged), `rejected` (invalid); `kgrec_feedback_batches_total` (requests whose events were
///   committed) and `kgrec_feedback_last_seq` (log position of the last committed event).
/// - `kgrec_http_pipeline_answers_total`: of the requests counted above, those answered from the
///   connection pipeline with an answer the model had rendered before (``WarmAnswerFastPath``).
///
/// Labels are bounded: `route` is the matched route template (or `NotFound`), `method` one of the
/// standard methods (else `OTHER`), `status` the numeric code.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    /// Upper bounds of the latency histogram buckets.
    public static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500),
    ]

    private struct RequestKey: Hashable { var route: String; var method: String; var status: Int }
    private struct LatencyKey: Hashable { var route: String; var method: String }
    private let counters = Mutex<[RequestKey: Counter]>([:])
    private let histograms = Mutex<[LatencyKey: DurationHistogram]>([:])
    private let feedbackLastSeqValue = Mutex<Int64>(0)

    // MetricNameDescriptor is not Sendable: made when needed.
    private var requests: MetricNameDescriptor { MetricNameDescriptor(namespace: "kgrec", subsystem: "http", metricName: "requests", unitName: "total",
                                                helpText: "HTTP requests answered, by route template, method and status.") }
    private var latency: MetricNameDescriptor { MetricNameDescriptor(namespace: "kgrec", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                                               helpText: "Time from routing a request to its response head, by route template and method.") }
    private var reloads: MetricNameDescriptor { MetricNameDescriptor(namespace: "kgrec", subsystem: "model", metricName: "reloads", unitName: "total",
                                               helpText: "Model loads attempted, by result (ok or error).") }
    private let version: Gauge
    private let loaded: Gauge
    private let loadSeconds: Gauge
    private let eventsAccepted: Counter
    private let eventsDuplicate: Counter
    private let eventsRejected: Counter
    private let feedbackBatches: Counter
    private let feedbackLastSeq: Gauge
    private let pipelineAnswers: Counter

    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        version = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "kgrec", subsystem: "model", metricName: "version", unitName: "",
            helpText: "Registry id of the model being served (0 = none loaded)."))
        loaded = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "kgrec", subsystem: "model", metricName: "loaded", unitName: "",
            helpText: "1 once a model is loaded and the server is ready, else 0."))
        loadSeconds = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "kgrec", subsystem: "model", metricName: "load", unitName: "seconds",
            helpText: "Wall time of the last successful model load."))
        version.set(to: 0)
        loaded.set(to: 0)
        let events = MetricNameDescriptor(namespace: "kgrec", subsystem: "feedback", metricName: "events", unitName: "total",
                                          helpText: "Feedback events received, by result: accepted (durably logged), duplicate, rejected.")
        eventsAccepted = registry.makeCounter(descriptor: events, labels: [("result", "accepted")])
        eventsDuplicate = registry.makeCounter(descriptor: events, labels: [("result", "duplicate")])
        eventsRejected = registry.makeCounter(descriptor: events, labels: [("result", "rejected")])
        feedbackBatches = registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "kgrec", subsystem: "feedback", metricName: "batches", unitName: "total",
            helpText: "Feedback requests whose events were committed to the event log."))
        feedbackLastSeq = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "kgrec", subsystem: "feedback", metricName: "last_seq", unitName: "",
            helpText: "Event-log position (seq) of the last committed feedback event (0 = none since start)."))
        feedbackLastSeq.set(to: 0)
        pipelineAnswers = registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "kgrec", subsystem: "http", metricName: "pipeline_answers", unitName: "total",
            helpText: "Requests answered from the connection pipeline with an answer rendered before (also counted in kgrec_http_requests_total)."))
    }

    /// Counts one request answered by ``WarmAnswerFastPath`` (on top of ``recordRequest(route:method:status:duration:)``).
    func recordPipelineAnswer() { pipelineAnswers.increment() }

    /// Counts one feedback request's events: `accepted` were committed to the log (up to `lastSeq`),
    /// `duplicates` were already there, `rejected` were invalid.
    public func recordFeedback(accepted: Int, duplicates: Int, rejected: Int, lastSeq: Int64?) {
        if accepted > 0 { eventsAccepted.increment(by: Int64(accepted)) }
        if duplicates > 0 { eventsDuplicate.increment(by: Int64(duplicates)) }
        if rejected > 0 { eventsRejected.increment(by: Int64(rejected)) }
        if accepted + duplicates > 0 { feedbackBatches.increment() }
        // Concurrent commits may report out of order; the gauge only moves forward.
        if let lastSeq { feedbackLastSeqValue.withLock { v in
            if lastSeq > v { v = lastSeq; feedbackLastSeq.set(to: Double(lastSeq)) }
        } }
    }

    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

    /// Counts one answered request and its latency.
    public func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let method = Self.knownMethods.contains(method) ? method : "OTHER"
        let counter = counters.withLock { table in
            let key = RequestKey(route: route, method: method, status: status)
            if let c = table[key] { return c }
            let c = registry.makeCounter(descriptor: requests, labels: [("route", route), ("method", method), ("status", String(status))])
            table[key] = c
            return c
        }
        counter.increment()
        let histogram = histograms.withLock { table in
            let key = LatencyKey(route: route, method: method)
            if let h = table[key] { return h }
            let h = registry.makeDurationHistogram(descriptor: latency, labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets)
            table[key] = h
            return h
        }
        histogram.record(duration)
    }

    /// Records a successful load of model `id`.
    public func modelLoaded(id: Int, seconds: Double) {
        version.set(to: Double(id))
        loaded.set(to: 1)
        loadSeconds.set(to: seconds)
        registry.makeCounter(descriptor: reloads, labels: [("result", "ok")]).increment()
    }

    /// Records a failed load.
    public func modelLoadFailed() {
        registry.makeCounter(descriptor: reloads, labels: [("result", "error")]).increment()
    }

    /// The exposition in Prometheus text format 0.0.4.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}
