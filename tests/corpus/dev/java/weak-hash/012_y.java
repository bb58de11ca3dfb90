package net.libris.members.account;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

@Path("/account/password")
@RolesAllowed("member")
public class ChangePasswordResource {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ITERATIONS = 600_000;
    private static final int KEY_BITS = 256;

    @Inject
    MemberRepository members;

    public record ChangePassword(String currentPassword, String newPassword) {}

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response change(ChangePassword body, @Context SecurityContext security) throws GeneralSecurityException {
        Member member = members.findByLogin(security.getUserPrincipal().getName());
        if (!matches(member, body.currentPassword())) {
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        if (body.newPassword() == null || body.newPassword().length() < 10) {
            return Response.status(Response.Status.BAD_REQUEST).entity("Password must have at least 10 characters").build();
        }

        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        member.setPasswordSalt(Base64.getEncoder().encodeToString(salt));
        member.setPasswordHash(Base64.getEncoder().encodeToString(pbkdf2(body.newPassword(), salt)));
        return Response.noContent().build();
    }

    private static boolean matches(Member member, String candidate) throws GeneralSecurityException {
        if (candidate == null) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(member.getPasswordSalt());
        byte[] expected = Base64.getDecoder().decode(member.getPasswordHash());
        return MessageDigest.isEqual(pbkdf2(candidate, salt), expected);
    }

    private static byte[] pbkdf2(String password, byte[] salt) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }
}
