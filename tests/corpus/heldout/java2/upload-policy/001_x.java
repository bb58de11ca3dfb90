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
@MultipartConfig(fileSizeThreshold = 256 * 1024)
public class PhotoUploadServlet extends HttpServlet {

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

        String original = photo.getSubmittedFileName();
        String ext = extensionOf(original);
        if (!PHOTO_EXTENSIONS.contains(ext)) {
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

    private static String extensionOf(String fileName) {
        if (fileName == null) {
            return "";
        }
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
