package vi

// Sign-in throttling, token revocation and the tokens of the account page
// (internal/auth, internal/web/account.go, khuyenhoc user passwd, issue 7).
const (
	// ErrAuthThrottledPair refuses a sign-in after repeated failures for
	// this e-mail from this address: minutes to wait, then the time (Vietnam).
	ErrAuthThrottledPair = "đăng nhập sai nhiều lần với email này từ máy của bạn; vui lòng thử lại sau %d phút (lúc %s, giờ Việt Nam)"
	// ErrAuthThrottledNet refuses a sign-in after very many failures for
	// many e-mails from one network address.
	ErrAuthThrottledNet = "có quá nhiều lần đăng nhập sai từ địa chỉ mạng này; vui lòng thử lại sau %d phút (lúc %s, giờ Việt Nam)"
	// ErrCrossOrigin refuses a change sent from a page of another site.
	ErrCrossOrigin = "yêu cầu được gửi từ một trang web khác (%s) nên bị từ chối; hãy thao tác trực tiếp trên trang của hệ thống"
	// ErrAuthTokenRevoked refuses to revoke a token twice.
	ErrAuthTokenRevoked = "mã truy cập số %d đã bị thu hồi từ trước"
	// ErrAuthOwnPasswordNoUser refuses an own-password change without a user.
	ErrAuthOwnPasswordNoUser = "chỉ người dùng đã đăng nhập mới tự đổi được mật khẩu của mình; trên máy chủ hãy dùng khuyenhoc user passwd"
	// ErrTokenForOther refuses to make an API token for another user
	// through the web: only the user themselves or the local administrator.
	ErrTokenForOther = "chỉ chính người dùng hoặc quản trị trên máy chủ mới tạo được mã API cho %s"
	// ErrAuthBadTokenID is a token number that is not a number.
	ErrAuthBadTokenID = "số của mã truy cập %q không hợp lệ"
	// ErrOwnPasswordChangedMeanwhile refuses an own-password change when
	// the password was changed elsewhere between the check of the current
	// one and the change.
	ErrOwnPasswordChangedMeanwhile = "mật khẩu vừa được đổi ở nơi khác trong lúc bạn gửi; hãy tải lại trang và nhập mật khẩu hiện tại mới"

	AuditActionSignInFailed    = "đăng nhập sai"
	AuditActionSignInThrottled = "đăng nhập bị tạm chặn"
	AuditActionTokenRevoke     = "thu hồi mã truy cập"
	// AuditSignInDetail is a failed sign-in: the e-mail tried and the address.
	AuditSignInDetail = "email %s, địa chỉ %s"
	// AuditSignInThrottledDetail adds until when the attempts are refused.
	AuditSignInThrottledDetail = "email %s, địa chỉ %s, tạm chặn đến %s"
	// AuditPasswordDetail is a password set by someone else (an admin, the
	// command line): whose, and how many API tokens went with it.
	AuditPasswordDetail = "%s; %d mã truy cập bị thu hồi"
	// AuditOwnPasswordDetail is a user changing their own password.
	AuditOwnPasswordDetail = "%s tự đổi mật khẩu; %d mã truy cập bị thu hồi"
	// AuditTokenRevokeDetail names the revoked token: owner, name, number.
	AuditTokenRevokeDetail = "%s: mã «%s» (số %d)"
	// AuditTokenRevokeByPassword is the same, revoked by a password change.
	AuditTokenRevokeByPassword = "%s: mã «%s» (số %d), do đổi mật khẩu"

	TokenListSummary   = "liệt kê mã truy cập API của một người dùng (không hiện mã)"
	TokenRevokeSummary = "thu hồi một mã truy cập API của một người dùng"
	FlagTokenID        = "số của mã truy cập (xem khuyenhoc token list)"
	ErrTokenRevokeArgs = "cần --user EMAIL và --id SỐ, ví dụ: khuyenhoc token revoke --user a@b.vn --id 3"
	TokenRevokedDone   = "Đã thu hồi mã truy cập «%s» (số %d) của %s."
	LabelTokenID       = "Số"
	LabelTokenName     = "Tên"
	LabelTokenCreated  = "Ngày tạo"
	LabelTokenUsed     = "Dùng lần cuối"

	// UserPasswordSetRevoked is `user passwd` done: e-mail, tokens revoked.
	UserPasswordSetRevoked = "Đã đặt lại mật khẩu cho %s; các phiên đăng nhập cũ đã bị đăng xuất và %d mã truy cập API đã bị thu hồi."
	// AccountDonePassword follows a password change on the account page.
	AccountDonePassword = "Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất và %d mã truy cập API đã bị thu hồi."
	// AccountDoneRevoked follows revoking one token on the account page.
	AccountDoneRevoked = "Đã thu hồi mã truy cập «%s»; chương trình dùng mã này sẽ không truy cập được nữa."
	// AccountPasswordHint is said before a password change, with the number
	// of API tokens that still work.
	AccountPasswordHint = "Sau khi đổi, các phiên đăng nhập trên máy khác sẽ bị đăng xuất (máy này vẫn đăng nhập) và mọi mã truy cập API của bạn (hiện có %d mã đang dùng) sẽ bị thu hồi; chương trình dùng các mã đó sẽ cần mã mới."
	// AccountTokenRevokedAt is a revoked token's state.
	AccountTokenRevokedAt = "đã thu hồi lúc %s"
)
