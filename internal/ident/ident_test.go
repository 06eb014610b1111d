package ident

import "testing"

func TestNumbered(t *testing.T) {
	taken := map[string]bool{"a": true, "a_2": true, "a_3": true}
	if got := Numbered("a", func(s string) bool { return taken[s] }); got != "a_4" {
		t.Errorf("got %s, want a_4", got)
	}
	if got := Numbered("b", func(s string) bool { return taken[s] }); got != "b_2" {
		t.Errorf("got %s, want b_2", got)
	}
}

func TestConverters(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"sanitize keeps", Sanitize, "a_B9", "a_B9"},
		{"sanitize digit", Sanitize, "9lives", "_9lives"},
		{"sanitize punctuation", Sanitize, "a-b.c", "a_b_c"},
		{"sanitize non-ASCII", Sanitize, "Größe", "Groesse"},
		{"sanitize other script", Sanitize, "Имя", "U0418U043CU044F"},
		{"pascal non-ASCII", Pascal, "Größe der Tür", "GroesseDerTuer"},
		{"sanitize empty", Sanitize, "", "_"},
		{"pascal words", Pascal, "order item-v2", "OrderItemV2"},
		{"pascal digit", Pascal, "2fa", "T2fa"},
		{"upper snake camel", UpperSnake, "httpStatus", "HTTP_STATUS"},
		{"upper snake acronym", UpperSnake, "HTTPStatus", "HTTP_STATUS"},
		{"upper snake dots", UpperSnake, "a.b-c", "A_B_C"},
		{"lower snake", LowerSnake, "EmailChannel", "email_channel"},
		{"upper first", UpperFirst, "get", "Get"},
		{"upper first empty", UpperFirst, "", ""},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("%s: %q gives %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
