// Package storage keeps the domain's records on one of two engines behind one interface
// (engine.go), chosen at start the way the photo stores are:
//
//   - SQLite (sqlite.go), the embedded default: one file in the data directory, for one
//     server on one machine, with real indexes and transactions. It answers every list
//     from a scope table (a row per region, kindergarten and one for all), so a county's
//     page reads only the county's rows.
//   - MongoDB (mongo.go), for production: several server instances on one replica set.
//     It uses no aggregation pipeline and no multi-document transaction, so the same code
//     runs against FerretDB, the MongoDB stand-in its tests use where no MongoDB exists.
//
// Both keep every record as the same BSON document, so backups, restores and decoding
// are shared; schema.go names the fields each list filters and sorts by and the indexes
// that answer them on both. The record methods (sessions.go, pairings.go, …) are written
// once on top of the engine. The package also holds the photo stores (MinIO and disk).
// It knows nothing about who may do what: callers pass the scope the policy decided.
package storage
