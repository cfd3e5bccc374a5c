package app

import "fmt"

// What a mutation does around its work is declared where the work is written: each
// mutation's declaration stands beside the method that does it, and the HTTP layer
// applies it (httpapi reads OperationOf). A mutation that declares nothing is refused, and
// a test fails for every mutation of the schema without a declaration.

// Writes says how a mutation writes its records and its audit entry.
type Writes int

const (
	// InTransaction: the records and the audit entry are written in the store's shared
	// write transaction, both or neither; twenty teachers logging at once cost one
	// commit each.
	InTransaction Writes = iota + 1
	// OutsideTransaction: the mutation does slow work besides writing (hashing a password,
	// decoding a photo, calling the photo store), which in the shared transaction would
	// hold every other write up. Its audit entry is written after it.
	OutsideTransaction
	// Unrecorded: the mutation changes no record (signing in and out): no audit entry.
	Unrecorded
)

// Operation is what a root field of the API declares.
type Operation struct {
	Name string
	// Writes is how a mutation writes (zero for a query).
	Writes Writes
	// WhilePasswordGivenOut: answered to a user signed in with a password an admin gave
	// out, before they choose their own (who they are, the change itself, signing out).
	WhilePasswordGivenOut bool
	// Protected names input fields (at any depth) that its audit entry never holds: a
	// child's protected fields, which the store keeps only sealed.
	Protected []string
}

var operations = map[string]Operation{}

// declare records what a root field declares; a name declared twice is a mistake in the
// code, found at start.
func declare(op Operation) Operation {
	if _, dup := operations[op.Name]; dup {
		panic(fmt.Sprintf("operation %s is declared twice", op.Name))
	}
	operations[op.Name] = op
	return op
}

// mutation declares a mutation that writes as w.
func mutation(name string, w Writes) Operation { return declare(Operation{Name: name, Writes: w}) }

// OperationOf returns what the root field name declared, and whether it declared anything.
func OperationOf(name string) (Operation, bool) {
	op, ok := operations[name]
	return op, ok
}
