package vi

// Words the writers of an administrative document (internal/document)
// print themselves; everything else in a document comes from its model.
const (
	// DocRecipients heads the list of recipients at the bottom left.
	DocRecipients = "Nơi nhận:"
	// DocSignHint is written under each signer of a voucher.
	DocSignHint = "(Ký, họ tên)"
	// DocAppendixSheet names the sheet of an appendix without a title.
	DocAppendixSheet = "Phụ lục %d"
	// DocNotesHeading heads the notes under a section in plain text.
	DocNotesHeading = "Ghi chú:"
)
