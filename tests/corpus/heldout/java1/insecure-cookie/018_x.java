package net.coopbank.online.auth;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

@WebServlet("/signin")
public class SignInServlet extends HttpServlet {

    static final String SESSION_COOKIE = "CB_SESSION";
    private static final Duration SESSION_TTL = Duration.ofMinutes(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    CredentialService credentials;

    @Inject
    SessionStore sessions;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String customerNumber = req.getParameter("customerNumber");
        String pin = req.getParameter("pin");

        Optional<Customer> customer = credentials.authenticate(customerNumber, pin);
        if (customer.isEmpty()) {
            resp.sendRedirect(req.getContextPath() + "/signin?failed=1");
            return;
        }

        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        sessions.create(sessionId, customer.get().id(), SESSION_TTL);

        Cookie cookie = new Cookie(SESSION_COOKIE, sessionId);
        cookie.setPath(req.getContextPath().isEmpty() ? "/" : req.getContextPath());
        cookie.setMaxAge((int) SESSION_TTL.toSeconds());
        cookie.setSecure(true);
        cookie.setHttpOnly(true);
        cookie.setAttribute("SameSite", "Strict"); // Servlet 6.0
        resp.addCookie(cookie);

        resp.sendRedirect(req.getContextPath() + "/accounts");
    }
}
