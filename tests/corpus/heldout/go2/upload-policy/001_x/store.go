package attachments

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
)

var ErrContentMismatch = errors.New("content does not match extension")

type Store struct {
	Dir string
}

type Saved struct {
	ID           string `json:"id"`
	OriginalName string `json:"original_name"`
	Bytes        int64  `json:"bytes"`
}

func randomName() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// Save copies the uploaded part into the claim's folder under a generated name.
func (s *Store) Save(claimID int64, fh *multipart.FileHeader, ext, wantType string) (*Saved, error) {
	src, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer src.Close()

	head := make([]byte, 512)
	n, err := io.ReadFull(src, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	head = head[:n]
	if http.DetectContentType(head) != wantType {
		return nil, ErrContentMismatch
	}

	id, err := randomName()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(s.Dir, strconv.FormatInt(claimID, 10))
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	dst, err := os.OpenFile(filepath.Join(dir, id+ext), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return nil, err
	}
	defer dst.Close()

	written, err := io.Copy(dst, io.MultiReader(bytes.NewReader(head), src))
	if err != nil {
		os.Remove(dst.Name())
		return nil, err
	}
	return &Saved{ID: id, OriginalName: fh.Filename, Bytes: written}, nil
}
