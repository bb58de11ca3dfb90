package com.example.session;

import java.time.Duration;
import javax.servlet.http.*;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/auth")
public class SessionController {
    private final SessionService sessions;

    public SessionController(SessionService sessions) {
        this.sessions = sessions;
    }

    @PostMapping("/login")
    public void login(@RequestBody LoginRequest body, HttpServletResponse response) {
        String sid = sessions.create(body.getUsername(), body.getPassword());
        Cookie cookie = new Cookie("SESSION_ID", sid);
        cookie.setPath("/");
        // ruleid: java-insecure-cookie-missing-secure, java-insecure-cookie-missing-httponly
        response.addCookie(cookie);
    }

    @PostMapping("/login-safe")
    public void loginSafe(@RequestBody LoginRequest body, HttpServletResponse response) {
        String sid = sessions.create(body.getUsername(), body.getPassword());
        Cookie cookie = new Cookie("SESSION_ID", sid);
        cookie.setPath("/");
        cookie.setSecure(true);
        cookie.setHttpOnly(true);
        // ok: java-insecure-cookie-missing-secure
        // ok: java-insecure-cookie-missing-httponly
        response.addCookie(cookie);
    }

    @PostMapping("/theme")
    public void theme(@RequestParam String theme, HttpServletResponse response) {
        Cookie cookie = new Cookie("ui_theme", theme);
        cookie.setSecure(true);
        cookie.setMaxAge(31536000);
        // ok: java-insecure-cookie-missing-httponly
        response.addCookie(cookie);
    }

    @PostMapping("/token")
    public ResponseEntity<Void> token(@RequestBody LoginRequest body) {
        String jwt = sessions.issueJwt(body.getUsername(), body.getPassword());
        // ruleid: java-insecure-cookie-missing-secure, java-insecure-cookie-missing-httponly
        ResponseCookie cookie = ResponseCookie.from("access_token", jwt).path("/").maxAge(Duration.ofHours(1)).build();
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
    }

    @PostMapping("/token-safe")
    public ResponseEntity<Void> tokenSafe(@RequestBody LoginRequest body) {
        String jwt = sessions.issueJwt(body.getUsername(), body.getPassword());
        // ok: java-insecure-cookie-missing-secure
        // ok: java-insecure-cookie-missing-httponly
        // ok: java-insecure-cookie-samesite-none
        ResponseCookie cookie = ResponseCookie.from("access_token", jwt).httpOnly(true).secure(true).sameSite("Strict").path("/").build();
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
    }

    @PostMapping("/embed")
    public ResponseEntity<Void> embed(@RequestBody LoginRequest body) {
        String jwt = sessions.issueJwt(body.getUsername(), body.getPassword());
        // ruleid: java-insecure-cookie-samesite-none
        ResponseCookie cookie = ResponseCookie.from("widget_session", jwt).httpOnly(true).secure(true).sameSite("None").build();
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
    }

    @PostMapping("/prefs")
    public ResponseEntity<Void> prefs(@RequestParam String lang) {
        // ok: java-insecure-cookie-samesite-none
        ResponseCookie cookie = ResponseCookie.from("lang", lang).secure(true).sameSite("Lax").build();
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
    }

    @PostMapping("/logout")
    public void logout(HttpServletResponse response) {
        Cookie cookie = new Cookie("SESSION_ID", "");
        cookie.setMaxAge(0);
        cookie.setPath("/");
        // ok: java-insecure-cookie-missing-secure
        // ok: java-insecure-cookie-missing-httponly
        response.addCookie(cookie);
    }

    @PostMapping("/remember")
    public void remember(@RequestParam String user, HttpServletResponse response) {
        // ruleid: java-insecure-cookie-missing-secure
        response.addHeader("Set-Cookie", "remember_me=" + sessions.rememberToken(user) + "; Path=/; HttpOnly");
        // ok: java-insecure-cookie-missing-secure
        response.addHeader("Set-Cookie", "remember_me=" + sessions.rememberToken(user) + "; Path=/; Secure; HttpOnly; SameSite=Lax");
    }
}
