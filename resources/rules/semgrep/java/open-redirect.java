package com.example.auth;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.servlet.view.RedirectView;

@Controller
public class LoginRedirectController {
    private static final Map<String, String> DESTINATIONS = Map.of("billing", "/billing", "profile", "/account/profile");

    @GetMapping("/after-login")
    public String afterLogin(@RequestParam(value = "next", defaultValue = "/") String next) {
        // ruleid: java-open-redirect
        return "redirect:" + next;
    }

    @GetMapping("/after-login-safe")
    public String afterLoginSafe(@RequestParam(value = "next", defaultValue = "/") String next) {
        if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
            next = "/";
        }
        // ok: java-open-redirect
        return "redirect:" + next;
    }

    @GetMapping("/go")
    public String go(@RequestParam String dest) {
        String target = DESTINATIONS.getOrDefault(dest, "/");
        // ok: java-open-redirect
        return "redirect:" + target;
    }

    @GetMapping("/account")
    public String account(@RequestParam String tab) {
        // ok: java-open-redirect
        return "redirect:/account?tab=" + tab;
    }

    @GetMapping("/logout-done")
    public void logoutDone(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String returnUrl = request.getParameter("returnUrl");
        // ruleid: java-open-redirect
        response.sendRedirect(returnUrl);
    }

    @GetMapping("/sso/callback")
    public RedirectView callback(@RequestParam("target") String target) {
        // ruleid: java-open-redirect
        return new RedirectView(target);
    }

    @GetMapping("/sso/callback-safe")
    public RedirectView callbackSafe(@RequestParam("target") String target) {
        URI uri = URI.create(target);
        if (uri.isAbsolute() || uri.getHost() != null) {
            return new RedirectView("/");
        }
        // ok: java-open-redirect
        return new RedirectView(target);
    }
}

@Controller
class ReturnToController {
    private static final java.util.Set<String> TRUSTED = java.util.Set.of("shop.example.com", "help.example.com");

    @GetMapping("/logout-done")
    public String done(@RequestParam(value = "returnTo", required = false) String returnTo) {
        // ok: java-open-redirect
        return "redirect:" + safeTarget(returnTo);
    }

    @GetMapping("/logout-done-raw")
    public String doneRaw(@RequestParam(value = "returnTo", required = false) String returnTo) {
        // ruleid: java-open-redirect
        return "redirect:" + normalise(returnTo);
    }

    private static String normalise(String target) {
        return target == null ? "/" : target.trim();
    }

    private static String safeTarget(String target) {
        try {
            URI uri = new URI(target);
            if (uri.getHost() != null && TRUSTED.contains(uri.getHost().toLowerCase())) {
                return uri.toString();
            }
        } catch (Exception e) {
            // fall through
        }
        return "/";
    }
}

class AfterLoginServlet extends HttpServlet {
    private static final String HOME = "/home";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // ok: java-open-redirect
        resp.sendRedirect(sameSiteOnly(req.getParameter("next")));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // ruleid: java-open-redirect
        resp.sendRedirect(trimmed(req.getParameter("next")));
    }

    static String sameSiteOnly(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//")) {
            return HOME;
        }
        return next;
    }

    static String trimmed(String next) {
        if (next == null) {
            return HOME;
        }
        return next.trim();
    }
}
