package net.quickvote.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Passwordless sign-in: e-mails a one-time code that the voter types into the login form.
 */
@Path("/auth/email-code")
public class EmailCodeResource {

    private static final Duration CODE_TTL = Duration.ofMinutes(10);

    @Inject
    VoterDirectory voters;

    @Inject
    LoginCodeStore codes;

    @Inject
    MailService mail;

    public record CodeRequest(String email) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response sendCode(CodeRequest request) {
        if (request == null || request.email() == null) {
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        voters.findByEmail(request.email().trim()).ifPresent(voter -> {
            String code = String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
            codes.put(voter.id(), code, Instant.now().plus(CODE_TTL), 5);
            mail.send(voter.email(), "Your QuickVote sign-in code",
                    "Your code is " + code + ". It expires in 10 minutes.");
        });
        return Response.accepted().build();
    }
}
