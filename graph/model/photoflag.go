package model

import "github.com/handinhand/handinhand/domain"

// PhotoFlag is one flag of a photo; the earlier photo of a REUSED flag and its lesson
// are resolved only when asked for, and only if the caller may see them.
type PhotoFlag struct {
	Kind      domain.PhotoFlagKind
	Days      *int
	Exact     *bool
	OtherDate *domain.Date
	Reuse     *domain.PhotoReuse
}

// PhotoFlags are a photo's flags as the API shows them.
func PhotoFlags(p *domain.Photo) []*PhotoFlag {
	out := []*PhotoFlag{}
	for _, k := range p.Flags {
		f := &PhotoFlag{Kind: k}
		switch k {
		case domain.FlagCaptureDateFar:
			d := p.CaptureGapDays
			f.Days = &d
		case domain.FlagReused:
			if r := p.ReuseOf; r != nil {
				exact, day := r.Exact, r.SubjectDate
				f.Exact, f.Reuse = &exact, r
				if day != "" {
					f.OtherDate = &day
				}
			}
		}
		out = append(out, f)
	}
	return out
}
