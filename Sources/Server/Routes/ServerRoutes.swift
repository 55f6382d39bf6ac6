/// The API's endpoints, in registration order. Adding an endpoint: write its ``APIRoute`` in
/// a file of its own, append it here, and describe it in `openapi/kgrec.json` (a test checks
/// the two agree).
public enum ServerRoutes {
    public static func all(state: ServerState) -> [any APIRoute] {
        [
            HealthRoute(),
            ReadinessRoute(state: state),
            MetricsRoute(state: state),
            UserRecommendationsRoute(state: state),
            ColdStartRoute(state: state),
            ItemRoute(state: state),
            ExplanationRoute(state: state),
            FeedbackRoute(state: state),
            ReloadRoute(state: state),
        ]
    }
}
