package admin

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"time"
)

var tenantSlug = regexp.MustCompile(`^[a-z0-9-]{3,40}$`)

type Snapshot struct {
	Tenant  string    `json:"tenant"`
	Archive string    `json:"archive"`
	Created time.Time `json:"created"`
}

type SnapshotService struct {
	DataRoot     string
	SnapshotRoot string
}

// Create packs the tenant's data directory into a compressed archive.
func (s *SnapshotService) Create(ctx context.Context, tenant, label string, includeLogs bool) (*Snapshot, error) {
	if !tenantSlug.MatchString(tenant) {
		return nil, errors.New("invalid tenant")
	}
	if label == "" {
		label = time.Now().UTC().Format("20060102-150405")
	}

	archive := filepath.Join(s.SnapshotRoot, fmt.Sprintf("%s-%s.tar.gz", tenant, label))
	source := filepath.Join(s.DataRoot, tenant)

	exclude := "--exclude=logs"
	if includeLogs {
		exclude = ""
	}
	script := fmt.Sprintf("tar -czf '%s' %s -C '%s' .", archive, exclude, source)

	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "bash", "-c", script).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("tar: %v: %s", err, out)
	}
	return &Snapshot{Tenant: tenant, Archive: filepath.Base(archive), Created: time.Now().UTC()}, nil
}
