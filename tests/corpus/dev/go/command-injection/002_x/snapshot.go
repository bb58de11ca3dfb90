package admin

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"time"

	"github.com/google/uuid"
)

var tenantSlug = regexp.MustCompile(`^[a-z0-9-]{3,40}$`)

type Snapshot struct {
	Tenant  string    `json:"tenant"`
	Label   string    `json:"label"`
	Archive string    `json:"archive"`
	Created time.Time `json:"created"`
}

type SnapshotService struct {
	DataRoot     string
	SnapshotRoot string
}

// Create packs the tenant's data directory into a compressed archive. The
// label is kept as metadata only; the archive name is generated here.
func (s *SnapshotService) Create(ctx context.Context, tenant, label string, includeLogs bool) (*Snapshot, error) {
	if !tenantSlug.MatchString(tenant) {
		return nil, errors.New("invalid tenant")
	}

	archive := filepath.Join(s.SnapshotRoot, fmt.Sprintf("%s-%s.tar.gz", tenant, uuid.NewString()))
	source := filepath.Join(s.DataRoot, tenant)

	args := []string{"-czf", archive}
	if !includeLogs {
		args = append(args, "--exclude=logs")
	}
	args = append(args, "-C", source, ".")

	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "tar", args...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("tar: %v: %s", err, out)
	}
	return &Snapshot{Tenant: tenant, Label: label, Archive: filepath.Base(archive), Created: time.Now().UTC()}, nil
}
