package com.example.security;

import javax.crypto.Mac;
import java.security.MessageDigest;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.security.Key;
import org.springframework.web.bind.annotation.*;

@RestController
public class TokenController {
    private final Key signingKey;
    private final Algorithm algorithm;

    public TokenController(Key signingKey, Algorithm algorithm) {
        this.signingKey = signingKey;
        this.algorithm = algorithm;
    }

    @GetMapping("/me")
    public String me(@RequestHeader("Authorization") String auth) {
        String token = auth.substring(7);
        // ruleid: java-jwt-unverified-jjwt
        Claims claims = Jwts.parser().parseClaimsJwt(token).getBody();
        return claims.getSubject();
    }

    @GetMapping("/me-nokey")
    public String meNoKey(@RequestHeader("Authorization") String auth) {
        // ruleid: java-jwt-unverified-jjwt
        Claims claims = (Claims) Jwts.parser().parse(auth.substring(7)).getBody();
        return claims.getSubject();
    }

    @GetMapping("/me-verified")
    public String meVerified(@RequestHeader("Authorization") String auth) {
        // ok: java-jwt-unverified-jjwt
        Claims claims = Jwts.parserBuilder()
                .setSigningKey(signingKey)
                .build()
                .parseClaimsJws(auth.substring(7))
                .getBody();
        return claims.getSubject();
    }

    @GetMapping("/me-012")
    public String me012(@RequestHeader("Authorization") String auth) {
        // ok: java-jwt-unverified-jjwt
        return Jwts.parser().verifyWith((javax.crypto.SecretKey) signingKey).build().parseSignedClaims(auth.substring(7)).getPayload().getSubject();
    }

    @GetMapping("/role")
    public String role(@RequestHeader("Authorization") String auth) {
        // ruleid: java-jwt-decode-without-verify
        DecodedJWT jwt = JWT.decode(auth.substring(7));
        return jwt.getClaim("role").asString();
    }

    @GetMapping("/role-verified")
    public String roleVerified(@RequestHeader("Authorization") String auth) {
        // ok: java-jwt-decode-without-verify
        DecodedJWT jwt = JWT.require(algorithm).withIssuer("https://auth.example.com").build().verify(auth.substring(7));
        return jwt.getClaim("role").asString();
    }

    @GetMapping("/role-kid")
    public String roleKid(@RequestHeader("Authorization") String auth) {
        String token = auth.substring(7);
        // ok: java-jwt-decode-without-verify
        String kid = JWT.decode(token).getKeyId();
        DecodedJWT jwt = JWT.require(keyFor(kid)).build().verify(token);
        return jwt.getClaim("role").asString();
    }

    public String issueTestToken(String user) {
        // ruleid: java-jwt-none-algorithm
        return JWT.create().withSubject(user).sign(Algorithm.none());
    }

    public String issueRs256(String user, java.security.interfaces.RSAPublicKey pub, java.security.interfaces.RSAPrivateKey priv) {
        // ok: java-jwt-none-algorithm
        return JWT.create().withSubject(user).sign(Algorithm.RSA256(pub, priv));
    }

    public String issueToken(String user) {
        // ok: java-jwt-none-algorithm
        return JWT.create().withSubject(user).sign(algorithm);
    }

    public String subjectFromBearer(String header) throws Exception {
        String[] segments = header.replace("Bearer ", "").split("\\.");
        // ruleid: java-jwt-manual-payload-decode
        String json = new String(java.util.Base64.getDecoder().decode(segments[1]), "UTF-8");
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("sub").asText();
    }

    public String subjectFromBearerChecked(String header, byte[] key) throws Exception {
        String[] segments = header.replace("Bearer ", "").split("\\.");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((segments[0] + "." + segments[1]).getBytes("UTF-8"));
        if (!MessageDigest.isEqual(expected, java.util.Base64.getUrlDecoder().decode(segments[2]))) {
            throw new SecurityException("bad signature");
        }
        // ok: java-jwt-manual-payload-decode
        String json = new String(java.util.Base64.getUrlDecoder().decode(segments[1]), "UTF-8");
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("sub").asText();
    }
}
