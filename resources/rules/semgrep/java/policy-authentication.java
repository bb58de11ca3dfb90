package com.example.api;

import java.io.IOException;
import java.security.Principal;
import java.util.List;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.*;
import javax.ws.rs.*;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/invoices")
public class InvoiceController {
    private final InvoiceService service;

    public InvoiceController(InvoiceService service) {
        this.service = service;
    }

    // ruleid: java-policy-route-without-authentication
    @GetMapping("/{id}")
    public Invoice get(@PathVariable String id) {
        return service.find(id);
    }

    // ruleid: java-policy-route-without-authentication
    @DeleteMapping(value = "/{id}", produces = "application/json")
    public void delete(@PathVariable String id) {
        service.delete(id);
    }

    // ok: java-policy-route-without-authentication
    @PreAuthorize("hasRole('ADMIN')")
    @PostMapping("/{id}/void")
    public void voidInvoice(@PathVariable String id) {
        service.voidInvoice(id);
    }

    // ok: java-policy-route-without-authentication
    @GetMapping("/mine")
    public List<Invoice> mine(Principal principal) {
        return service.forUser(principal.getName());
    }

    // ok: java-policy-route-without-authentication
    @GetMapping("/me")
    public List<Invoice> me(@AuthenticationPrincipal UserDetails user) {
        return service.forUser(user.getUsername());
    }

    // ok: java-policy-route-without-authentication
    @GetMapping("/session")
    public List<Invoice> session(HttpServletRequest request) {
        Object user = request.getSession().getAttribute("currentUser");
        if (user == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED);
        }
        return service.forUser(user.toString());
    }
}

@RestController
@RequestMapping("/api/admin")
@PreAuthorize("hasRole('ADMIN')")
class AdminController {
    // ok: java-policy-route-without-authentication
    @GetMapping("/stats")
    public String stats() {
        return "{}";
    }
}

@Path("/reports")
class ReportResource {
    // ruleid: java-policy-route-without-authentication
    @Path("/{id}")
    @GET
    public String report(@PathParam("id") String id) {
        return id;
    }

    // ok: java-policy-route-without-authentication
    @Path("/{id}/export")
    @GET
    @RolesAllowed("analyst")
    public String export(@PathParam("id") String id) {
        return id;
    }
}

// ruleid: java-policy-servlet-without-authentication
@WebServlet("/admin/export")
class ExportServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.getWriter().write("export");
    }
}

// ok: java-policy-servlet-without-authentication
@WebServlet("/account/settings")
@ServletSecurity(@HttpConstraint(rolesAllowed = "user"))
class SettingsServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.getWriter().write("settings");
    }
}

// ok: java-policy-servlet-without-authentication
@WebServlet("/account/export")
class AccountExportServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getUserPrincipal() == null) {
            resp.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        resp.getWriter().write("export");
    }
}

@Path("/teams")
@Authenticated
class TeamResource {
    @GET
    // ok: java-policy-route-without-authentication
    public List<String> teams() {
        return List.of();
    }
}

@Path("/fixtures")
class FixtureResource {
    @GET
    @RequiresAuthentication
    // ok: java-policy-route-without-authentication
    public List<String> fixtures() {
        return List.of();
    }

    @DELETE
    // ruleid: java-policy-route-without-authentication
    @Path("/{id}")
    public void remove(@PathParam("id") long id) {
    }
}

@Configuration
class OpenByDefaultSecurity {
    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        // ruleid: java-policy-security-chain-permits-any-request
        http.authorizeHttpRequests(a -> a
                .requestMatchers("/internal/**").denyAll()
                .anyRequest().permitAll());
        return http.build();
    }
}

@Configuration
class ClosedByDefaultSecurity {
    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        // ok: java-policy-security-chain-permits-any-request
        http.authorizeHttpRequests(a -> a
                .requestMatchers("/status").permitAll()
                .anyRequest().denyAll());
        return http.build();
    }

    @Bean
    SecurityFilterChain assets(HttpSecurity http) throws Exception {
        // ok: java-policy-security-chain-permits-any-request
        http.securityMatcher("/assets/**")
            .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }
}

// todook: java-policy-route-without-authentication
// A Spring controller whose routes are protected by a SecurityFilterChain in another file
// (anyRequest().authenticated()) is still reported: the rule reads one file at a time.
