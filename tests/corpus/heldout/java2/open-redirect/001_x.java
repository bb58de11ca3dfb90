package org.harborlight.portal.auth;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Ends the portal session and sends the browser back to where the user came from.
 * Pages link here as /signout?continue=/some/page.
 */
@WebServlet(urlPatterns = "/signout")
public class SignOutServlet extends HttpServlet {

    private static final String HOME = "/";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession session = req.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        Cookie remember = new Cookie("portal_remember", "");
        remember.setPath("/");
        remember.setMaxAge(0);
        remember.setSecure(true);
        remember.setHttpOnly(true);
        resp.addCookie(remember);

        resp.sendRedirect(continueTarget(req.getParameter("continue")));
    }

    /** Only allow relative targets inside the portal. */
    private static String continueTarget(String requested) {
        if (requested == null || requested.isBlank()) {
            return HOME;
        }
        String target = requested.strip();
        // "//host" and "/\host" are treated as other hosts by browsers
        if (!target.startsWith("/") || target.startsWith("//") || target.indexOf('\\') >= 0
                || target.chars().anyMatch(Character::isISOControl)) {
            return HOME;
        }
        try {
            URI uri = new URI(target);
            if (uri.getScheme() != null || uri.getRawAuthority() != null) {
                return HOME;
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            return HOME;
        }
    }
}
