package com.spendwise.receipts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Principal;
import java.util.Locale;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
public class ReceiptUploadController {

    private static final long MAX_BYTES = 5L * 1024 * 1024;

    private final Path storageRoot;
    private final ReceiptRepository receipts;

    public ReceiptUploadController(@Value("${receipts.storage-dir}") Path storageRoot, ReceiptRepository receipts) {
        this.storageRoot = storageRoot;
        this.receipts = receipts;
    }

    public record UploadResult(UUID receiptId, long size) {}

    @PostMapping("/api/claims/{claimId}/receipts")
    public ResponseEntity<UploadResult> upload(@PathVariable long claimId,
                                               @RequestParam("file") MultipartFile file,
                                               Principal principal) throws IOException {
        if (!receipts.claimBelongsTo(claimId, principal.getName())) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        if (file.isEmpty() || file.getSize() > MAX_BYTES) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).build();
        }

        String extension = StringUtils.getFilenameExtension(file.getOriginalFilename());
        UUID id = UUID.randomUUID();
        String storedName = extension == null ? id.toString() : id + "." + extension.toLowerCase(Locale.ROOT);

        Path target = storageRoot.resolve(storedName);
        try (InputStream in = file.getInputStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        receipts.attach(claimId, id, storedName, file.getOriginalFilename(), file.getContentType(), file.getSize());

        return ResponseEntity.status(HttpStatus.CREATED).body(new UploadResult(id, file.getSize()));
    }
}
