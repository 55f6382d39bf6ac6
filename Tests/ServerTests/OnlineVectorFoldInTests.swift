import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The served model's implicit-ALS part is folded in online: a user with feedback keeps the whole blend.
@Suite struct OnlineVectorFoldInTests {
    @Test func theServedModelsALSPartIsFoldedInForUsersWithFeedback() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.application().test(.router) { client in
            let body = #"{"event_id": "fold-1", "user": "1", "item": "11", "kind": "like", "timestamp": 1}"#
            let r = try await client.execute(uri: "/v1/feedback", method: .post, body: .json(body))
            #expect(r.status == .accepted)
            let after = try await client.execute(uri: "/v1/users/1/recommendations?k=3", method: .get)
            #expect(after.json["source"] as? String == "online")
        }
        // The fixture trains the default configuration (ALS on): the fold-in was built for it.
        let error = await fixture.server.state.online.vectorFoldInError
        #expect(error == nil, "\(error ?? "")")
        #expect(await fixture.server.state.online.foldsInVectorPart)
    }
}
