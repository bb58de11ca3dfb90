package com.trackwise.api.web;

import com.trackwise.api.archive.ArchiveService;
import com.trackwise.api.archive.ArchivedProject;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ProjectArchiveController {

    private final ArchiveService archives;

    public ProjectArchiveController(ArchiveService archives) {
        this.archives = archives;
    }

    @GetMapping("/api/status")
    public Map<String, Object> status() {
        return Map.of("archiveQueue", archives.pendingCount(), "ok", true);
    }

    @PostMapping("/api/projects/{projectId}/archive")
    public ResponseEntity<ArchivedProject> archive(@PathVariable long projectId) {
        return ResponseEntity.accepted().body(archives.archive(projectId));
    }

    @GetMapping("/api/project-archive")
    public List<ArchivedProject> listArchived(@RequestParam(defaultValue = "0") int page) {
        return archives.list(page, 50);
    }

    @DeleteMapping("/api/project-archive/{archiveId}")
    public ResponseEntity<Void> purge(@PathVariable long archiveId) {
        archives.purge(archiveId);
        return ResponseEntity.noContent().build();
    }
}
