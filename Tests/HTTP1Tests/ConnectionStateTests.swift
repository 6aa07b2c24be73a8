// workos-emulator — HTTP1 tests.
// Licensed under the MIT License.

import HTTP1
import Testing

@Suite struct ConnectionStateTests {
    private static let timeouts = ConnectionState.Timeouts(header: .seconds(10), body: .seconds(30), idle: .seconds(60))
    private static let start = ContinuousClock.now

    private static func completeOne(
        _ state: inout ConnectionState,
        version: HTTPVersion = .http1_1,
        request: HTTPHeaders = ["Host": "a"],
        response: HTTPHeaders = [:],
        stopping: Bool = false
    ) -> Bool {
        state.requestStarted(at: Self.start)
        let keepAlive = state.requestCompleted(
            version: version,
            requestHeaders: request,
            responseHeaders: response,
            isServerStopping: stopping
        )
        state.responseSent(at: Self.start + .seconds(1))
        return keepAlive
    }

    @Test func newConnection_IsIdleWithTheIdleDeadline() {
        let state = ConnectionState(timeouts: Self.timeouts, now: Self.start)
        #expect(state.phase == .idle)
        #expect(state.deadline == Self.start + .seconds(60))
        #expect(state.timeoutAction == .closeSilently)
    }

    @Test func http11_KeepsAliveByDefault() {
        var state = ConnectionState(timeouts: Self.timeouts, now: Self.start)
        #expect(Self.completeOne(&state))
        #expect(state.phase == .idle)
        #expect(state.completedRequests == 1)
        #expect(state.deadline == Self.start + .seconds(61))
    }

    @Test func http11_ConnectionCloseFromClient_Closes() {
        var state = ConnectionState(timeouts: Self.timeouts, now: Self.start)
        #expect(!Self.completeOne(&state, request: ["Host": "a", "Connection": "Keep-Alive, CLOSE"]))
        #expect(state.phase == .closed)
    }

    @Test func connectionCloseFromResponder_Closes() {
        var state = ConnectionState(timeouts: Self.timeouts, now: Self.start)
        #expect(!Self.completeOne(&state, response: ["Connection": "close"]))
    }

    @Test func http10_ClosesUnlessKeepAliveIsAsked() {
        var plain = ConnectionState(timeouts: Self.timeouts, now: Self.start)
        #expect(!Self.completeOne(&plain, version: .http1_0, request: [:]))
        var keepAlive = ConnectionState(timeouts: Self.timeouts, now: Self.start)
        #expect(Self.completeOne(&keepAlive, version: .http1_0, request: ["Connection": "keep-alive"]))
    }

    @Test func stoppingServer_Closes() {
        var state = ConnectionState(timeouts: Self.timeouts, now: Self.start)
        #expect(!Self.completeOne(&state, stopping: true))
    }

    @Test func maxRequestsPerConnection_ClosesAfterTheLastOne() {
        var state = ConnectionState(timeouts: Self.timeouts, maxRequests: 2, now: Self.start)
        #expect(Self.completeOne(&state))
        #expect(!Self.completeOne(&state))
        #expect(state.phase == .closed)
    }

    @Test func headerDeadline_StartsAtTheFirstByte() {
        var state = ConnectionState(timeouts: Self.timeouts, now: Self.start)
        state.requestStarted(at: Self.start + .seconds(50))
        #expect(state.phase == .readingHead)
        #expect(state.deadline == Self.start + .seconds(60))
        #expect(state.timeoutAction == .respondAndClose(.requestTimeout))
        #expect(!state.hasTimedOut(at: Self.start + .seconds(59)))
        #expect(state.hasTimedOut(at: Self.start + .seconds(60)))
    }

    @Test func laterBytes_DoNotExtendTheHeaderDeadline() {
        var state = ConnectionState(timeouts: Self.timeouts, now: Self.start)
        state.requestStarted(at: Self.start)
        state.requestStarted(at: Self.start + .seconds(5))
        #expect(state.deadline == Self.start + .seconds(10))
    }

    @Test func bodyDeadline_StartsWhenTheHeadIsComplete() {
        var state = ConnectionState(timeouts: Self.timeouts, now: Self.start)
        state.requestStarted(at: Self.start)
        state.headCompleted(at: Self.start + .seconds(2))
        #expect(state.phase == .readingBody)
        #expect(state.deadline == Self.start + .seconds(32))
        #expect(state.timeoutAction == .respondAndClose(.requestTimeout))
    }

    @Test func respondingPhase_HasNoDeadline() {
        var state = ConnectionState(timeouts: Self.timeouts, now: Self.start)
        state.requestStarted(at: Self.start)
        _ = state.requestCompleted(
            version: .http1_1,
            requestHeaders: [:],
            responseHeaders: [:],
            isServerStopping: false
        )
        #expect(state.phase == .responding)
        #expect(state.deadline == nil)
        #expect(!state.hasTimedOut(at: Self.start + .seconds(1000)))
    }

    @Test func close_EndsTheConnection() {
        var state = ConnectionState(timeouts: Self.timeouts, now: Self.start)
        state.close()
        #expect(state.phase == .closed)
        #expect(state.deadline == nil)
    }
}
