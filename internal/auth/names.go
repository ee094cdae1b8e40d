package auth

import (
	"context"
	"fmt"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
)

// NamesOf maps e-mails, as the tables that say who did something keep
// them (audit.Actor.Name), to the names of their users, so that pages show
// "Nguyễn Văn An" where the table holds an address. An e-mail without a
// user (or "cli") is left out; the caller shows it as kept. Names are no
// secret to anyone who sees what the person did, so no scope applies.
func NamesOf(ctx context.Context, q store.Querier, emails []string) (map[string]string, error) {
	out := map[string]string{}
	seen := map[string]bool{}
	var args []any
	for _, e := range emails {
		if e != "" && !seen[e] {
			seen[e] = true
			args = append(args, e)
		}
	}
	for len(args) > 0 {
		// Bounded batches keep within the parameter limits of both dialects.
		n := min(len(args), 500)
		rows, err := q.Query(ctx, `SELECT email, name FROM users WHERE email IN (`+store.Placeholders(n)+`)`, args[:n]...)
		if err != nil {
			return nil, fmt.Errorf("names of users: %w", err)
		}
		for rows.Next() {
			var email, name string
			if err := rows.Scan(&email, &name); err != nil {
				rows.Close()
				return nil, fmt.Errorf("names of users: %w", err)
			}
			out[email] = name
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("names of users: %w", err)
		}
		args = args[n:]
	}
	return out, nil
}
