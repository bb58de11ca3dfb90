package io.teamhub.api.workspaces;

import java.security.Principal;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class WorkspaceController {

    private final WorkspaceService workspaces;

    public WorkspaceController(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    @GetMapping("/api/workspaces")
    public List<WorkspaceSummary> mine(Principal principal) {
        return workspaces.listFor(principal.getName());
    }

    @PostMapping("/api/workspaces/{workspaceId}/members")
    public ResponseEntity<Void> invite(@PathVariable long workspaceId, @RequestBody Invitation invitation,
                                       Principal principal) {
        workspaces.invite(workspaceId, principal.getName(), invitation.email(), invitation.role());
        return ResponseEntity.accepted().build();
    }

    public record Invitation(String email, String role) {}
}
