package com.northwind.automation.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.northwind.automation.model.WorkflowDefinition;
import com.northwind.automation.service.WorkflowService;
import java.io.IOException;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/workflows")
public class WorkflowImportController {

    private final ObjectMapper workflowMapper;
    private final WorkflowService workflows;

    public WorkflowImportController(@Qualifier("workflowMapper") ObjectMapper workflowMapper,
                                    WorkflowService workflows) {
        this.workflowMapper = workflowMapper;
        this.workflows = workflows;
    }

    /** Imports a workflow exported from another workspace. */
    @PostMapping(path = "/import", consumes = "application/json")
    public ResponseEntity<Map<String, Object>> importWorkflow(@RequestBody byte[] exported,
                                                              @AuthenticationPrincipal UserDetails user)
            throws IOException {
        WorkflowDefinition definition = workflowMapper.readValue(exported, WorkflowDefinition.class);
        if (definition.steps() == null || definition.steps().isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", "workflow has no steps"));
        }
        long id = workflows.save(user.getUsername(), definition);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("id", id, "steps", definition.steps().size()));
    }
}
