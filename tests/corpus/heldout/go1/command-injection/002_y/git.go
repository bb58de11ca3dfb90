package repos

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

type GitRunner struct {
	// Root is the directory that holds the bare mirrors, one per repository.
	Root  string
	Known map[string]bool
}

// checkRefName normalises a branch or tag name coming from the UI.
func checkRefName(ref string) string {
	ref = strings.TrimSpace(ref)
	ref = strings.TrimPrefix(ref, "refs/heads/")
	return ref
}

func (g *GitRunner) Log(ctx context.Context, repo, from, to string) ([]string, error) {
	if !g.Known[repo] {
		return nil, fmt.Errorf("unknown repository %q", repo)
	}
	dir := filepath.Join(g.Root, repo+".git")

	script := fmt.Sprintf("git --git-dir=%s log --no-merges --pretty=format:'%%h %%s' %s..%s", dir, from, to)
	out, err := exec.CommandContext(ctx, "bash", "-c", script).Output()
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
