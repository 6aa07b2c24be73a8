// workos-emulator — error codes of Admin Portal links and widget tokens.
// Licensed MIT.

extension APIErrorCode {
    /// 404 on `POST /widgets/token`: the user has no active membership in the organization, so no role grants it a
    /// widget permission there (https://workos.com/docs/widgets/tokens: "the user must be assigned a role with the
    /// correct permissions for the widget"). The code is the one WorkOS uses for the same case on
    /// `/user_management/authenticate`.
    public static let organizationMembershipNotFound = APIErrorCode(rawValue: "organization_membership_not_found")
}
