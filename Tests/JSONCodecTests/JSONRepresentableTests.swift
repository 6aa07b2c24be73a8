// workos-emulator: how wire models render themselves.

import JSONCodec
import Testing

@Suite struct JSONRepresentableTests {
    /// A wire model shaped like the emulator's (an organization with optional fields).
    private struct Organization: JSONRepresentable {
        var id: String
        var name: String
        var externalID: String?
        var domains: [String]
        var allowProfilesOutsideOrganization: Bool

        var json: JSON {
            [
                "object": "organization",
                "id": self.id.json,
                "name": self.name.json,
                "external_id": self.externalID.json,
                "domains": self.domains.json,
                "allow_profiles_outside_organization": self.allowProfilesOutsideOrganization.json,
            ]
        }
    }

    @Test func json_RendersAModelWithObjectFirstAndExplicitNulls() {
        let organization = Organization(
            id: "org_01",
            name: "Acme",
            externalID: nil,
            domains: ["acme.com"],
            allowProfilesOutsideOrganization: false
        )
        #expect(
            organization.json.serializedString
                == #"{"object":"organization","id":"org_01","name":"Acme","external_id":null,"#
                + #""domains":["acme.com"],"allow_profiles_outside_organization":false}"#
        )
    }

    @Test func json_RendersStandardTypes() {
        #expect("s".json == .string("s"))
        #expect(5.json == .int(5))
        #expect(2.5.json == .double(2.5))
        #expect(true.json == .bool(true))
        #expect(JSON.int(1).json == .int(1))
        #expect((["k": 1] as JSONObject).json == .object(["k": 1]))
    }

    @Test func json_RendersNilOptionalsAsNull() {
        let missing: String? = nil
        let present: Int? = 3
        let nested: Bool?? = .some(nil)
        #expect(missing.json == .null)
        #expect(present.json == .int(3))
        #expect(nested.json == .null)
    }

    @Test func json_RendersArraysElementByElement() {
        let values: [Int?] = [1, nil, 3]
        #expect(values.json == [1, nil, 3])
        let models = [
            Organization(id: "a", name: "A", externalID: "x", domains: [], allowProfilesOutsideOrganization: true)
        ]
        #expect(models.json[0]?["external_id"] == "x")
    }
}
