// workos-emulator — HTTP1 tests.
// Licensed under the MIT License.

import HTTP1
import Testing

@Suite struct ResponseWriterTests {
    private static func text(
        _ response: HTTPResponse,
        method: HTTPMethod? = .get,
        version: HTTPVersion = .http1_1,
        close: Bool = false
    ) -> String {
        var writer = ResponseWriter(clock: { 784_111_777 })
        return String(
            decoding: writer.serialize(response, requestMethod: method, requestVersion: version, shouldClose: close),
            as: UTF8.self
        )
    }

    @Test func response_GetsContentLengthAndDate() {
        let text = Self.text(HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: Array("hi".utf8)))
        #expect(
            text
                == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nhi"
        )
    }

    @Test func emptyBody_GetsContentLengthZeroAndNoContentType() {
        let text = Self.text(HTTPResponse(status: .ok))
        #expect(text.contains("Content-Length: 0\r\n"))
        #expect(!text.lowercased().contains("content-type"))
    }

    @Test func noContentAndNotModified_GetNoContentLengthOrBody() {
        for status in [HTTPStatus.noContent, .notModified] {
            let text = Self.text(HTTPResponse(status: status, body: Array("ignored".utf8)))
            #expect(!text.contains("Content-Length"))
            #expect(text.hasSuffix("\r\n\r\n"))
        }
    }

    @Test func head_KeepsTheLengthButDropsTheBody() {
        let text = Self.text(HTTPResponse(status: .ok, body: Array("hello".utf8)), method: .head)
        #expect(text.contains("Content-Length: 5\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test func head_KeepsAHandlerStatedLengthWithoutBody() {
        let text = Self.text(HTTPResponse(status: .ok, headers: ["Content-Length": "42"]), method: .head)
        #expect(text.contains("Content-Length: 42\r\n"))
        #expect(!text.contains("Content-Length: 0"))
    }

    @Test func responderHeaders_AreNotDuplicated() {
        let response = HTTPResponse(
            status: .ok,
            headers: ["Date": "custom", "Content-Length": "999", "Connection": "keep-alive"],
            body: Array("abc".utf8)
        )
        let text = Self.text(response, close: true)
        #expect(text.components(separatedBy: "Date:").count == 2)
        #expect(text.contains("Date: custom\r\n"))
        #expect(text.contains("Content-Length: 3\r\n"))
        #expect(!text.contains("999"))
        #expect(text.components(separatedBy: "Connection:").count == 2)
        #expect(text.contains("Connection: close\r\n"))
    }

    @Test func http10KeepAlive_IsAnnounced() {
        #expect(Self.text(HTTPResponse(status: .ok), version: .http1_0).contains("Connection: keep-alive\r\n"))
        #expect(!Self.text(HTTPResponse(status: .ok)).contains("Connection:"))
    }

    @Test func lineBreaksInHeaderValues_AreRemoved() {
        let text = Self.text(HTTPResponse(status: .found, headers: ["Location": "/x\r\nSet-Cookie: evil=1"]))
        #expect(text.contains("Location: /xSet-Cookie: evil=1\r\n"))
        #expect(!text.contains("\r\nSet-Cookie"))
    }

    @Test func imfDate_FormatsKnownInstants() {
        #expect(IMFDate.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(IMFDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(IMFDate.format(secondsSince1970: 1_709_208_000) == "Thu, 29 Feb 2024 12:00:00 GMT")
        #expect(IMFDate.format(secondsSince1970: 4_133_980_799) == "Fri, 31 Dec 2100 23:59:59 GMT")
        #expect(IMFDate.format(secondsSince1970: 4_107_542_399) == "Sun, 28 Feb 2100 23:59:59 GMT")
    }

    @Test func headers_SubscriptReplacesAndRemovesCaseInsensitively() {
        var headers: HTTPHeaders = ["Set-Cookie": "a", "X-A": "1", "set-cookie": "b"]
        #expect(headers.values(for: "SET-COOKIE") == ["a", "b"])
        headers["Set-Cookie"] = "c"
        #expect(headers.values(for: "set-cookie") == ["c"])
        #expect(headers.count == 2)
        headers["x-a"] = nil
        #expect(!headers.contains("X-A"))
        headers.add(name: "X-B", value: "2")
        headers.remove(name: "x-b")
        #expect(headers.count == 1)
        #expect(Array(headers).first?.name == "Set-Cookie")
    }

    @Test func status_EqualityComparesCodesOnly() {
        #expect(HTTPStatus(code: 200, reasonPhrase: "Fine") == .ok)
        #expect(HTTPStatus(code: 404).reasonPhrase == "Not Found")
    }
}
