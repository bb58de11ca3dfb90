package repos

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

type GitRunner struct {
	// Root is the directory that holds the bare mirrors, one per repository.
	Root  string
	Known map[string]bool
}

var refPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$`)

// checkRefName normalises a branch or tag name coming from the UI. Names
// that git would not accept as a ref come back empty.
func checkRefName(ref string) string {
	ref = strings.TrimSpace(ref)
	ref = strings.TrimPrefix(ref, "refs/heads/")
	if !refPattern.MatchString(ref) || strings.Contains(ref, "..") {
		return ""
	}
	return ref
}

func (g *GitRunner) Log(ctx context.Context, repo, from, to string) ([]string, error) {
	if !g.Known[repo] {
		return nil, fmt.Errorf("unknown repository %q", repo)
	}
	if from == "" || to == "" {
		return nil, errors.New("invalid ref name")
	}
	dir := filepath.Join(g.Root, repo+".git")

	cmd := exec.CommandContext(ctx, "git", "--git-dir="+dir, "log", "--no-merges",
		"--pretty=format:%h %s", from+".."+to, "--")
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}

	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines, nil
}
