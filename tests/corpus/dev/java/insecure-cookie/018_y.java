package com.pantry.web.auth;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class LoginController {

    private static final Duration REMEMBER_FOR = Duration.ofDays(30);

    private final AccountService accounts;
    private final DeviceTokenService deviceTokens;

    public LoginController(AccountService accounts, DeviceTokenService deviceTokens) {
        this.accounts = accounts;
        this.deviceTokens = deviceTokens;
    }

    public record LoginRequest(String email, String password, boolean rememberMe) {}

    public record LoginResponse(String displayName) {}

    @PostMapping("/api/login")
    public ResponseEntity<LoginResponse> login(@RequestBody LoginRequest body) {
        var account = accounts.verifyCredentials(body.email(), body.password());
        if (account.isEmpty()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }

        var ok = ResponseEntity.ok();
        if (body.rememberMe()) {
            // opaque random token; the server keeps only its hash
            String token = deviceTokens.issue(account.get().id(), REMEMBER_FOR);
            ResponseCookie cookie = ResponseCookie.from("pantry_remember", token)
                    .httpOnly(true)
                    .secure(true)
                    .sameSite("Lax")
                    .path("/")
                    .maxAge(REMEMBER_FOR)
                    .build();
            ok.header(HttpHeaders.SET_COOKIE, cookie.toString());
        }
        return ok.body(new LoginResponse(account.get().displayName()));
    }
}
