package com.skyvault.account.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * Signs the user out of the account portal. The storefront and the help centre link here with
 * ?continue=... so the user lands back where they were.
 */
@Controller
public class SignOutController {

    private static final String HOME = "https://www.skyvault.com/";
    private static final Set<String> OUR_HOSTS = Set.of("www.skyvault.com", "help.skyvault.com", "account.skyvault.com");

    private final RememberMeService rememberMe;

    public SignOutController(RememberMeService rememberMe) {
        this.rememberMe = rememberMe;
    }

    @PostMapping("/account/sign-out")
    public String signOut(HttpServletRequest request,
                          @RequestParam(name = "continue", required = false) String continueUrl) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            rememberMe.revokeFor(session.getId());
            session.invalidate();
        }
        return "redirect:" + destinationFor(continueUrl);
    }

    private static String destinationFor(String continueUrl) {
        if (continueUrl == null || continueUrl.isBlank()) {
            return HOME;
        }
        try {
            URI uri = new URI(continueUrl.trim());
            if ("https".equals(uri.getScheme()) && uri.getRawUserInfo() == null
                    && uri.getHost() != null && OUR_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
                return uri.toASCIIString();
            }
        } catch (URISyntaxException e) {
            // unparseable, fall through
        }
        return HOME;
    }
}
