package io.buildhub.repos.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
public class CommitHistoryController {

    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");

    private final Path mirrorsRoot;

    public CommitHistoryController(@Value("${buildhub.mirrors-root}") Path mirrorsRoot) {
        this.mirrorsRoot = mirrorsRoot;
    }

    @GetMapping("/api/repos/{repoId}/history")
    public List<String> history(@PathVariable long repoId,
                                @RequestParam(defaultValue = "main") String branch,
                                @RequestParam(defaultValue = "20") int count) throws IOException, InterruptedException {
        if (!isValidBranch(branch)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "invalid branch");
        }
        int max = Math.max(1, Math.min(count, 100));
        Path repoDir = mirrorsRoot.resolve(Long.toString(repoId));

        // each argument is passed to git as-is, no shell involved
        ProcessBuilder pb = new ProcessBuilder(
                "git", "log", "--oneline", "-n", Integer.toString(max), branch, "--")
                .directory(repoDir.toFile())
                .redirectErrorStream(true);

        Process git = pb.start();
        String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!git.waitFor(10, TimeUnit.SECONDS)) {
            git.destroyForcibly();
            throw new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT);
        }
        return output.lines().toList();
    }

    private static boolean isValidBranch(String branch) {
        return branch != null && BRANCH.matcher(branch).matches() && !branch.contains("..");
    }
}
