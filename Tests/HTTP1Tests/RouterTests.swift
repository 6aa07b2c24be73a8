// workos-emulator — HTTP1 tests.
// Licensed under the MIT License.

import HTTP1
import Testing

@Suite struct RouterTests {
    /// A handler whose response body names the route, so a test can tell which one matched.
    private static func named(_ name: String) -> HTTPHandler {
        { _ in HTTPResponse(status: .ok, text: name) }
    }

    /// The matched route's name and parameters, or nil.
    private static func resolve(
        _ router: Router,
        _ method: HTTPMethod,
        _ path: String
    ) throws
        -> (name: String, parameters: [String: String])?
    {
        guard case .found(let handler, let parameters) = router.match(method, rawPath: path) else {
            return nil
        }
        let response = try handler(HTTPRequest(method: method, target: path))
        return (response.bodyText, parameters)
    }

    @Test func staticRoute_Matches() throws {
        var router = Router()
        router.add(.get, "/organizations", Self.named("list"))
        let match = try #require(try Self.resolve(router, .get, "/organizations"))
        #expect(match.name == "list")
        #expect(match.parameters.isEmpty)
    }

    @Test func rootRoute_Matches() throws {
        var router = Router()
        router.add(.get, "/", Self.named("root"))
        #expect(try Self.resolve(router, .get, "/")?.name == "root")
        #expect(try Self.resolve(router, .get, "")?.name == "root")
    }

    @Test func parameterSegments_AreCaptured() throws {
        var router = Router()
        router.add(.get, "/organizations/:id/roles/:slug", Self.named("role"))
        let match = try #require(try Self.resolve(router, .get, "/organizations/org_1/roles/admin"))
        #expect(match.parameters == ["id": "org_1", "slug": "admin"])
    }

    @Test func staticSegment_WinsOverParameter() throws {
        var router = Router()
        router.add(.get, "/users/:id", Self.named("byId"))
        router.add(.get, "/users/me", Self.named("me"))
        #expect(try Self.resolve(router, .get, "/users/me")?.name == "me")
        #expect(try Self.resolve(router, .get, "/users/u_1")?.name == "byId")
    }

    @Test func staticDeadEnd_BacktracksToParameter() throws {
        var router = Router()
        router.add(.get, "/users/me", Self.named("me"))
        router.add(.get, "/users/:id/roles", Self.named("roles"))
        let match = try #require(try Self.resolve(router, .get, "/users/me/roles"))
        #expect(match.name == "roles")
        #expect(match.parameters == ["id": "me"])
    }

    @Test func differentParameterNames_AtTheSamePosition_AreKeptPerRoute() throws {
        var router = Router()
        router.add(.get, "/organizations/:id", Self.named("org"))
        router.add(.get, "/organizations/:organizationId/roles", Self.named("roles"))
        #expect(try Self.resolve(router, .get, "/organizations/o1")?.parameters == ["id": "o1"])
        #expect(try Self.resolve(router, .get, "/organizations/o2/roles")?.parameters == ["organizationId": "o2"])
    }

    @Test func wrongMethod_Is405WithTheAllowedList() {
        var router = Router()
        router.add(.get, "/organizations/:id", Self.named("get"))
        router.add(.put, "/organizations/:id", Self.named("put"))
        router.add(.delete, "/organizations/:id", Self.named("delete"))
        guard case .methodNotAllowed(let allowed) = router.match(.post, rawPath: "/organizations/o1") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == [.get, .head, .put, .delete])
    }

    @Test func unknownPath_IsNotFound() {
        var router = Router()
        router.add(.get, "/organizations", Self.named("list"))
        guard case .notFound = router.match(.get, rawPath: "/users") else {
            Issue.record("expected 404")
            return
        }
        guard case .notFound = router.match(.get, rawPath: "/organizations/extra") else {
            Issue.record("expected 404")
            return
        }
    }

    @Test func head_FallsBackToGet() throws {
        var router = Router()
        router.add(.get, "/health", Self.named("get"))
        #expect(try Self.resolve(router, .head, "/health")?.name == "get")
    }

    @Test func explicitHeadRoute_WinsOverGet() throws {
        var router = Router()
        router.add(.get, "/health", Self.named("get"))
        router.add(.head, "/health", Self.named("head"))
        #expect(try Self.resolve(router, .head, "/health")?.name == "head")
    }

    @Test func encodedSlash_StaysInOneSegment() throws {
        var router = Router()
        router.add(.get, "/files/:name", Self.named("file"))
        let match = try #require(try Self.resolve(router, .get, "/files/a%2Fb%20c"))
        #expect(match.parameters == ["name": "a/b c"])
        guard case .notFound = router.match(.get, rawPath: "/files/a/b") else {
            Issue.record("a real slash must split segments")
            return
        }
    }

    @Test func trailingSlash_IsIgnored() throws {
        var router = Router()
        router.add(.get, "/organizations/:id", Self.named("org"))
        #expect(try Self.resolve(router, .get, "/organizations/o1/")?.parameters == ["id": "o1"])
    }

    @Test func emptySegment_DoesNotMatchAParameter() {
        var router = Router()
        router.add(.get, "/organizations/:id/roles", Self.named("roles"))
        guard case .notFound = router.match(.get, rawPath: "/organizations//roles") else {
            Issue.record("an empty segment is not an id")
            return
        }
    }

    @Test func contains_DetectsTheSameShapeWhateverTheParameterNames() {
        var router = Router()
        router.add(.get, "/organizations/:id", Self.named("org"))
        #expect(router.contains(.get, "/organizations/:organizationId"))
        #expect(router.contains(.get, "/organizations/:id/"))
        #expect(!router.contains(.post, "/organizations/:id"))
        #expect(!router.contains(.get, "/organizations"))
        #expect(!router.contains(.get, "/organizations/static"))
    }

    @Test func makeHandler_FillsParametersAndReportsMisses() throws {
        var router = Router()
        router.add(.get, "/items/:id", { request in HTTPResponse(status: .ok, text: request.parameters["id"] ?? "") })
        let handler = router.makeHandler(
            notFound: { _ in HTTPResponse(status: .notFound) },
            methodNotAllowed: { allowed, _ in
                HTTPResponse(
                    status: .methodNotAllowed,
                    headers: ["Allow": allowed.map(\.rawValue).joined(separator: ", ")]
                )
            }
        )
        #expect(try handler(HTTPRequest(method: .get, target: "/items/i%201?x=1")).bodyText == "i 1")
        #expect(try handler(HTTPRequest(method: .get, target: "/nope")).status == .notFound)
        let notAllowed = try handler(HTTPRequest(method: .delete, target: "/items/1"))
        #expect(notAllowed.status == .methodNotAllowed)
        #expect(notAllowed.headers["Allow"] == "GET, HEAD")
    }

    @Test func middleware_RunsOutermostFirst() throws {
        let trace: Middleware = { request, next in
            var response = try next(request)
            response.headers.add(name: "X-Trace", value: "outer")
            return response
        }
        let inner: Middleware = { request, next in
            var response = try next(request)
            response.headers.add(name: "X-Trace", value: "inner")
            return response
        }
        let handler = applying([trace, inner], to: { _ in HTTPResponse(status: .ok) })
        let response = try handler(HTTPRequest(method: .get, target: "/"))
        #expect(response.headers.values(for: "X-Trace") == ["inner", "outer"])
    }
}
