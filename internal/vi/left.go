package vi

// Texts of the part of issue 7 that moved the last rules into the areas
// (the own-password change, the lineage import, scoped reads).
const (
	// ErrOwnPasswordChangedMeanwhile refuses an own-password change when
	// the password was changed elsewhere between the check of the current
	// one and the change.
	ErrOwnPasswordChangedMeanwhile = "mật khẩu vừa được đổi ở nơi khác trong lúc bạn gửi; hãy tải lại trang và nhập mật khẩu hiện tại mới"
)
