package com.example.files;

import java.io.*;
import java.nio.file.*;
import java.util.UUID;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.io.FilenameUtils;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/files")
public class FileController {
    private static final Path BASE = Paths.get("/srv/app/uploads").toAbsolutePath().normalize();
    private final File baseDir = new File("/srv/app/reports");

    @GetMapping("/download")
    public ResponseEntity<byte[]> download(@RequestParam("name") String name) throws IOException {
        Path file = BASE.resolve(name);
        // ruleid: java-path-traversal
        return ResponseEntity.ok(Files.readAllBytes(file));
    }

    @GetMapping("/download-safe")
    public ResponseEntity<byte[]> downloadSafe(@RequestParam("name") String name) throws IOException {
        Path file = BASE.resolve(name).normalize();
        if (!file.startsWith(BASE)) {
            return ResponseEntity.badRequest().build();
        }
        // ok: java-path-traversal
        return ResponseEntity.ok(Files.readAllBytes(file));
    }

    @GetMapping("/download-basename")
    public ResponseEntity<byte[]> downloadBasename(@RequestParam("name") String name) throws IOException {
        String clean = Paths.get(name).getFileName().toString();
        // ok: java-path-traversal
        return ResponseEntity.ok(Files.readAllBytes(BASE.resolve(clean)));
    }

    @GetMapping("/report/{name}")
    public Resource report(@PathVariable String name) {
        // ruleid: java-path-traversal
        return new FileSystemResource(new File(baseDir, name + ".pdf"));
    }

    @GetMapping("/report-canonical/{name}")
    public Resource reportCanonical(@PathVariable String name) throws IOException {
        File f = new File(baseDir, name + ".pdf");
        if (!f.getCanonicalPath().startsWith(baseDir.getCanonicalPath() + File.separator)) {
            throw new SecurityException("invalid path");
        }
        // ok: java-path-traversal
        return new FileSystemResource(f);
    }

    @GetMapping("/legacy")
    public void legacy(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String file = request.getParameter("file");
        // ruleid: java-path-traversal
        try (InputStream in = new FileInputStream("/var/data/" + file)) {
            in.transferTo(response.getOutputStream());
        }
    }

    @PostMapping("/upload")
    public String upload(@RequestParam("file") MultipartFile file) throws IOException {
        // ruleid: java-path-traversal
        file.transferTo(new File("/srv/app/uploads/" + file.getOriginalFilename()));
        return "ok";
    }

    @PostMapping("/upload-safe")
    public String uploadSafe(@RequestParam("file") MultipartFile file) throws IOException {
        String ext = FilenameUtils.getExtension(FilenameUtils.getName(file.getOriginalFilename()));
        Path target = BASE.resolve(UUID.randomUUID() + "." + ext.replaceAll("[^a-z0-9]", ""));
        // ok: java-path-traversal
        Files.copy(file.getInputStream(), target, StandardCopyOption.REPLACE_EXISTING);
        return target.getFileName().toString();
    }

    @DeleteMapping("/{id}")
    public void delete(@PathVariable("id") UUID id) throws IOException {
        // ok: java-path-traversal
        Files.deleteIfExists(BASE.resolve(id + ".bin"));
    }
}

class ReportStoreNaive {
    Path base;
    public Path find(String name) {
        // ruleid: java-path-traversal-incomplete-dotdot-strip
        String cleaned = name.replaceAll("\\.\\./", "");
        return base.resolve(cleaned);
    }
    public Path find2(String name) {
        // ruleid: java-path-traversal-incomplete-dotdot-strip
        return base.resolve(name.replace("../", "").replace("..\\", ""));
    }
}
class ReportStoreNormalized {
    Path base;
    public Path find(String name) {
        // ok: java-path-traversal-incomplete-dotdot-strip
        String cleaned = name.replace("../", "");
        Path p = base.resolve(cleaned).normalize();
        if (!p.startsWith(base)) throw new IllegalArgumentException();
        return p;
    }
}
class ReportStoreDotsRemoved {
    Path base;
    public Path find(String name) {
        // ok: java-path-traversal-incomplete-dotdot-strip
        String cleaned = name.replace("..", "");
        return base.resolve(cleaned);
    }
}

@RestController
class AttachmentController {
    private final Path root = Paths.get("/srv/attachments");

    @GetMapping("/api/attachments/{name}")
    public byte[] read(@PathVariable String name) throws IOException {
        if (!isSafeAttachmentName(name)) {
            throw new IllegalArgumentException("bad name");
        }
        // A guard in a helper: the rules do not read helper bodies, and names are not trusted.
        // todook: java-path-traversal
        return Files.readAllBytes(root.resolve(name));
    }

    @GetMapping("/api/attachments-lax/{name}")
    public byte[] readLax(@PathVariable String name) throws IOException {
        if (!isSafeAttachmentName(name)) {
            System.err.println("odd attachment name");
        }
        // ruleid: java-path-traversal
        return Files.readAllBytes(root.resolve(name));
    }

    @GetMapping("/api/attachments-contained/{name}")
    public byte[] readContained(@PathVariable String name) throws IOException {
        // ok: java-path-traversal
        return Files.readAllBytes(containedPath(name));
    }

    @GetMapping("/api/attachments-joined/{name}")
    public byte[] readJoined(@PathVariable String name) throws IOException {
        // ruleid: java-path-traversal
        return Files.readAllBytes(joined(name));
    }

    private Path joined(String name) {
        return root.resolve(name);
    }

    private Path containedPath(String name) {
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("outside root");
        }
        return p;
    }

    private static boolean isSafeAttachmentName(String name) {
        return name.matches("[A-Za-z0-9_-]{1,64}\\.(pdf|png)");
    }
}

@RestController
class AvatarStoreController {
    private final Path root = Paths.get("/srv/avatars");

    @PostMapping("/avatar")
    public String save(@RequestParam MultipartFile image) throws IOException {
        String ext = StringUtils.getFilenameExtension(image.getOriginalFilename());
        // ok: java-path-traversal
        Files.copy(image.getInputStream(), root.resolve(UUID.randomUUID() + "." + ext));
        return "ok";
    }

    @PostMapping("/avatar-named")
    public String saveNamed(@RequestParam MultipartFile image) throws IOException {
        // ruleid: java-path-traversal
        Files.copy(image.getInputStream(), root.resolve(image.getOriginalFilename()));
        return "ok";
    }
}
