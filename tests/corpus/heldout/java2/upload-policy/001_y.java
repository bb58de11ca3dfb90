package net.shutterclub.gallery.upload;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

@WebServlet("/albums/photos")
@MultipartConfig(fileSizeThreshold = 256 * 1024,
                 maxFileSize = PhotoUploadServlet.MAX_PHOTO_BYTES,
                 maxRequestSize = PhotoUploadServlet.MAX_PHOTO_BYTES + 64 * 1024)
public class PhotoUploadServlet extends HttpServlet {

    static final long MAX_PHOTO_BYTES = 5L * 1024 * 1024;

    private static final Set<String> PHOTO_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp");

    private Path storageRoot;
    private PhotoCatalog catalog;

    @Override
    public void init() {
        storageRoot = Path.of(getServletContext().getInitParameter("gallery.storage"));
        catalog = (PhotoCatalog) getServletContext().getAttribute(PhotoCatalog.class.getName());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, ServletException {
        HttpSession session = req.getSession(false);
        Member member = session == null ? null : (Member) session.getAttribute("member");
        if (member == null) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }

        long albumId = Long.parseLong(req.getParameter("albumId"));
        Part photo = req.getPart("photo");
        if (photo == null) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "no photo");
            return;
        }

        if (photo.getSize() <= 0 || photo.getSize() > MAX_PHOTO_BYTES) {
            resp.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "photos are limited to 5 MB");
            return;
        }

        String original = photo.getSubmittedFileName();
        String ext = extensionOf(original);
        if (!PHOTO_EXTENSIONS.contains(ext)) {
            resp.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "photos only");
            return;
        }

        byte[] head;
        try (InputStream in = photo.getInputStream()) {
            head = in.readNBytes(12);
        }
        if (!looksLikeImage(head, ext)) {
            resp.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "photos only");
            return;
        }

        String storedName = UUID.randomUUID() + "." + ext;
        Path target = storageRoot.resolve(storedName);
        try (InputStream in = photo.getInputStream()) {
            Files.copy(in, target);
        }

        long photoId = catalog.add(albumId, member.id(), storedName, original, Files.size(target));
        resp.setStatus(HttpServletResponse.SC_CREATED);
        resp.setContentType("application/json");
        resp.getWriter().write("{\"id\":" + photoId + "}");
    }

    /** Compares the first bytes of the file with the signature of the claimed format. */
    private static boolean looksLikeImage(byte[] head, String ext) {
        return switch (ext) {
            case "png" -> startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
            case "jpg", "jpeg" -> startsWith(head, 0xFF, 0xD8, 0xFF);
            case "webp" -> startsWith(head, 'R', 'I', 'F', 'F')
                    && head.length >= 12 && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P';
            default -> false;
        };
    }

    private static boolean startsWith(byte[] data, int... signature) {
        if (data.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((data[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static String extensionOf(String fileName) {
        if (fileName == null) {
            return "";
        }
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
