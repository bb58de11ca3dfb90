package org.medline.intranet.people;

import static org.springframework.ldap.query.LdapQueryBuilder.query;

import java.util.List;

import org.springframework.ldap.core.AttributesMapper;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.query.LdapQuery;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ColleagueLookupController {

    private final LdapTemplate ldap;

    public ColleagueLookupController(LdapTemplate ldap) {
        this.ldap = ldap;
    }

    public record Colleague(String name, String mail, String title, String ward) {}

    private static final AttributesMapper<Colleague> TO_COLLEAGUE = attrs -> new Colleague(
            (String) attrs.get("cn").get(),
            (String) attrs.get("mail").get(),
            attrs.get("title") == null ? null : (String) attrs.get("title").get(),
            attrs.get("ou") == null ? null : (String) attrs.get("ou").get());

    @GetMapping("/api/colleagues")
    public List<Colleague> byEmail(@RequestParam String email) {
        LdapQuery q = query()
                .base("ou=staff")
                .where("objectClass").is("person")
                .and("mail").is(email.trim())
                .and("employeeType").not().is("external");
        return ldap.search(q, TO_COLLEAGUE);
    }
}
