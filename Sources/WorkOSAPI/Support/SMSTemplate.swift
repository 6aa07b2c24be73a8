// workos-emulator — the `sms_template` of `POST /auth/factors/{id}/challenge` (catalog-B §5; PY10
// `challenge_factor`: "Use the {{code}} placeholder to include the verification code. Must not contain URLs or domain
// names.").
// Licensed MIT.

import Foundation

/// Checks and renders SMS templates.
enum SMSTemplate {
    /// The placeholder the code replaces.
    static let placeholder = "{{code}}"
    /// The message when no template is given (the emulator's wording; WorkOS does not publish its default).
    static let defaultTemplate = "Your verification code is {{code}}"

    /// The field error of a template without `{{code}}` or with a URL or domain name, else nil.
    static func problem(of template: String) -> FieldError? {
        if !template.contains(self.placeholder) {
            return .invalid("sms_template", "sms_template must contain the {{code}} placeholder.")
        }
        if self.containsURLOrDomain(template) {
            return .invalid("sms_template", "sms_template must not contain URLs or domain names.")
        }
        return nil
    }

    /// The message with the code in place of every `{{code}}`.
    static func render(_ template: String?, code: String) -> String {
        (template ?? self.defaultTemplate).replacingOccurrences(of: self.placeholder, with: code)
    }

    /// True when the text has a scheme (`https://…`), a `www.` prefix or a word that looks like
    /// a host name: labels of letters, digits and hyphens joined by dots, the last one 2+ letters (`acme.com`,
    /// `login.example.org`). "e.g." and "3.5" are not host names.
    static func containsURLOrDomain(_ text: String) -> Bool {
        let lowered = text.lowercased()
        if lowered.contains("://") || lowered.contains("www.") { return true }
        let words = lowered.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".")) }
        return words.contains { word in
            // A sentence's full stop is not part of the name ("Visit acme.com.").
            let name = word.trimmingCharacters(in: CharacterSet(charactersIn: "."))
            let labels = name.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count >= 2, let last = labels.last, labels.allSatisfy({ !$0.isEmpty }) else { return false }
            return last.count >= 2 && last.allSatisfy(\.isLetter)
        }
    }
}
