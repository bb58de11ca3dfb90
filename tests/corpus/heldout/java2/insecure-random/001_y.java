package io.fieldops.accounts;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

@Controller("/api/account/recovery")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountRecoveryController {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int CODE_LENGTH = 10;
    private static final Duration CODE_TTL = Duration.ofMinutes(20);

    private final SecureRandom codeSource = new SecureRandom();

    @Inject UserDirectory users;
    @Inject RecoveryCodeStore codes;
    @Inject MailGateway mail;
    @Inject Clock clock;

    public record RecoveryRequest(String email) {}

    @Post("/start")
    public HttpResponse<?> start(@Body RecoveryRequest request) {
        Optional<UserAccount> account = users.findByEmail(request.email());
        // same answer either way so the endpoint does not reveal which emails exist
        account.ifPresent(user -> {
            String code = nextRecoveryCode();
            codes.put(user.id(), code, Instant.now(clock).plus(CODE_TTL));
            mail.send(user.email(), "Your recovery code",
                    "Enter this code to reset your password: " + code);
        });
        return HttpResponse.accepted();
    }

    private String nextRecoveryCode() {
        StringBuilder sb = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            sb.append(ALPHABET.charAt(codeSource.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
