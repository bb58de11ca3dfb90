package com.northwind.helpdesk.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.PathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class KnowledgeBaseDownloadController {

    private static final Pattern FILE_NAME = Pattern.compile("[\\w][\\w .-]{0,120}\\.(pdf|txt|md)");

    private final Path docsRoot;

    public KnowledgeBaseDownloadController(@Value("${helpdesk.docs-dir}") String docsDir) {
        this.docsRoot = Paths.get(docsDir).toAbsolutePath().normalize();
    }

    @GetMapping("/kb/{fileName}")
    public ResponseEntity<Resource> download(@PathVariable String fileName,
                                             @RequestParam(defaultValue = "general") String section)
            throws IOException {
        if (!FILE_NAME.matcher(fileName).matches()) {
            return ResponseEntity.badRequest().build();
        }

        Path file = docsRoot.resolve(section).resolve(fileName);
        if (!Files.isRegularFile(file)) {
            return ResponseEntity.notFound().build();
        }

        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(Files.size(file))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(fileName).build().toString())
                .body(new PathResource(file));
    }
}
