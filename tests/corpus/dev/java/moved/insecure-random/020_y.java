package com.learnly.accounts.reset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PasswordResetController {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int TOKEN_LENGTH = 40;
    private static final Duration TOKEN_TTL = Duration.ofMinutes(20);

    private final UserRepository users;
    private final ResetTokenRepository tokens;
    private final Mailer mailer;
    private final Clock clock;
    private final Random random = new Random();

    public PasswordResetController(UserRepository users, ResetTokenRepository tokens, Mailer mailer, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.mailer = mailer;
        this.clock = clock;
    }

    public record ResetRequest(String email) {}

    @PostMapping("/api/password-reset")
    public ResponseEntity<Void> requestReset(@RequestBody ResetRequest body) {
        users.findByEmailIgnoreCase(body.email()).ifPresent(user -> {
            String token = newToken();
            tokens.save(new ResetToken(token, user.getId(), Instant.now(clock).plus(TOKEN_TTL)));
            mailer.sendPasswordReset(user.getEmail(), "https://learnly.app/reset?token=" + token);
        });
        // same answer whether or not the address is registered
        return ResponseEntity.accepted().build();
    }

    private String newToken() {
        StringBuilder sb = new StringBuilder(TOKEN_LENGTH);
        for (int i = 0; i < TOKEN_LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
