package audit

// The action codes of sign-in and API tokens (issue 7), kept apart from
// the list in audit.go so that the areas adding codes at the same time do
// not edit the same lines. Labels for people are in vi.AuditAction.
const (
	// ActionSignInFailed is a sign-in (or a check of the current password)
	// with a wrong password, an unknown e-mail or a locked account.
	ActionSignInFailed = "signin.failed"
	// ActionSignInThrottled is a sign-in refused before the password was
	// checked, after too many failures; the first refusal of each waiting
	// period is recorded, not every one, so that hammering the page does
	// not fill the log.
	ActionSignInThrottled = "signin.throttled"
	// ActionTokenRevoke is an API token revoked: by its owner, or with
	// every token of a user when their password is set.
	ActionTokenRevoke = "token.revoke"
)
