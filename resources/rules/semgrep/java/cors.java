package com.example.config;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import javax.servlet.*;
import javax.servlet.http.*;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@RestController
@RequestMapping("/api/profile")
// ruleid: java-cors-wildcard-credentials-annotation
@CrossOrigin(origins = "*", allowCredentials = "true")
class ProfileController {
    @GetMapping
    public String profile() { return "{}"; }
}

@RestController
@RequestMapping("/api/public")
// ok: java-cors-wildcard-credentials-annotation
@CrossOrigin(origins = "*")
class PublicController {
    @GetMapping
    public String info() { return "{}"; }
}

@RestController
@RequestMapping("/api/account")
// ok: java-cors-wildcard-credentials-annotation
@CrossOrigin(origins = "https://app.example.com", allowCredentials = "true")
class AccountController {
    @GetMapping
    public String account() { return "{}"; }
}

@Configuration
class WebConfig implements WebMvcConfigurer {
    @Override
    public void addCorsMappings(CorsRegistry registry) {
        // ruleid: java-cors-wildcard-credentials-config
        registry.addMapping("/api/**").allowedOriginPatterns("*").allowedMethods("GET", "POST").allowCredentials(true);
        // ok: java-cors-wildcard-credentials-config
        registry.addMapping("/partner/**").allowedOrigins("https://partner.example.com").allowCredentials(true);
        // ok: java-cors-wildcard-credentials-config
        registry.addMapping("/public/**").allowedOrigins("*").allowedMethods("GET");
    }

    @Bean
    UrlBasedCorsConfigurationSource corsSource() {
        CorsConfiguration config = new CorsConfiguration();
        config.addAllowedOriginPattern("*");
        config.addAllowedMethod("*");
        // ruleid: java-cors-wildcard-credentials-config
        config.setAllowCredentials(true);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }

    @Bean
    UrlBasedCorsConfigurationSource strictCorsSource() {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(List.of("https://app.example.com"));
        // ok: java-cors-wildcard-credentials-config
        config.setAllowCredentials(true);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }
}

class CorsFilter implements Filter {
    private static final Set<String> ALLOWED_ORIGINS = Set.of("https://app.example.com", "https://admin.example.com");

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String origin = request.getHeader("Origin");
        // ruleid: java-cors-reflected-origin-credentials
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Credentials", "true");
        chain.doFilter(req, res);
    }
}

class PublicCorsFilter implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletResponse response = (HttpServletResponse) res;
        // ok: java-cors-reflected-origin-credentials
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setHeader("Access-Control-Allow-Methods", "GET");
        chain.doFilter(req, res);
    }
}

class StrictCorsFilter implements Filter {
    private static final Set<String> ALLOWED_ORIGINS = Set.of("https://app.example.com");

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String origin = request.getHeader("Origin");
        if (origin != null && ALLOWED_ORIGINS.contains(origin)) {
            // ok: java-cors-reflected-origin-credentials
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Vary", "Origin");
        }
        response.setHeader("Access-Control-Allow-Credentials", "true");
        chain.doFilter(req, res);
    }
}
