package com.homefinder.agents.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

@WebServlet("/agent/listings/photos")
@MultipartConfig
public class ListingPhotoUploadServlet extends HttpServlet {

    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp");

    @Inject
    ListingService listings;

    private Path mediaRoot;

    @Override
    public void init() {
        mediaRoot = Path.of(getServletContext().getInitParameter("listing.media.dir"));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        long listingId;
        try {
            listingId = Long.parseLong(req.getParameter("listingId"));
        } catch (NumberFormatException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        String agent = req.getRemoteUser();
        if (!listings.isManagedBy(listingId, agent)) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }

        Part photo = req.getPart("photo");
        String submitted = photo == null ? null : photo.getSubmittedFileName();
        String ext = submitted == null || submitted.lastIndexOf('.') < 0
                ? ""
                : submitted.substring(submitted.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!IMAGE_EXTENSIONS.contains(ext)) {
            resp.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
            return;
        }

        String storedName = UUID.randomUUID() + "." + ext;
        Path target = mediaRoot.resolve(Long.toString(listingId)).resolve(storedName);
        Files.createDirectories(target.getParent());
        try (InputStream in = photo.getInputStream()) {
            Files.copy(in, target);
        }
        listings.addPhoto(listingId, storedName, submitted);

        resp.setStatus(HttpServletResponse.SC_CREATED);
        resp.setContentType("application/json");
        resp.getWriter().write("{\"photo\":\"" + storedName + "\"}");
    }
}
