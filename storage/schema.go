package storage

// A collection's schema: the fields its filters, sorts, scopes and uniqueness rules use,
// and the indexes that answer them. Both engines read it: SQLite keeps each scalar field
// as a column beside the whole document and each array field's values in a side table;
// MongoDB creates the indexes on the document fields themselves.
type collSchema struct {
	scalars []string // fields kept as columns (SQLite)
	arrays  []string // array fields kept in the side table, one row a value (SQLite)
	// scopes are the array fields a list is read by: a bureau's region, a kindergarten
	// user's kindergarten (SQLite keeps a copy of the columns for each of their values).
	scopes  []string
	indexes []index
}

// index is one index: keys in order, each ascending or descending. For SQLite an index
// on an array field is its side table (field, value, id); the other keys are left to
// the main table's indexes. The comment beside each says which queries it answers.
type index struct {
	keys   []sortKey
	unique bool
	// include are columns SQLite keeps in the index after the keys, so that a filter
	// on them is checked while the index is read in order (no document lookups).
	include []string
	// everyone: on SQLite the index is kept only for the scope table's row every record
	// has (a partial index), for queries that are never scoped to a region or a
	// kindergarten (the janitor's): a photo's other six scope rows would each add an
	// entry at a random place of the index, and at a city's size those random writes
	// are what a photo's write costs.
	everyone bool
	// counting: SQLite only, an index of the scope table narrow enough that counting a
	// scope's records reads a few pages (a list's total). The scope table's own rows hold
	// a copy of every column, and at a city's size counting 270,000 of them took 60–70 ms;
	// MongoDB counts from its scope field's index.
	counting bool
}

func asc(fields ...string) index {
	ix := index{}
	for _, f := range fields {
		ix.keys = append(ix.keys, sortKey{field: f})
	}
	return ix
}

// byDateDesc is an index on field, then date newest first.
func byDateDesc(field, date string) index {
	return index{keys: []sortKey{{field: field}, {field: date, desc: true}}}
}

func allScopes(ix index) index { ix.everyone = true; return ix }

// countOf is a counting index on fields (see index.counting).
func countOf(fields ...string) index { ix := asc(fields...); ix.counting = true; return ix }

func withStatus(ix index) index { ix.include = []string{"status"}; return ix }

func uniqueOn(field string) index { return index{keys: []sortKey{{field: field}}, unique: true} }

// Every stored record has these columns on SQLite: the version for compare-and-set
// writes, the soft-delete time and the change time the statistics index catches up by.
var metaColumns = []string{"version", "deletedAt", "updatedAt"}

var schemas = map[string]collSchema{
	CollRegions: {},
	CollKindergartens: {
		scalars: []string{"name", "regionCode", "children", "createdAt", "setting", "level"},
		arrays:  []string{"regionPath"},
		scopes:  []string{"regionPath"},
		indexes: []index{
			asc("regionPath", "name"), // ListKindergartens of a bureau's region, by name
			asc("name"),               // ListKindergartens of all, by name; nameContains
			asc("updatedAt"),          // the statistics index catching up
		},
	},
	CollTeachers: {
		scalars: []string{"name", "kindergartenId", "createdAt", "post", "backbone", "leftOn"},
		arrays:  []string{"regionPath"},
		scopes:  []string{"regionPath"},
		indexes: []index{
			asc("kindergartenId", "name"), // ListTeachers of a kindergarten (and its partners)
			asc("regionPath", "name"),     // ListTeachers of a region
			asc("name"),                   // ListTeachers of all
			asc("updatedAt"),              // the statistics index catching up (names)
		},
	},
	CollUsers: {
		scalars: []string{"username", "displayName", "createdAt", "role", "kindergartenId", "teacherId"},
		arrays:  []string{"regionPath"},
		scopes:  []string{"regionPath"},
		indexes: []index{
			uniqueOn("username"),              // UserByUsername (login); one account a name
			asc("teacherId"),                  // UsersOfTeachers: which teachers have accounts
			asc("kindergartenId", "username"), // ListUsers of a kindergarten admin
			asc("regionPath", "username"),     // ListUsers of a bureau
		},
	},
	CollTokens: {scalars: []string{"userId", "expiresAt"}},
	CollPairings: {
		scalars: []string{"name", "start", "end", "createdAt", "status"},
		arrays:  []string{"regionPath", "kindergartenIds"},
		scopes:  []string{"regionPath", "kindergartenIds"},
		indexes: []index{
			asc("kindergartenIds"), // PairedKindergartenIDs; ListPairings of a kindergarten
			asc("regionPath"),      // ListPairings of a region
			asc("start"),           // ListPairings of all, by start
			asc("updatedAt"),       // the statistics index catching up
		},
	},
	CollSessions: {
		scalars: []string{"date", "hours", "createdAt", "pairingId", "semester", "type", "direction",
			"status", "loggedBySide", "partnerKindergartenId"},
		arrays: []string{"regionPath", "kindergartenIds", "teacherIds"},
		scopes: []string{"regionPath", "kindergartenIds"},
		indexes: []index{
			byDateDesc("pairingId", "date"), // ListTeachingSessions of one pairing; CountSessionsOf
			// A kindergarten user's, a bureau's, one teacher's and everyone's sessions, newest
			// first. On SQLite these are one index (scope, date) that also holds the status,
			// so a page of those waiting for confirmation, and their count, read it alone.
			withStatus(byDateDesc("kindergartenIds", "date")),
			withStatus(byDateDesc("regionPath", "date")),
			withStatus(byDateDesc("teacherIds", "date")),
			withStatus(index{keys: []sortKey{{field: "date", desc: true}}}),
			byDateDesc("semester", "date"), // this semester's sessions
			asc("updatedAt"),               // the statistics index catching up
		},
	},
	CollTrainingEvents: {
		scalars: []string{"date", "title", "hours", "createdAt", "semester", "type", "organizerRegionCode"},
		arrays:  []string{"regionPath", "kindergartenIds"},
		scopes:  []string{"regionPath", "kindergartenIds"},
		indexes: []index{
			byDateDesc("kindergartenIds", "date"), // a kindergarten's events
			byDateDesc("regionPath", "date"),      // a region's events
			byDateDesc("semester", "date"),        // this semester's
			index{keys: []sortKey{{field: "date", desc: true}}},
			asc("updatedAt"),
		},
	},
	CollMentorships: {
		scalars: []string{"start", "pairingId", "mentorId"},
		arrays:  []string{"regionPath", "kindergartenIds", "apprenticeIds"},
		scopes:  []string{"regionPath", "kindergartenIds"},
		indexes: []index{asc("pairingId")},
	},
	CollDonations: {
		scalars: []string{"date", "pairingId"},
		arrays:  []string{"regionPath", "kindergartenIds"},
		scopes:  []string{"regionPath", "kindergartenIds"},
		indexes: []index{
			asc("pairingId"), // a pairing's donations
			asc("updatedAt"), // the statistics index catching up
		},
	},
	CollLessonGrades: {
		scalars: []string{"date", "pairingId", "semester", "partnerKindergartenId", "teacherId", "grade", "createdAt"},
		arrays:  []string{"regionPath", "kindergartenIds"},
		scopes:  []string{"regionPath", "kindergartenIds"},
		indexes: []index{
			byDateDesc("regionPath", "date"),      // ListLessonGrades of a bureau
			byDateDesc("kindergartenIds", "date"), // ListLessonGrades of a kindergarten user
			byDateDesc("pairingId", "date"),       // a pairing's grades
			byDateDesc("teacherId", "date"),       // one teacher's grades
			index{keys: []sortKey{{field: "date", desc: true}}},
			asc("updatedAt"), // the statistics index catching up
		},
	},
	CollSummaries: {
		scalars: []string{"pairingId", "semester", "kindergartenId", "status"},
		arrays:  []string{"regionPath", "kindergartenIds"},
		scopes:  []string{"regionPath", "kindergartenIds"},
		indexes: []index{
			asc("pairingId", "semester"),  // a pairing's summaries
			asc("regionPath", "semester"), // a bureau's region's summaries of a semester (the missing ones)
			asc("kindergartenIds", "semester"),
		},
	},
	CollPlans: {}, // read by id only: a pairing's plan of a semester is domain.PlanID's
	CollInspections: {
		scalars: []string{"pairingId", "date", "semester", "open"},
		arrays:  []string{"regionPath", "kindergartenIds"},
		scopes:  []string{"regionPath", "kindergartenIds"},
		indexes: []index{
			byDateDesc("pairingId", "date"),       // a pairing's inspections
			byDateDesc("regionPath", "date"),      // a bureau's
			byDateDesc("kindergartenIds", "date"), // a kindergarten's
			index{keys: []sortKey{{field: "date", desc: true}}},
		},
	},
	CollPhotos: {
		scalars: []string{"status", "expiresAt", "subjectId", "sha256", "subjectDate", "semester", "pairingId", "subjectKind"},
		arrays:  []string{"regionPath", "kindergartenIds", "phashBands", "flags"},
		scopes:  []string{"regionPath", "kindergartenIds"},
		indexes: []index{
			// ListPhotos of a bureau's region, a kindergarten's or everyone's, the latest
			// records first (the status is read from the index).
			withStatus(byDateDesc("regionPath", "subjectDate")),
			withStatus(byDateDesc("kindergartenIds", "subjectDate")),
			withStatus(index{keys: []sortKey{{field: "subjectDate", desc: true}}}),
			withStatus(byDateDesc("pairingId", "subjectDate")), // ListPhotos of one pairing
			withStatus(byDateDesc("semester", "subjectDate")),  // ListPhotos of a semester
			asc("updatedAt"),                      // the statistics index catching up
			allScopes(asc("status", "expiresAt")), // the janitor
			allScopes(asc("sha256")),              // SimilarPhotos: the same bytes
			asc("phashBands"),                     // SimilarPhotos: a near-duplicate
			asc("flags"),                          // ListFlaggedPhotos (few photos are flagged)
			// ListPhotos' totalCount of a region's or a kindergarten's ready photos (deleted
			// records have no scope rows: deletedAt is there for the query's live condition).
			countOf("status", "deletedAt"),
		},
	},
	CollPhotoHashes: {},
	CollSettings:    {},
	CollChanges:     {},
	// A kindergarten's roster is read by name; a second enrolment is found by the keyed
	// hash of the ID number.
	CollChildren: {
		scalars: []string{"kindergartenId", "name", "idLookup"},
		arrays:  []string{"regionPath"},
		scopes:  []string{"regionPath"},
		indexes: []index{
			asc("kindergartenId", "name"),
			asc("idLookup"),
		},
	},
	// The access log is read in order (its ids are its numbers) and by child, kindergarten
	// and region, newest first.
	CollAccess: {
		scalars: []string{"at", "childId", "kindergartenId", "userId"},
		arrays:  []string{"regionPath"},
		scopes:  []string{"regionPath"},
		indexes: []index{
			byDateDesc("regionPath", "at"),
			byDateDesc("childId", "at"),
			byDateDesc("kindergartenId", "at"),
			index{keys: []sortKey{{field: "at", desc: true}}}, // an admin's, all of it
		},
	},
	CollAudit: {
		scalars: []string{"at", "userId", "recordId", "operation"},
		arrays:  []string{"regionPath"},
		scopes:  []string{"regionPath"},
		indexes: []index{
			byDateDesc("regionPath", "at"),                    // ListAudit of a bureau, newest first
			byDateDesc("recordId", "at"),                      // one record's history
			byDateDesc("userId", "at"),                        // one user's changes
			index{keys: []sortKey{{field: "at", desc: true}}}, // ListAudit of all
		},
	},
}

// schemaOf returns coll's schema; a collection it does not know (one an archive brought)
// is kept by id only.
func schemaOf(coll string) collSchema { return schemas[coll] }

func (c collSchema) isScope(field string) bool {
	for _, a := range c.scopes {
		if a == field {
			return true
		}
	}
	return false
}

func (c collSchema) isArray(field string) bool {
	for _, a := range c.arrays {
		if a == field {
			return true
		}
	}
	return false
}
