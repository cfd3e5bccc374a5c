package domain

import (
	"errors"
	"fmt"
)

// Code is the machine-readable kind of an error, sent to clients as extensions.code.
type Code string

// The codes a client can act on. They are fixed by the public API.
const (
	CodeUnauthenticated Code = "UNAUTHENTICATED"
	CodeForbidden       Code = "FORBIDDEN"
	CodeNotFound        Code = "NOT_FOUND"
	CodeBadUserInput    Code = "BAD_USER_INPUT"
	CodeConflict        Code = "CONFLICT"
	CodeTooComplex      Code = "TOO_COMPLEX"
	CodeRateLimited     Code = "RATE_LIMITED"
	// CodePasswordChangeRequired: the user signed in with a password an admin gave out
	// and must choose their own (changePassword) before anything else.
	CodePasswordChangeRequired Code = "PASSWORD_CHANGE_REQUIRED"
	CodeUnavailable            Code = "UNAVAILABLE"
	CodeInternal               Code = "INTERNAL"
)

// Error is an error with a code, a message a person can read, and, for input errors, the
// input field it is about (as a dotted path such as "input.hours").
type Error struct {
	Code    Code
	Message string
	Field   string
	Err     error // the cause, never shown to clients
	// The message's pattern and values (bad input), to write it again in Chinese.
	format string
	args   []any
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf makes a coded error.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid reports bad input in one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: CodeBadUserInput, Field: field, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// Conflict reports input that clashes with a record already stored, with its reason
// written again in Chinese where its pattern is known.
func Conflict(field, format string, args ...any) *Error {
	return &Error{Code: CodeConflict, Field: field, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// NotFound reports a record that does not exist or that the caller may not know exists.
func NotFound(kind, id string) *Error {
	return &Error{Code: CodeNotFound, Message: fmt.Sprintf("%s %q not found", kind, id)}
}

// Forbidden reports an action the caller's role or scope does not allow.
func Forbidden(format string, args ...any) *Error {
	return Errorf(CodeForbidden, format, args...)
}

// Unauthenticated reports a missing, expired or revoked login.
var Unauthenticated = &Error{Code: CodeUnauthenticated, Message: "please log in"}

// CodeOf returns the code of err, INTERNAL for errors that carry none.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}
