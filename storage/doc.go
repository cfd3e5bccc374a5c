// Package storage keeps the domain's records in MongoDB — a real server when MONGODB_URI
// is set, otherwise FerretDB embedded in this process on SQLite files — and, later, the
// photo stores. It knows how to read and write records fast on both, and nothing about
// who may do what: callers pass the access scope the policy package decided.
package storage
