package photos

import "encoding/binary"

// stripJPEG returns a JPEG without its metadata: every APPn segment but JFIF (APP0) and
// Adobe (APP14, which says how colours are stored) and every comment is left out;
// the image data is copied unchanged. It returns nil if the stream is not well formed.
func stripJPEG(data []byte) []byte {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil
	}
	out := make([]byte, 0, len(data))
	out = append(out, 0xFF, 0xD8)
	i := 2
	for i < len(data) {
		if data[i] != 0xFF {
			return nil
		}
		// Fill bytes may precede a marker.
		for i+1 < len(data) && data[i+1] == 0xFF {
			i++
		}
		if i+1 >= len(data) {
			return nil
		}
		m := data[i+1]
		switch {
		case m == 0xD9: // EOI
			return append(out, 0xFF, 0xD9)
		case m >= 0xD0 && m <= 0xD7, m == 0x01: // markers without a length
			out = append(out, 0xFF, m)
			i += 2
			continue
		}
		if i+4 > len(data) {
			return nil
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		end := i + 2 + n
		if n < 2 || end > len(data) {
			return nil
		}
		drop := (m >= 0xE1 && m <= 0xEF && m != 0xEE) || m == 0xFE
		if !drop {
			out = append(out, data[i:end]...)
		}
		i = end
		if m == 0xDA { // SOS: entropy-coded data follows, up to the next real marker
			j := i
			for j+1 < len(data) {
				if data[j] == 0xFF && data[j+1] != 0x00 && !(data[j+1] >= 0xD0 && data[j+1] <= 0xD7) {
					break
				}
				j++
			}
			out = append(out, data[i:j]...)
			i = j
		}
	}
	return nil
}

// jpegOrientation reads the EXIF orientation (1–8) of a JPEG; 1 when there is none.
func jpegOrientation(data []byte) int {
	i := 2
	for i+4 <= len(data) && data[i] == 0xFF {
		m := data[i+1]
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if m == 0xDA || n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		if m == 0xE1 && len(seg) > 14 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

func tiffOrientation(t []byte) int {
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 1
	}
	count := int(bo.Uint16(t[off:]))
	for k := range count {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}
