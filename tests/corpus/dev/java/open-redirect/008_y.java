package com.skyvault.account.web;

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

        String destination = (continueUrl == null || continueUrl.isBlank())
                ? "https://www.skyvault.com/"
                : continueUrl.trim();
        return "redirect:" + destination;
    }
}
