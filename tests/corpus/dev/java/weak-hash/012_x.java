package net.libris.members.account;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.apache.commons.codec.digest.DigestUtils;

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

    @Inject
    MemberRepository members;

    public record ChangePassword(String currentPassword, String newPassword) {}

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response change(ChangePassword body, @Context SecurityContext security) {
        Member member = members.findByLogin(security.getUserPrincipal().getName());
        if (!matches(member, body.currentPassword())) {
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        if (body.newPassword() == null || body.newPassword().length() < 10) {
            return Response.status(Response.Status.BAD_REQUEST).entity("Password must have at least 10 characters").build();
        }

        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String saltHex = HexFormat.of().formatHex(salt);
        member.setPasswordSalt(saltHex);
        member.setPasswordHash(DigestUtils.sha1Hex(saltHex + body.newPassword()));
        return Response.noContent().build();
    }

    private static boolean matches(Member member, String candidate) {
        if (candidate == null) {
            return false;
        }
        String computed = DigestUtils.sha1Hex(member.getPasswordSalt() + candidate);
        return java.security.MessageDigest.isEqual(computed.getBytes(), member.getPasswordHash().getBytes());
    }
}
