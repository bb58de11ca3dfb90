package de.kiosk.portal.auth;

import java.io.IOException;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Second step of the sign-in flow: after the identity provider callback has stored the user in the
 * session, send the browser back to the page it came from.
 */
@WebServlet("/auth/continue")
public class ContinueAfterLoginServlet extends HttpServlet {

    private static final String DEFAULT_TARGET = "/dashboard";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession session = req.getSession(false);
        if (session == null || session.getAttribute("principal") == null) {
            resp.sendRedirect(req.getContextPath() + "/auth/login");
            return;
        }

        String target = req.getParameter("returnTo");
        if (target == null || target.isBlank()) {
            Object saved = session.getAttribute("savedRequestPath");
            target = saved instanceof String s ? s : DEFAULT_TARGET;
        }
        session.removeAttribute("savedRequestPath");

        resp.setHeader("Cache-Control", "no-store");
        resp.sendRedirect(target);
    }
}
