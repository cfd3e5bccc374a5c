// Package domain holds the records of urban–rural kindergarten pairing (城乡结对帮扶) and
// the rules that depend on nothing else: semester arithmetic, targets, validation of
// inputs and the coded errors every layer returns. It imports no database or transport.
package domain
