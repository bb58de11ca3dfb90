package com.example.media;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import javax.servlet.annotation.MultipartConfig;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.*;
import java.nio.file.*;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.io.FilenameUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/media")
public class MediaController {
    private static final Path STORAGE = Paths.get("/srv/media");
    private static final Set<String> ALLOWED_TYPES = Set.of("image/png", "image/jpeg");
    private static final long MAX_BYTES = 5 * 1024 * 1024;

    @PostMapping("/avatar")
    public String avatar(@RequestParam("file") MultipartFile file) throws IOException {
        Path target = STORAGE.resolve(UUID.randomUUID() + ".img");
        // ruleid: java-policy-upload-missing-type-check, java-policy-upload-missing-size-check
        file.transferTo(target);
        return target.getFileName().toString();
    }

    @PostMapping("/avatar-checked")
    public String avatarChecked(@RequestParam("file") MultipartFile file) throws IOException {
        if (!ALLOWED_TYPES.contains(file.getContentType())) {
            throw new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        }
        if (file.getSize() > MAX_BYTES) {
            throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE);
        }
        Path target = STORAGE.resolve(UUID.randomUUID() + ".img");
        // ok: java-policy-upload-missing-type-check
        // ok: java-policy-upload-missing-size-check
        Files.copy(file.getInputStream(), target);
        return target.getFileName().toString();
    }

    @PostMapping("/document")
    public String document(@RequestParam("file") MultipartFile file) throws IOException {
        String ext = FilenameUtils.getExtension(file.getOriginalFilename()).toLowerCase();
        if (!Set.of("pdf", "docx").contains(ext)) {
            throw new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        }
        Path target = STORAGE.resolve(UUID.randomUUID() + "." + ext);
        // ok: java-policy-upload-missing-type-check
        // ruleid: java-policy-upload-missing-size-check
        Files.copy(file.getInputStream(), target);
        return target.getFileName().toString();
    }

    @PostMapping("/import")
    public int importCsv(@RequestParam("file") MultipartFile file) throws IOException {
        // ok: java-policy-upload-missing-type-check
        // ok: java-policy-upload-missing-size-check
        return new String(file.getBytes()).split("\n").length;
    }
}

@WebServlet("/avatars")
@MultipartConfig
class AvatarUploadServlet extends HttpServlet {
    private static final Set<String> EXTENSIONS = Set.of("png", "jpg");
    private Path root;

    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, javax.servlet.ServletException {
        Part avatar = req.getPart("avatar");
        String original = avatar.getSubmittedFileName();
        String ext = original.substring(original.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!EXTENSIONS.contains(ext)) {
            resp.sendError(415);
            return;
        }
        try (InputStream in = avatar.getInputStream()) {
            // ruleid: java-policy-upload-missing-size-check
            Files.copy(in, root.resolve(UUID.randomUUID() + "." + ext));
        }
    }
}

@WebServlet("/banners")
@MultipartConfig(maxFileSize = 2 * 1024 * 1024, maxRequestSize = 3 * 1024 * 1024)
class BannerUploadServlet extends HttpServlet {
    private Path root;

    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, javax.servlet.ServletException {
        Part banner = req.getPart("banner");
        InputStream in = banner.getInputStream();
        // ruleid: java-policy-upload-missing-type-check
        Files.copy(in, root.resolve(UUID.randomUUID().toString()));
    }
}

@RestController
class DocumentUploadController {
    private static final Set<String> DOC_EXTENSIONS = Set.of("pdf", "txt");
    private static final long LIMIT = 1_000_000;
    private final Path root = Paths.get("/srv/docs");

    @PostMapping("/docs")
    public String upload(@RequestParam MultipartFile doc) throws IOException {
        if (doc.getSize() > LIMIT) {
            return "too big";
        }
        // extension and content type are only computed / recorded, never compared
        String ext = FilenameUtils.getExtension(doc.getOriginalFilename());
        log(doc.getContentType());
        // ruleid: java-policy-upload-missing-type-check
        doc.transferTo(root.resolve(UUID.randomUUID() + "." + ext));
        return "ok";
    }

    @PostMapping("/docs-checked")
    public String uploadChecked(@RequestParam MultipartFile doc) throws IOException {
        if (doc.getSize() > LIMIT) {
            return "too big";
        }
        String ext = FilenameUtils.getExtension(doc.getOriginalFilename());
        if (ext == null || !DOC_EXTENSIONS.contains(ext.toLowerCase())) {
            return "type";
        }
        // ok: java-policy-upload-missing-type-check
        doc.transferTo(root.resolve(UUID.randomUUID() + "." + ext));
        return "ok";
    }

    @PostMapping("/docs-ctype")
    public String uploadContentType(@RequestParam MultipartFile doc) throws IOException {
        if (doc.getSize() > LIMIT) {
            return "too big";
        }
        if (!"application/pdf".equals(doc.getContentType())) {
            return "type";
        }
        // ok: java-policy-upload-missing-type-check
        doc.transferTo(root.resolve(UUID.randomUUID() + ".pdf"));
        return "ok";
    }

    private void log(String s) {}
}
