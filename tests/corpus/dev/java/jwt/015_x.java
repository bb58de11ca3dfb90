package io.shipyard.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        String auth = request.getHeader("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return false;
        }

        String[] parts = auth.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return false;
        }

        JsonNode claims = mapper.readTree(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        long exp = claims.path("exp").asLong(0);
        if (exp == 0 || Instant.ofEpochSecond(exp).isBefore(Instant.now())) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return false;
        }

        request.setAttribute(TENANT_ATTR, claims.path("tenant").asText());
        request.setAttribute(USER_ATTR, claims.path("sub").asText());
        return true;
    }
}
