// workos-emulator — HTTP1 tests.
// Licensed under the MIT License.

import HTTP1
import Testing

@Suite struct QueryItemsTests {
    @Test func pairs_AreDecodedInOrder() {
        let query = QueryItems(parsing: "a=1&b=x%20y&c=&d")
        #expect(query.items.map(\.name) == ["a", "b", "c", "d"])
        #expect(query["b"] == "x y")
        #expect(query["c"] == "")
        #expect(query["d"] == "")
        #expect(query["missing"] == nil)
        #expect(query.contains("d"))
        #expect(!query.contains("e"))
    }

    @Test func plus_MeansSpace() {
        let query = QueryItems(parsing: "q=hello+world&email=a%2Bb%40c.com")
        #expect(query["q"] == "hello world")
        #expect(query["email"] == "a+b@c.com")
    }

    @Test func malformedEscapes_AreKeptLiterally() {
        let query = QueryItems(parsing: "a=100%&b=%zz&c=%4&d=%41")
        #expect(query["a"] == "100%")
        #expect(query["b"] == "%zz")
        #expect(query["c"] == "%4")
        #expect(query["d"] == "A")
    }

    @Test func emptyPieces_AreSkipped() {
        let query = QueryItems(parsing: "&&a=1&&")
        #expect(query.items.count == 1)
    }

    @Test func repeatedKeys_KeepAllValues() {
        let query = QueryItems(parsing: "k=a&x=1&k=b")
        #expect(query.values(for: "k") == ["a", "b"])
        #expect(query["k"] == "a")
    }

    @Test func array_AcceptsCommaJoinedValues() {
        #expect(QueryItems(parsing: "domains=a.com,b.com").array("domains") == ["a.com", "b.com"])
    }

    @Test func array_AcceptsRepeatedKeys() {
        #expect(QueryItems(parsing: "domains=a.com&domains=b.com").array("domains") == ["a.com", "b.com"])
    }

    @Test func array_AcceptsBracketedAndIndexedKeys() {
        #expect(QueryItems(parsing: "domains%5B%5D=a.com&domains[]=b.com").array("domains") == ["a.com", "b.com"])
        #expect(QueryItems(parsing: "domains[0]=a.com&domains[1]=b.com").array("domains") == ["a.com", "b.com"])
    }

    @Test func array_DropsEmptyPiecesAndIgnoresOtherKeys() {
        let query = QueryItems(parsing: "ids=,a,,b,&ids=&idsx=c&ids[k]=d")
        #expect(query.array("ids") == ["a", "b"])
        #expect(query.array("missing") == [])
    }

    @Test func dictionary_CollectsSubscriptedKeys() {
        let query = QueryItems(
            parsing:
                "provider_query_params[x]=1&provider_query_params%5Bprompt%5D=consent&other[y]=2&provider_query_params[]=z"
        )
        #expect(query.dictionary("provider_query_params") == ["x": "1", "prompt": "consent"])
    }

    @Test func formFields_AreReadOnlyForFormBodies() {
        let form = HTTPRequest(
            method: .post,
            target: "/token",
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"],
            body: Array("grant_type=authorization_code&code=a+b".utf8)
        )
        #expect(form.formFields["grant_type"] == "authorization_code")
        #expect(form.formFields["code"] == "a b")
        let json = HTTPRequest(
            method: .post,
            target: "/token",
            headers: ["Content-Type": "application/json"],
            body: Array("a=b".utf8)
        )
        #expect(json.formFields.isEmpty)
    }

    @Test func requestPath_IsPercentDecodedButPlusIsKept() {
        let request = HTTPRequest(method: .get, target: "/a%20b+c/%2F?x=1+2")
        #expect(request.path == "/a b+c//")
        #expect(request.rawPath == "/a%20b+c/%2F")
        #expect(request.query["x"] == "1 2")
    }
}
