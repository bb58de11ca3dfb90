package io.shipyard.gateway.auth;

import java.nio.charset.StandardCharsets;

import javax.crypto.SecretKey;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Resolves the calling tenant from the access token minted by the identity service
 * and exposes it to the controllers as request attributes.
 */
@Component
public class TenantTokenInterceptor implements HandlerInterceptor {

    public static final String TENANT_ATTR = "shipyard.tenant";
    public static final String USER_ATTR = "shipyard.user";

    private final JwtParser parser;

    public TenantTokenInterceptor() {
        SecretKey key = Keys.hmacShaKeyFor(
                System.getenv("SHIPYARD_TOKEN_KEY").getBytes(StandardCharsets.UTF_8));
        // signature, expiry and issuer are all checked by parseSignedClaims
        this.parser = Jwts.parser()
                .verifyWith(key)
                .requireIssuer("https://id.shipyard.io")
                .build();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        String auth = request.getHeader("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return false;
        }

        Claims claims;
        try {
            claims = parser.parseSignedClaims(auth.substring(7).trim()).getPayload();
        } catch (JwtException | IllegalArgumentException e) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return false;
        }

        request.setAttribute(TENANT_ATTR, claims.get("tenant", String.class));
        request.setAttribute(USER_ATTR, claims.getSubject());
        return true;
    }
}
